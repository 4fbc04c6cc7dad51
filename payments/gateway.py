"""Everything that talks to Stripe. The ONLY module that imports ``stripe``.

Returns our own dataclasses and raises our own errors:

* ``PaymentDeclined``: the bank or card said no; the message is safe to show the shopper.
* ``GatewayUnavailable``: network trouble or a Stripe 5xx; the shopper was not charged, try again later.
* ``GatewayError``: anything else (a bug, a bad request); logged, the shopper gets a generic message.

A client is built per call from settings, so tests can point it at their own localstripe. Every POST carries an
idempotency key derived from the payment attempt (localstripe ignores them; Stripe honours them).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field

import stripe
from django.conf import settings
from django.utils.translation import gettext as _

from core.money import Money

logger = logging.getLogger(__name__)
# The SDK logs every request at INFO; keep the demo console readable (errors still show).
logging.getLogger("stripe").setLevel(logging.WARNING)

MAX_NETWORK_RETRIES = 2


class GatewayError(Exception):
    """Unexpected gateway failure: logged; the shopper sees a generic message."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.shopper_message = _("Something went wrong with the payment. You were not charged; please try again.")


class GatewayUnavailable(GatewayError):
    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.shopper_message = _(
            "The payment service is unavailable right now. You were not charged; please try again in a few minutes."
        )


class PreviousAttemptUnknown(GatewayUnavailable):
    """A retry while Stripe cannot tell us what became of the previous attempt: refused, so never a second charge."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.shopper_message = _(
            "The payment service is unavailable right now, so we cannot check your earlier payment attempt. You "
            "have not been charged again; please try again in a few minutes."
        )


class ConfirmUnanswered(GatewayUnavailable):
    """The confirm was sent but no answer came back: Stripe may or may not have charged the card. Never claim
    "you were not charged" here; the next attempt (or reconciliation) finds out from Stripe first."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.shopper_message = _(
            "The payment service is unavailable right now and did not tell us whether your card was charged. If it "
            "was, your order will show as paid within a few minutes; paying again will not charge you twice."
        )


class PaymentDeclined(Exception):
    def __init__(self, *, code: str, shopper_message: str) -> None:
        super().__init__(code)
        self.code = code
        self.shopper_message = shopper_message


class WebhookSignatureInvalid(Exception):
    pass


class WebhookEventMalformed(Exception):
    """Correctly signed, but not the shape of a Stripe event (or ids longer than we store): refused with 400."""


# The columns of ``WebhookEvent``: an event whose id or type would not fit is not a Stripe event.
WEBHOOK_EVENT_ID_MAX = 255
WEBHOOK_EVENT_TYPE_MAX = 100


# Decline codes -> what we tell the shopper. Never echo the bank's raw text: it can reveal fraud rules.
def decline_message(code: str | None) -> str:
    messages = {
        "insufficient_funds": _("Your card has insufficient funds. Try another card or payment method."),
        "expired_card": _("Your card has expired. Check the expiry date or use another card."),
        "incorrect_cvc": _("The security code (CVC) is incorrect. Check it and try again."),
        "incorrect_number": _("The card number is incorrect. Check it and try again."),
        "processing_error": _("Your bank could not process the payment. Please try again."),
        "payment_intent_authentication_failure": _(
            "Your bank could not confirm it was you, so the payment was not made. You can try again or use another "
            "card."
        ),
        # Bank methods (redirect, BLIK): nothing was taken.
        "bank_payment_failed": _(
            "The payment was not completed at your bank, so nothing was taken. You can try again or choose another "
            "payment method."
        ),
        "code_invalid": _("The BLIK code was not accepted. Get a new code in your bank app and try again."),
        "customer_declined": _("The payment was refused in your bank app. Nothing was taken."),
        "code_expired": _(
            "The payment was not approved in your bank app in time, so nothing was taken. Get a new BLIK code and "
            "try again."
        ),
        "blik_timeout": _(
            "The payment was not approved in your bank app in time, so nothing was taken. Get a new BLIK code and "
            "try again."
        ),
    }
    return messages.get(
        code or "",
        _("Your card was declined by your bank. You were not charged. Try another card or payment method."),
    )


