"""Stripe webhooks: verify, store once, re-read from Stripe, settle. Never sends mail itself."""

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

    try:
        with transaction.atomic():
            # The unique event id: a replay (or a concurrent twin) fails here and changes nothing.
            record = WebhookEvent.objects.create(stripe_event_id=event.id, type=event.type, payload=event.payload)
            if event.type in HANDLED_TYPES and event.object_type == "payment_intent":
                payment = Payment.objects.filter(stripe_payment_intent_id=event.object_id).first()
                if payment is not None:
                    # Re-reads the PaymentIntent from Stripe: the payload is only a hint.
                    payment_settle(payment=payment, cause="Stripe")
                else:
                    logger.info("Webhook %s for an unknown PaymentIntent", event.id)
            record.processed_at = timezone.now()
            record.save(update_fields=["processed_at"])
    except IntegrityError:
        return HttpResponse("already received", status=200, content_type="text/plain")
    except gateway.GatewayError:
        # Stripe unreachable while re-reading: nothing stored, so Stripe's retry (or reconciliation) settles it.
        logger.warning("Webhook %s: could not re-read from Stripe; asking for a retry", event.id)
        return HttpResponse("retry later", status=503, content_type="text/plain")
    return HttpResponse("ok", status=200, content_type="text/plain")
