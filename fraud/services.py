"""Writes of the fraud screening: screen an attempt, link it to its payment, add Stripe's outcome, record reviews.

``payment_attempt_screen`` screens every payment method:

* cards, per attempt, in ``checkout.services.payment_card_start`` before any PaymentIntent exists: the decision
  changes how the intent is made (3-D Secure requested, manual capture) or stops the attempt before Stripe is
  called (block; the order is cancelled and its stock released);
* SEPA Direct Debit, bank transfer and cash on delivery, once, in ``checkout.services.order_place`` before the
  order exists: a block places nothing and takes no stock. "Require 3-D Secure" means nothing there (allowed);
  "hold" means the order waits for the merchant's review before it is confirmed (bank transfer, cash on
  delivery) or before it is shipped (a direct debit, which cannot be held at the bank).

Either way the assessment row is kept with the score and every reason.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from fraud import defaults
from fraud.client import ClientContext, client_context
from fraud.models import Decision, RiskAssessment, RiskSettings, RiskSignalWeight
from fraud.scoring import CardFacts, decision_for_score, risk_config_get, signals_compute, stripe_outcome_signals
from orders.models import Order, PaymentMethod
from payments import gateway
from payments.models import Payment

logger = logging.getLogger(__name__)


class PaymentBlocked(ApplicationError):
    """The screening refused the attempt. The message never says why (that would teach a fraudster the rules)."""


def block_message(*, method: str, order_number: str = "") -> str:
    """What a blocked shopper reads: what they can do next, never why (no signal, score or rule)."""
    if method == PaymentMethod.CARD:
        if order_number:
            return _(
                "We couldn't accept this payment. You have not been charged. You can try another card, choose "
                "another payment method such as bank transfer, or contact our support team (mention order "
                "%(number)s)."
            ) % {"number": order_number}
        return _(
            "We couldn't accept this payment. You have not been charged. You can try another card, choose another "
            "payment method such as bank transfer, or contact our support team."
        )
    return _(
        "We couldn't accept this order with this payment method. Nothing was charged and no order was placed. You "
        "can choose another payment method, such as a card, or contact our support team."
    )


@dataclass(frozen=True)
class RiskDecision:
    decision: str
    score: int
    assessment: RiskAssessment

    @property
    def blocked(self) -> bool:
        return self.decision == Decision.BLOCK

    @property
    def request_three_d_secure(self) -> bool:
        return self.decision == Decision.REQUIRE_3DS

    @property
    def manual_capture(self) -> bool:
        return self.decision == Decision.REVIEW


# What Stripe.js hands the browser: a payment method, card, token or source id. Anything else (a raw card number
# posted by a broken or malicious client) is neither looked up nor stored (PCI: the number must never be kept).
STRIPE_CARD_ID = re.compile(r"^(pm|card|tok|src)_[A-Za-z0-9]{6,250}$")


def _card_facts(payment_method_token: str | None) -> CardFacts:
    """Stripe's fingerprint for the card (the same card gives a new token each time), else the token itself."""
    if not payment_method_token or not STRIPE_CARD_ID.match(payment_method_token):
        return CardFacts()

    try:
        facts = gateway.card_facts(payment_method_id=payment_method_token)
    except (gateway.GatewayError, gateway.PaymentDeclined):
        logger.info("Card facts unavailable; screening on the token")
        return CardFacts(key=payment_method_token)
    if facts.fingerprint:
        return CardFacts(key=f"fp:{facts.fingerprint}", is_fingerprint=True, country=facts.country)
    return CardFacts(key=payment_method_token, country=facts.country)