@dataclass(frozen=True)
class IntentResult:
    id: str
    status: str
    client_secret: str
    amount: int
    currency: str
    metadata: dict = field(default_factory=dict)
    last_error_code: str = ""
    last_error_message: str = ""
    risk_level: str = ""  # Stripe Radar's charge.outcome.risk_level when the API gives it (localstripe never does)
    # ``next_action``: its type ("redirect_to_url", "blik_authorize", "use_stripe_sdk") and, for a redirect, the
    # bank's (or PayPal's) page the browser must follow.
    next_action_type: str = ""
    redirect_url: str = ""

    @property
    def money(self) -> Money:
        return Money(int(self.amount), self.currency.upper())


@dataclass(frozen=True)
class CardInfo:
    """What the fraud screening may know about a card: Stripe's fingerprint (the same for every token of one card
    number) and a country. Never the number."""

    fingerprint: str
    country: str
    brand: str = ""


@dataclass(frozen=True)
class RefundResult:
    id: str
    amount: int
    status: str


@dataclass(frozen=True)
class WebhookEventData:
    id: str
    type: str
    object_id: str
    object_type: str
    payload: str


def _client() -> stripe.StripeClient:
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses={"api": settings.STRIPE_API_BASE},
        max_network_retries=MAX_NETWORK_RETRIES,
    )


def _intent(obj) -> IntentResult:
    error = getattr(obj, "last_payment_error", None)
    metadata = obj.metadata.to_dict() if getattr(obj, "metadata", None) is not None else {}
    charge = getattr(obj, "latest_charge", None)
    outcome = getattr(charge, "outcome", None) if charge is not None and not isinstance(charge, str) else None
    next_action = getattr(obj, "next_action", None)
    next_type, redirect_url = "", ""
    if next_action is not None:
        next_type = str(getattr(next_action, "type", "") or "")
        redirect = getattr(next_action, "redirect_to_url", None) if next_type == "redirect_to_url" else None
        redirect_url = str(getattr(redirect, "url", "") or "") if redirect is not None else ""
    return IntentResult(
        id=obj.id,
        status=obj.status,
        client_secret=obj.client_secret or "",
        amount=int(obj.amount),  # localstripe may store an updated amount as a string
        currency=str(obj.currency),
        metadata={str(k): str(v) for k, v in metadata.items()},
        last_error_code=(getattr(error, "code", None) or "") if error else "",
        last_error_message=(getattr(error, "message", None) or "")[:300] if error else "",
        risk_level=str(getattr(outcome, "risk_level", "") or "") if outcome is not None else "",
        next_action_type=next_type,
        redirect_url=redirect_url,
    )


def _translate(exc: Exception, action: str) -> Exception:
    if isinstance(exc, stripe.CardError):
        code = exc.code or "card_declined"
        return PaymentDeclined(code=code, shopper_message=decline_message(code))
    if isinstance(exc, stripe.APIConnectionError | stripe.RateLimitError):
        logger.warning("Stripe unavailable during %s: %s", action, type(exc).__name__)
        return GatewayUnavailable(str(exc))
    if isinstance(exc, stripe.StripeError) and (exc.http_status or 0) >= 500:
        logger.warning("Stripe %s answered %s during %s", settings.STRIPE_API_BASE, exc.http_status, action)
        return GatewayUnavailable(str(exc))
    logger.error("Stripe error during %s: %s", action, type(exc).__name__)
    return GatewayError(str(exc))


def intent_create(
    *,
    amount: Money,
    order_id: int,
    order_number: str,
    payment_id: int,
    method_type: str,
    idempotency_key: str,
    manual_capture: bool = False,
    request_three_d_secure: bool = False,
) -> IntentResult:
    params = {
        "amount": amount.amount,
        "currency": amount.currency.lower(),
        "payment_method_types": [method_type],
        "metadata": {"order_id": str(order_id), "order_number": order_number, "payment_id": str(payment_id)},
    }
    if manual_capture:
        params["capture_method"] = "manual"  # held for review: authorised now, captured or cancelled by the shop
    if request_three_d_secure:
        params["payment_method_options"] = {"card": {"request_three_d_secure": "any"}}
    try:
        obj = _client().v1.payment_intents.create(params=params, options={"idempotency_key": idempotency_key})
    except stripe.StripeError as exc:
        raise _translate(exc, "create") from None
    return _intent(obj)


