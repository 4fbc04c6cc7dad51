"""Stripe webhooks: verify, store once (before processing), re-read from Stripe, settle. Never sends mail itself."""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from payments import gateway
from payments.models import Payment, WebhookEvent
from payments.services import payment_settle

logger = logging.getLogger(__name__)

HANDLED_TYPES = frozenset(
    {
        "payment_intent.succeeded",
        "payment_intent.payment_failed",
        "payment_intent.processing",
        "payment_intent.requires_action",
        "payment_intent.amount_capturable_updated",
        "payment_intent.canceled",
    }
)


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    try:
        event = gateway.webhook_event_construct(payload=request.body, signature=request.headers.get("Stripe-Signature"))
    except gateway.WebhookSignatureInvalid as exc:
        logger.warning("Rejected a Stripe webhook: %s", exc)
        return HttpResponse("bad signature", status=400, content_type="text/plain")
    except gateway.WebhookEventMalformed as exc:
        # Signed by someone holding the secret, yet not an event we can store: refuse it, keep nothing.
        logger.warning("Rejected a malformed Stripe webhook: %s", exc)
        return HttpResponse("malformed event", status=400, content_type="text/plain")

    # Stored first, in its own transaction: a processing that fails leaves the event and its error here.
    try:
        with transaction.atomic():
            record = WebhookEvent.objects.create(stripe_event_id=event.id, type=event.type, payload=event.payload)
    except IntegrityError:
        # A replay, a concurrent twin, or Stripe's retry of an event whose processing failed: only the last goes on.
        record = WebhookEvent.objects.get(stripe_event_id=event.id)
        if record.processed_at is not None:
            return HttpResponse("already received", status=200, content_type="text/plain")
    try:
        if event.type in HANDLED_TYPES and event.object_type == "payment_intent":
            payment = Payment.objects.filter(stripe_payment_intent_id=event.object_id).first()
            if payment is not None:
                # Re-reads the PaymentIntent from Stripe: the payload is only a hint.
                payment_settle(payment=payment, via="stripe")
            else:
                logger.info("Webhook %s for an unknown PaymentIntent", event.id)
    except gateway.GatewayError as exc:
        # Stripe unreachable while re-reading: the event stays unprocessed with its error; Stripe's retry (or
        # reconciliation) settles it.
        logger.warning("Webhook %s: could not re-read from Stripe; asking for a retry", event.id)
        WebhookEvent.objects.filter(pk=record.pk).update(last_error=str(exc)[:300])
        return HttpResponse("retry later", status=503, content_type="text/plain")
    WebhookEvent.objects.filter(pk=record.pk).update(processed_at=timezone.now(), last_error="")
    return HttpResponse("ok", status=200, content_type="text/plain")
