from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.money import Money
from core.validators import validate_single_line
from orders.models import Order, OrderLine
from payments.models import Refund
from policies.models import PolicyVersion
from returns.states import RejectionReason, RequestKind, RequestStatus

REQUEST_NUMBER_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_request_number() -> str:
    """Unguessable: 10 random symbols from 31 (~49 bits)."""
    return "RR-" + "".join(secrets.choice(REQUEST_NUMBER_ALPHABET) for _ in range(10))


class ReturnsTerms(models.Model):
    """The structured part of one returns-policy version: the window and conditions an order accepted with it."""

    class ShippingPaidBy(models.TextChoices):
        SHOPPER = "shopper", _("The shopper pays for return shipping")
        SHOP = "shop", _("We pay for return shipping (prepaid label)")

    policy_version = models.OneToOneField(
        PolicyVersion,
        related_name="returns_terms",
        on_delete=models.PROTECT,
        limit_choices_to={"policy__kind": "returns"},
        verbose_name=_("returns policy version"),
    )
    window_days = models.PositiveSmallIntegerField(
        _("returns window (days from delivery)"), validators=[MinValueValidator(14), MaxValueValidator(365)]
    )
    conditions = models.TextField(
        _("conditions"), max_length=2000, help_text=_("Shown to the shopper, e.g. unused, in original packaging.")
    )
    return_shipping_paid_by = models.CharField(
        _("who pays return shipping"), max_length=16, choices=ShippingPaidBy.choices, default=ShippingPaidBy.SHOPPER
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("returns terms")
        verbose_name_plural = _("returns terms")

    def __str__(self) -> str:
        return f"{self.policy_version}: {self.window_days} days"


class ReturnRequest(models.Model):
    number = models.CharField(_("number"), max_length=20, unique=True, default=new_request_number, editable=False)
    order = models.ForeignKey(Order, related_name="return_requests", on_delete=models.PROTECT)
    kind = models.CharField(_("kind"), max_length=16, choices=RequestKind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.REQUESTED, editable=False
    )
    reason = models.TextField(_("reason or description"), max_length=2000, blank=True)
    iban = models.CharField(_("IBAN for the refund"), max_length=34, blank=True, validators=[validate_single_line])
    account_holder = models.CharField(
        _("account holder"), max_length=120, blank=True, validators=[validate_single_line]
    )
    terms = models.ForeignKey(ReturnsTerms, null=True, blank=True, related_name="+", on_delete=models.PROTECT)
    delivered_at = models.DateTimeField(_("order delivered at"))
    # Set by the merchant.
    instructions = models.TextField(_("return instructions"), max_length=2000, blank=True)
    rejection_code = models.CharField(
        _("why it was rejected"), max_length=32, choices=RejectionReason.choices, blank=True
    )
    # The merchant's own words beside the code: shown as such, in the language the merchant wrote them.
    rejection_reason = models.TextField(_("merchant's note on the rejection"), max_length=2000, blank=True)
    next_steps = models.TextField(_("what the shopper can do next"), max_length=2000, blank=True)
    refund = models.ForeignKey(Refund, null=True, blank=True, related_name="+", on_delete=models.PROTECT)
    refund_amount = models.PositiveIntegerField(_("refunded (minor units)"), default=0)
    # Deadlines: the merchant answers by respond_by; the shopper sends back by send_by; refund by refund_by.
    respond_by = models.DateTimeField(_("answer by"))
    send_by = models.DateTimeField(_("send back by"), null=True, blank=True)
    refund_by = models.DateTimeField(_("refund by"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    refunded_at = models.DateTimeField(null=True, blank=True)
    rejected_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("return request")
        verbose_name_plural = _("return requests")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("returns:request_detail", kwargs={"number": self.number})

    @property
    def currency(self) -> str:
        return self.order.currency

    @property
    def refunded(self) -> Money:
        return Money(self.refund_amount, self.order.currency)

    @property
    def is_open(self) -> bool:
        return self.status in (RequestStatus.REQUESTED, RequestStatus.APPROVED, RequestStatus.RECEIVED)

    @property
    def current_deadline(self):
        """The deadline the merchant must meet now (None when it is the shopper's turn or it is closed)."""
        if self.status == RequestStatus.REQUESTED:
            return self.respond_by
        if self.status == RequestStatus.RECEIVED:
            return self.refund_by
        return None

    @property
    def is_overdue(self) -> bool:
        deadline = self.current_deadline
        return deadline is not None and timezone.now() > deadline


class ReturnRequestLine(models.Model):
    request = models.ForeignKey(ReturnRequest, related_name="lines", on_delete=models.CASCADE)
    order_line = models.ForeignKey(OrderLine, related_name="return_lines", on_delete=models.PROTECT)
    quantity = models.PositiveIntegerField(_("quantity"))

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="returnline_quantity_positive"),
            models.UniqueConstraint(fields=["request", "order_line"], name="returnline_unique_per_request"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.order_line.name}"

    @property
    def amount(self) -> Money:
        return self.order_line.unit_price * self.quantity


class RefundAccountChange(models.Model):
    """A refund IBAN given through an order link, waiting for the code emailed to the order's address.

    Only the latest change of a request counts. The code is kept as an HMAC (bound to the request and the IBAN),
    never in clear; it works once, until ``expires_at``, for a limited number of tries
    (``returns.services.refund_account_confirm``).
    """

    request = models.ForeignKey(ReturnRequest, related_name="account_changes", on_delete=models.CASCADE)
    iban = models.CharField(_("IBAN for the refund"), max_length=34)
    account_holder = models.CharField(_("account holder"), max_length=120)
    code_hash = models.CharField(max_length=64, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("refund account change")
        verbose_name_plural = _("refund account changes")

    def __str__(self) -> str:
        return f"{self.request}: {self.iban[:4]}…"


def photo_path(instance: ComplaintPhoto, filename: str) -> str:
    return f"returns/photos/{filename}"


class ComplaintPhoto(models.Model):
    """A re-encoded JPEG (no metadata); served only through the access-checked view, never from /media/."""

    request = models.ForeignKey(ReturnRequest, related_name="photos", on_delete=models.CASCADE)
    image = models.ImageField(upload_to=photo_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.image.name


class ReturnStatusChange(models.Model):
    request = models.ForeignKey(ReturnRequest, related_name="status_changes", on_delete=models.CASCADE)
    from_status = models.CharField(max_length=16, choices=RequestStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=RequestStatus.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["to_status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.request}: {self.from_status or '—'} → {self.to_status}"