def payment_attempt_screen(
    *,
    order: Order,
    request: HttpRequest | None = None,
    client: ClientContext | None = None,
    payment_method_token: str | None = None,
    card: CardFacts | None = None,
) -> RiskDecision:
    """Score one payment attempt on ``order`` and store the assessment (kept whatever the decision).

    ``client`` (IP behind the trusted proxies, device cookie) comes from ``request`` when not given. ``card`` is
    looked up from Stripe by ``payment_method_token`` when not given. ``order`` may be not yet saved (a method
    screened before the order is placed): the assessment is then tied to it by ``assessment_link_order``.
    The decision is for ``order.payment_method``: asking for 3-D Secure only means something for a card.
    """
    client = client or client_context(request)
    card = card if card is not None else _card_facts(payment_method_token)
    config = risk_config_get()
    screening = signals_compute(order=order, client=client, card=card, config=config)
    decision = decision_for_score(score=screening.score, config=config)
    if decision == Decision.REQUIRE_3DS and order.payment_method != PaymentMethod.CARD:
        decision = Decision.ALLOW
    saved = order.pk is not None
    assessment = RiskAssessment.objects.create(
        order=order if saved else None,
        order_number=order.number if saved else "",
        method=order.payment_method,
        user=order.user,
        email=order.email.strip().lower(),
        client_ip=client.ip,
        ip_country=screening.ip_country,
        device_id=client.device_id,
        card_key=card.key[:255],
        card_country=card.country[:2].upper(),
        shipping_country=order.country,
        amount=order.total_amount,
        currency=order.currency,
        score=screening.score,
        decision=decision,
        signals=[signal.as_dict() for signal in screening.signals],
    )
    if decision in (Decision.REVIEW, Decision.BLOCK):
        logger.info("Order %s screened: %s (score %s)", order.number, decision, screening.score)
    return RiskDecision(decision=decision, score=screening.score, assessment=assessment)


def assessment_link_payment(*, assessment: RiskAssessment, payment: Payment) -> None:
    """Tie the assessment to the Payment it allowed: later velocity counts read the payment's failures."""
    RiskAssessment.objects.filter(pk=assessment.pk).update(payment=payment)
    assessment.payment = payment


def assessment_link_order(*, assessment: RiskAssessment, order: Order, payment: Payment | None) -> None:
    """Tie an assessment made before its order existed to the order (and its payment, for an offline method)."""
    RiskAssessment.objects.filter(pk=assessment.pk).update(order=order, order_number=order.number, payment=payment)
    assessment.order, assessment.order_number, assessment.payment = order, order.number, payment


def assessment_record_stripe_outcome(*, payment: Payment, risk_level: str) -> RiskAssessment | None:
    """Add Stripe's own risk evaluation, when the API gives one (localstripe never does: nothing happens).

    A payment that went through but now scores at or above the review threshold is flagged on the order, so the
    merchant looks before shipping (``order_ship`` refuses flagged orders).
    """
    if not risk_level:
        return None
    with transaction.atomic():
        assessment = RiskAssessment.objects.select_for_update().filter(payment=payment).first()
        if assessment is None or assessment.stripe_risk_level:
            return assessment
        config = risk_config_get()
        extra = stripe_outcome_signals(risk_level=risk_level, config=config)
        assessment.stripe_risk_level = risk_level[:20]
        assessment.signals = [*assessment.signals, *(signal.as_dict() for signal in extra)]
        assessment.score += sum(signal.weight for signal in extra)
        assessment.save(update_fields=["stripe_risk_level", "signals", "score"])
        if extra and assessment.score >= config.settings.review_at and assessment.order_id:
            order = Order.objects.select_for_update().get(pk=assessment.order_id)
            reason = _(
                "Stripe rated the payment's risk as %(level)s (risk score now %(score)s): check before shipping."
            ) % {"level": risk_level, "score": assessment.score}
            text = f"{order.flagged_reason}\n{reason}".strip() if order.flagged_reason else reason
            Order.objects.filter(pk=order.pk).update(flagged_reason=text[:2000], updated_at=timezone.now())
    return assessment


# --- Defaults -------------------------------------------------------------------------------------------------


@transaction.atomic
def fraud_defaults_ensure() -> None:
    """Create the settings row and one weight row per known signal. Existing rows (merchant's tuning) are kept."""
    RiskSettings.objects.get_or_create(pk=1)
    existing = set(RiskSignalWeight.objects.values_list("key", flat=True))
    RiskSignalWeight.objects.bulk_create(
        RiskSignalWeight(
            key=default.key, weight=default.weight, threshold=default.threshold, description=str(default.description)
        )
        for default in defaults.SIGNAL_DEFAULTS
        if default.key not in existing
    )