def intent_confirm(*, intent_id: str, payment_method_id: str, idempotency_key: str) -> IntentResult:
    """Set the payment method, then confirm with no parameters (works on Stripe and localstripe).

    A decline raises ``PaymentDeclined``; the caller re-reads the intent by the id it stored.
    """
    client = _client()
    try:
        client.v1.payment_intents.update(
            intent_id,
            params={"payment_method": payment_method_id},
            options={"idempotency_key": idempotency_key + "-pm"},
        )
        obj = client.v1.payment_intents.confirm(intent_id, options={"idempotency_key": idempotency_key + "-confirm"})
    except stripe.StripeError as exc:
        raise _translate(exc, "confirm") from None
    return _intent(obj)


def intent_confirm_bank(
    *,
    intent_id: str,
    method_type: str,
    billing_name: str,
    billing_email: str,
    return_url: str,
    blik_code: str = "",
    idempotency_key: str,
) -> IntentResult:
    """Confirm a bank method the way Stripe documents it for a server-side integration: the payment method is
    created inline (``payment_method_data``), redirect methods get a ``return_url`` (the answer's
    ``next_action.redirect_to_url.url`` is where the browser goes), BLIK gets the shopper's 6-digit code
    (``payment_method_options[blik][code]``; the answer waits in ``requires_action`` for the bank app).

    An invalid or refused code raises ``PaymentDeclined``; the caller re-reads the intent by the id it stored.
    """
    params: dict = {
        "payment_method_data": {
            "type": method_type,
            "billing_details": {"name": billing_name, "email": billing_email},
        }
    }
    if method_type == "blik":
        params["payment_method_options"] = {"blik": {"code": blik_code}}
    else:
        params["return_url"] = return_url
    try:
        obj = _client().v1.payment_intents.confirm(
            intent_id, params=params, options={"idempotency_key": idempotency_key + "-confirm"}
        )
    except stripe.CardError as exc:
        code = exc.code or "payment_failed"
        raise PaymentDeclined(code=code, shopper_message=decline_message(code)) from None
    except stripe.StripeError as exc:
        raise _translate(exc, "confirm bank method") from None
    return _intent(obj)


def intent_retrieve(*, intent_id: str) -> IntentResult:
    try:
        # Expanded so Stripe's risk evaluation (latest_charge.outcome) comes with the re-read (the fraud screening
        # records it); by default Stripe returns only the charge id. localstripe accepts and embeds it anyway.
        obj = _client().v1.payment_intents.retrieve(intent_id, params={"expand": ["latest_charge"]})
    except stripe.StripeError as exc:
        raise _translate(exc, "retrieve") from None
    return _intent(obj)


def intent_capture(*, intent_id: str, idempotency_key: str) -> IntentResult:
    try:
        obj = _client().v1.payment_intents.capture(intent_id, options={"idempotency_key": idempotency_key})
    except stripe.StripeError as exc:
        raise _translate(exc, "capture") from None
    return _intent(obj)


def intent_cancel(*, intent_id: str, idempotency_key: str) -> IntentResult:
    try:
        obj = _client().v1.payment_intents.cancel(intent_id, options={"idempotency_key": idempotency_key})
    except stripe.StripeError as exc:
        raise _translate(exc, "cancel") from None
    return _intent(obj)


def card_facts(*, payment_method_id: str) -> CardInfo:
    """Read a card's fingerprint and country from Stripe (for the fraud screening).

    Stripe answers with a PaymentMethod (``card.country`` is the issuing country); localstripe answers a
    ``card_...`` id with a legacy Card whose issuing country is always US, so its billing country stands in.
    """
    try:
        data = _client().v1.payment_methods.retrieve(payment_method_id).to_dict()
    except stripe.StripeError as exc:
        raise _translate(exc, "card facts") from None
    if data.get("object") == "payment_method":
        card = data.get("card") or {}
        return CardInfo(
            fingerprint=str(card.get("fingerprint") or ""),
            country=str(card.get("country") or ""),
            brand=str(card.get("brand") or ""),
        )
    return CardInfo(
        fingerprint=str(data.get("fingerprint") or ""),
        country=str(data.get("address_country") or data.get("country") or ""),
        brand=str(data.get("brand") or ""),
    )


