"""Support: the merchant's contact channels, tickets and replies, the FAQ and the fraud-report queue."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.validators import validate_single_line

# Crockford-style alphabet without look-alikes: references are read out over the phone.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def _reference(prefix: str) -> str:
    return prefix + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


def new_ticket_reference() -> str:
    return _reference("SUP-")


def new_fraud_report_reference() -> str:
    return _reference("FR-")


class SupportSettings(models.Model):
    """The contact channels the merchant offers (one row, edited in the admin)."""

    email = models.EmailField(_("support email"), default="help@trustmark.example")
    phone = models.CharField(_("support phone"), max_length=40, blank=True)
    opening_hours = models.CharField(
        _("opening hours"), max_length=200, blank=True, help_text=_("For example: Monday to Friday, 9:00–17:00 CET")
    )
    first_response_hours = models.PositiveSmallIntegerField(
        _("promised first response (hours)"),
        default=24,
        help_text=_("Shown on the contact page and measured on the trust centre."),
    )

    class Meta:
        verbose_name = _("support settings")
        verbose_name_plural = _("support settings")

    def __str__(self) -> str:
        return str(_("Support settings"))


class Ticket(models.Model):
    class Topic(models.TextChoices):
        ORDER = "order", _("An order")
        PAYMENT = "payment", _("A payment")
        DELIVERY = "delivery", _("Delivery or customs")
        RETURNS = "returns", _("A return or refund")
        ACCOUNT = "account", _("My account")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for us")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    reference = models.CharField(
        _("reference"), max_length=20, unique=True, default=new_ticket_reference, editable=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="support_tickets", on_delete=models.SET_NULL
    )
    name = models.CharField(_("name"), max_length=120, validators=[validate_single_line])
    email = models.EmailField(_("email"), validators=[validate_single_line])
    order_number = models.CharField(_("order number"), max_length=20, blank=True, validators=[validate_single_line])
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    language = models.CharField(max_length=8, default="en")
    # Only for the per-address rate limit; never shown.
    submitter_ip = models.GenericIPAddressField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    # Set once, by ``ticket_reply``, when the first staff reply is saved: the response-time badge reads it.
    first_response_at = models.DateTimeField(_("first response at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("support ticket")
        verbose_name_plural = _("support tickets")

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("support:ticket_detail", kwargs={"reference": self.reference})


class TicketMessage(models.Model):
    """One message in a ticket's conversation: the shopper's first message or a staff reply."""

    ticket = models.ForeignKey(Ticket, related_name="messages", on_delete=models.CASCADE)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    is_staff_reply = models.BooleanField(_("staff reply"), default=False)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(_("emailed to the shopper at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.ticket} #{self.pk}"


class FaqEntry(models.Model):
    class Topic(models.TextChoices):
        PAYMENTS = "payments", _("Payments")
        SECURITY = "security", _("Security")
        DELIVERY = "delivery", _("Delivery")
        CUSTOMS = "customs", _("Customs and duties")
        RETURNS = "returns", _("Returns")

    question = models.CharField(_("question"), max_length=250)
    # Sanitised with nh3 when saved and again when shown (see support.selectors.faq_answer_sanitise).
    answer = models.TextField(_("answer"), help_text=_("Plain text or simple HTML (paragraphs, lists, links)."))
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["topic", "position", "id"]
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")

    def __str__(self) -> str:
        return self.question


class FraudReport(models.Model):
    class Kind(models.TextChoices):
        PHISHING_EMAIL = "phishing_email", _("A suspicious email")
        PHISHING_SMS = "phishing_sms", _("A suspicious text message (SMS)")
        PHISHING_CALL = "phishing_call", _("A suspicious phone call")
        UNRECOGNISED_ORDER = "unrecognised_order", _("An order or payment I did not make")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        TRIAGED = "triaged", _("Triaged")
        CLOSED = "closed", _("Closed")

    reference = models.CharField(
        _("reference"), max_length=20, unique=True, default=new_fraud_report_reference, editable=False
    )
    kind = models.CharField(_("what happened"), max_length=32, choices=Kind.choices)
    details = models.TextField(_("details"))
    order_number = models.CharField(_("order number"), max_length=20, blank=True, validators=[validate_single_line])
    sender = models.CharField(
        _("sender address, number or link"), max_length=500, blank=True, validators=[validate_single_line]
    )
    contact_email = models.EmailField(_("contact email"), validators=[validate_single_line])
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    merchant_notes = models.TextField(_("merchant notes"), blank=True)
    language = models.CharField(max_length=8, default="en")
    submitter_ip = models.GenericIPAddressField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("reported at"), default=timezone.now, db_index=True)
    acknowledged_at = models.DateTimeField(_("acknowledgement emailed at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("fraud report")
        verbose_name_plural = _("fraud reports")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return self.reference
