"""Writes of the fraud screening: screen an attempt, link it to its payment, add Stripe's outcome, record reviews.

``payment_attempt_screen`` is called by ``payments.services.payment_card_start`` before any PaymentIntent exists.
Its decision changes how the intent is made (3-D Secure requested, manual capture) or stops the attempt before
Stripe is called (block). Either way the assessment row is kept with the score and every reason.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from fraud import defaults
from fraud.client import ClientContext, client_context
from fraud.models import Decision, ReviewDecision, RiskAssessment, RiskSettings, RiskSignalWeight
from fraud.scoring import CardFacts, decision_for_score, risk_config_get, signals_compute, stripe_outcome_signals
from payments import gateway
from payments.models import Order, Payment, PaymentState
from payments.services import payment_cancel_held, payment_capture

logger = logging.getLogger(__name__)


class PaymentBlocked(ApplicationError):
    """The screening refused the attempt. The message never says why (that would teach a fraudster the rules)."""


def block_message(*, order_number: str = "") -> str:
    if order_number:
        return _(
            "We couldn't accept this payment. You have not been charged. Please contact our support team and "
            "mention order %(number)s; we will help you complete your order."
        ) % {"number": order_number}
    return _(
        "We couldn't accept this payment. You have not been charged. Please contact our support team with your "
        "order number and we will help you complete your order."
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
    looked up from Stripe by ``payment_method_token`` when not given.
    """
    client = client or client_context(request)
    card = card if card is not None else _card_facts(payment_method_token)
    config = risk_config_get()
    screening = signals_compute(order=order, client=client, card=card, config=config)
    decision = decision_for_score(score=screening.score, config=config)
    assessment = RiskAssessment.objects.create(
        order=order,
        order_number=order.number,
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


# --- Review ---------------------------------------------------------------------------------------------------


def _held_assessment(assessment: RiskAssessment) -> Payment:
    payment = assessment.payment
    if payment is None or assessment.decision != Decision.REVIEW:
        raise ApplicationError(_("This attempt was not held for review."))
    if ReviewDecision.objects.filter(assessment=assessment).exists():
        raise ApplicationError(_("This payment has already been reviewed."))
    payment.refresh_from_db()
    if payment.state != PaymentState.REQUIRES_CAPTURE:
        raise ApplicationError(_("This payment is no longer waiting for a review (it is %(state)s).") % {
            "state": payment.get_state_display()
        })
    return payment


def _review_record(
    *, assessment: RiskAssessment, merchant: AbstractBaseUser | None, decision: str, was_fraud: bool | None, note: str
) -> ReviewDecision:
    review = ReviewDecision(
        assessment=assessment, merchant=merchant, decision=decision, was_fraud=was_fraud, note=note.strip()[:500]
    )
    review.full_clean()
    review.save()
    return review


def review_capture(
    *, assessment: RiskAssessment, merchant: AbstractBaseUser | None, was_fraud: bool | None = None, note: str = ""
) -> ReviewDecision:
    """Accept a held payment: capture it at Stripe (the order becomes paid) and record the decision."""
    with transaction.atomic():
        # The assessment row lock makes two merchants clicking at once review it once.
        assessment = RiskAssessment.objects.select_for_update().get(pk=assessment.pk)
        payment = _held_assessment(assessment)
        payment = payment_capture(payment=payment, actor=merchant)
        if payment.state != PaymentState.SUCCEEDED:
            raise ApplicationError(
                _("Stripe did not capture the payment (it is %(state)s).") % {"state": payment.get_state_display()}
            )
        return _review_record(
            assessment=assessment, merchant=merchant, decision=ReviewDecision.Outcome.CAPTURED, was_fraud=was_fraud,
            note=note,
        )


def review_cancel(
    *, assessment: RiskAssessment, merchant: AbstractBaseUser | None, was_fraud: bool | None = None, note: str = ""
) -> ReviewDecision:
    """Refuse a held payment: cancel the authorisation (nothing is charged, stock released) and record it."""
    with transaction.atomic():
        assessment = RiskAssessment.objects.select_for_update().get(pk=assessment.pk)
        payment = _held_assessment(assessment)
        payment_cancel_held(payment=payment, actor=merchant)
        return _review_record(
            assessment=assessment, merchant=merchant, decision=ReviewDecision.Outcome.CANCELLED, was_fraud=was_fraud,
            note=note,
        )


def review_judge(*, review: ReviewDecision, was_fraud: bool | None, note: str | None = None) -> ReviewDecision:
    """Record later knowledge (a chargeback arrived, the shopper confirmed): feeds the false-positive rate."""
    review.was_fraud = was_fraud
    if note is not None:
        review.note = note.strip()[:500]
    review.save(update_fields=["was_fraud", "note"])
    return review


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