@dataclass(frozen=True)
class PaidWith:
    """How an intent was paid, for the refund's "to Visa ending 4242": the card's brand and last four digits, or
    the SEPA account's last four. Empty strings when Stripe does not say."""

    brand: str = ""
    last4: str = ""


def intent_paid_with(*, intent_id: str) -> PaidWith:
    try:
        data = _client().v1.payment_intents.retrieve(intent_id, params={"expand": ["latest_charge"]}).to_dict()
        charge = data.get("latest_charge")
        if not isinstance(charge, dict):
            charges = (data.get("charges") or {}).get("data") or [{}]
            charge = charges[-1]
        details = charge.get("payment_method_details") or {}
        found = details.get("card") or details.get("sepa_debit") or {}
        if not found.get("last4") and isinstance(data.get("payment_method"), str):
            method = _client().v1.payment_methods.retrieve(data["payment_method"]).to_dict()
            found = method.get("card") or method.get("sepa_debit") or method
    except stripe.StripeError as exc:
        raise _translate(exc, "paid with") from None
    return PaidWith(brand=str(found.get("brand") or ""), last4=str(found.get("last4") or ""))


def sepa_payment_method_create(*, iban: str, name: str, email: str, idempotency_key: str) -> str:
    try:
        obj = _client().v1.payment_methods.create(
            params={
                "type": "sepa_debit",
                "sepa_debit": {"iban": iban},
                "billing_details": {"name": name, "email": email},
            },
            options={"idempotency_key": idempotency_key},
        )
    except stripe.InvalidRequestError as exc:
        logger.info("SEPA payment method refused: %s", exc.code)
        raise PaymentDeclined(
            code=exc.code or "invalid_iban", shopper_message=_("Stripe did not accept this IBAN. Please check it.")
        ) from None
    except stripe.StripeError as exc:
        raise _translate(exc, "sepa") from None
    return obj.id


def refund_create(*, intent_id: str, amount: Money, idempotency_key: str) -> RefundResult:
    try:
        obj = _client().v1.refunds.create(
            params={"payment_intent": intent_id, "amount": amount.amount},
            options={"idempotency_key": idempotency_key},
        )
    except stripe.StripeError as exc:
        raise _translate(exc, "refund") from None
    return RefundResult(id=obj.id, amount=int(obj.amount), status=str(obj.status))


def webhook_event_construct(*, payload: bytes, signature: str | None) -> WebhookEventData:
    """Verify the signature over the raw bytes with the configured secret and the SDK's default tolerance."""
    if not signature:
        raise WebhookSignatureInvalid("missing signature")
    try:
        # Only the signature here (the SDK's default tolerance): the body is parsed and checked below, so an
        # oddly shaped but signed body cannot crash the SDK's object conversion.
        stripe.WebhookSignature.verify_header(
            payload.decode("utf-8") if isinstance(payload, bytes) else payload,
            signature,
            settings.STRIPE_WEBHOOK_SECRET,
            stripe.Webhook.DEFAULT_TOLERANCE,
        )
    except (stripe.SignatureVerificationError, ValueError) as exc:  # UnicodeDecodeError is a ValueError
        raise WebhookSignatureInvalid(type(exc).__name__) from None
    try:
        data = json.loads(payload)
    except ValueError:
        raise WebhookEventMalformed("body is not JSON") from None
    if not isinstance(data, dict):
        raise WebhookEventMalformed("body is not a JSON object")
    event_id, event_type = data.get("id"), data.get("type", "")
    if not isinstance(event_id, str) or not event_id or len(event_id) > WEBHOOK_EVENT_ID_MAX:
        raise WebhookEventMalformed("id missing, not a string or too long")
    if not isinstance(event_type, str) or len(event_type) > WEBHOOK_EVENT_TYPE_MAX:
        raise WebhookEventMalformed("type not a string or too long")
    body = data.get("data", {})
    if not isinstance(body, dict):
        raise WebhookEventMalformed("data is not an object")
    obj = body.get("object", {})
    if obj is None:
        obj = {}
    if not isinstance(obj, dict):
        raise WebhookEventMalformed("data.object is not an object")
    return WebhookEventData(
        id=event_id,
        type=event_type,
        object_id=str(obj.get("id", "")),
        object_type=str(obj.get("object", "")),
        payload=payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else payload,
    )
