"""Payment attempts, refunds and the Stripe webhook events they were settled by."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.formatting import format_money
from core.money import Money
from orders.models import Order, OrderLine, PaymentMethod
from shop.models import CURRENCY_CHOICES


class PaymentState(models.TextChoices):
    CREATED = "created", _("Created")
    PENDING = "pending", _("Waiting for the money")
    REQUIRES_ACTION = "requires_action", _("Waiting for your bank's confirmation")
    PROCESSING = "processing", _("Processing")
    REQUIRES_CAPTURE = "requires_capture", _("Held for review")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
    CANCELED = "canceled", _("Cancelled")


PAYMENT_FINAL_STATES = frozenset({PaymentState.SUCCEEDED, PaymentState.FAILED, PaymentState.CANCELED})
PAYMENT_OPEN_STRIPE_STATES = frozenset(
    {PaymentState.CREATED, PaymentState.REQUIRES_ACTION, PaymentState.PROCESSING, PaymentState.REQUIRES_CAPTURE}
)


class Payment(models.Model):
    """One payment attempt for an order. The order's status is separate; ``payment_settle`` moves both."""

    order = models.ForeignKey(Order, related_name="payments", on_delete=models.CASCADE)
    method = models.CharField(_("method"), max_length=32, choices=PaymentMethod.choices)
    state = models.CharField(_("state"), max_length=32, choices=PaymentState.choices, default=PaymentState.CREATED)
    amount = models.PositiveIntegerField(_("amount (minor units)"))
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES)
    stripe_payment_intent_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    # Every Stripe POST for this attempt derives its idempotency key from this value.
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    last_error_code = models.CharField(max_length=80, blank=True)
    last_error_message = models.CharField(max_length=300, blank=True)
    challenge_requested = models.BooleanField(_("3-D Secure challenge requested"), default=False)
    authenticated_3ds = models.BooleanField(_("3-D Secure completed"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        indexes = [models.Index(fields=["state", "method"])]

    def __str__(self) -> str:
        return f"{self.order} {self.get_method_display()} {self.get_state_display()}"

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)


class RefundState(models.TextChoices):
    CREATED = "created", _("Created")
    PENDING = "pending", _("Pending at the payment provider")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


# Refunds that count against what may still be refunded: all but the failed ones.
REFUND_COUNTED_STATES = frozenset({RefundState.CREATED, RefundState.PENDING, RefundState.SUCCEEDED})


class RefundReason(models.TextChoices):
    """Why money went back: stored as a code, shown in the reader's language; the merchant's own words, if any,
    are the separate note (``Refund.reason``)."""

    WITHDRAWAL = "withdrawal", _("Withdrawal from the purchase")
    RETURN_RECEIVED = "return_received", _("Returned items received")
    COMPLAINT_UPHELD = "complaint_upheld", _("Complaint accepted")
    GOODWILL = "goodwill", _("Goodwill gesture")
    ORDER_CANCELLED = "order_cancelled", _("Order cancelled")
    OTHER = "other", _("Another reason (see the note)")


class Refund(models.Model):
    """Written before the gateway is asked (state ``created``), so a failed call stays visible (``failed``)."""

    order = models.ForeignKey(Order, related_name="refunds", on_delete=models.CASCADE)
    payment = models.ForeignKey(Payment, related_name="refunds", null=True, blank=True, on_delete=models.PROTECT)
    amount = models.PositiveIntegerField(_("amount (minor units)"))
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES)
    code = models.CharField(_("reason"), max_length=24, choices=RefundReason.choices, default=RefundReason.OTHER)
    reason = models.CharField(_("merchant's note on the refund"), max_length=300, blank=True)
    stripe_refund_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    restock = models.BooleanField(_("items returned to stock"), default=False)
    state = models.CharField(
        _("state"), max_length=16, choices=RefundState.choices, default=RefundState.CREATED, editable=False
    )
    last_error = models.CharField(max_length=300, blank=True, editable=False)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        constraints = [models.CheckConstraint(condition=models.Q(amount__gte=1), name="refund_amount_positive")]

    def __str__(self) -> str:
        return f"{self.order}: {format_money(self.money)}"

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)


class RefundLine(models.Model):
    """What a refund gives back: ``quantity`` of an order line, or (no order line) the delivery cost. Written with
    its refund, in the same transaction; ``restock`` puts that line's items back on sale once the refund is sent."""

    refund = models.ForeignKey(Refund, related_name="lines", on_delete=models.CASCADE)
    order_line = models.ForeignKey(
        OrderLine, null=True, blank=True, related_name="refund_lines", on_delete=models.PROTECT
    )
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    amount = models.PositiveIntegerField(_("amount (minor units)"))
    restock = models.BooleanField(_("back to stock"), default=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("refunded line")
        verbose_name_plural = _("refunded lines")

    def __str__(self) -> str:
        return f"{self.quantity} × {self.order_line}" if self.order_line_id else str(_("Delivery"))

    @property
    def money(self) -> Money:
        return Money(self.amount, self.refund.currency)


class WebhookEvent(models.Model):
    """Every verified Stripe event, stored before it is processed; the unique id makes a replay of a processed one a
    no-op, and an event whose processing failed keeps its error until Stripe's retry processes it."""

    stripe_event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    payload = models.TextField()
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    # Why the last processing failed (Stripe unreachable...): the event waits for Stripe's retry.
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("Stripe webhook event")
        verbose_name_plural = _("Stripe webhook events")

    def __str__(self) -> str:
        return f"{self.stripe_event_id} {self.type}"


class LifecycleEventRecord(models.Model):
    """One applied event of a lifecycle table: when, which, from and to, why (a code with parameters), who."""

    event = models.CharField(max_length=40)
    from_state = models.CharField(max_length=32)
    to_state = models.CharField(max_length=32)
    cause_code = models.CharField(max_length=60, blank=True)
    cause_params = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.event}: {self.from_state} → {self.to_state}"


class PaymentEvent(LifecycleEventRecord):
    payment = models.ForeignKey(Payment, related_name="events", on_delete=models.CASCADE)


class RefundEvent(LifecycleEventRecord):
    refund = models.ForeignKey(Refund, related_name="events", on_delete=models.CASCADE)
