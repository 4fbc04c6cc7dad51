"""Fraud screening data: tunable settings and weights, one assessment per payment attempt, review decisions.

Nothing here is ever deleted by the screening: a blocked attempt (no Payment at all) and a held one are kept with
their score and reasons, so the merchant can tune the weights from what really happened.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fraud import defaults
from orders.models import PaymentMethod


class Decision(models.TextChoices):
    ALLOW = "allow", _("Allow")
    REQUIRE_3DS = "require_3ds", _("Require 3-D Secure")
    REVIEW = "review", _("Hold for review")
    BLOCK = "block", _("Block")


class RiskSettings(models.Model):
    """One row (pk=1): the score thresholds and what "high value" means for this shop."""

    require_3ds_at = models.PositiveIntegerField(
        _("require 3-D Secure from score"),
        default=defaults.DEFAULT_REQUIRE_3DS_AT,
        help_text=_("From this score the bank is asked to confirm the shopper (3-D Secure)."),
    )
    review_at = models.PositiveIntegerField(
        _("hold for review from score"),
        default=defaults.DEFAULT_REVIEW_AT,
        help_text=_("From this score the card is only authorised; you capture or cancel it after a look."),
    )
    block_at = models.PositiveIntegerField(
        _("block from score"),
        default=defaults.DEFAULT_BLOCK_AT,
        help_text=_("From this score the payment is refused before Stripe is contacted. The attempt is kept."),
    )
    high_value_amount = models.PositiveIntegerField(
        _("high-value order from (cents)"),
        default=defaults.DEFAULT_HIGH_VALUE_AMOUNT,
        help_text=_("Used by the 'new account with a high-value order' signal."),
    )
    basket_min_orders = models.PositiveIntegerField(
        _("paid orders needed for a normal basket"),
        default=defaults.DEFAULT_BASKET_MIN_ORDERS,
        validators=[MinValueValidator(5)],
        help_text=_("Below this many paid orders the 'far above the normal basket' signal stays silent."),
    )
    basket_window_days = models.PositiveIntegerField(
        _("normal basket measured over (days)"),
        default=defaults.DEFAULT_BASKET_WINDOW_DAYS,
        validators=[MinValueValidator(7), MaxValueValidator(730)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("risk settings")
        verbose_name_plural = _("risk settings")

    def __str__(self) -> str:
        return str(_("Risk thresholds"))

    def clean(self) -> None:
        if not (self.require_3ds_at <= self.review_at <= self.block_at):
            raise ValidationError(
                _("Thresholds must rise: 3-D Secure, then review, then block (equal values skip a step).")
            )
        if self.require_3ds_at < 1:
            raise ValidationError({"require_3ds_at": _("A score of 0 would ask for 3-D Secure on every payment.")})


class RiskSignalWeight(models.Model):
    """What one signal adds to the score when it fires, tunable by the merchant."""

    key = models.CharField(_("signal"), max_length=40, unique=True, choices=[(k, k) for k in defaults.SIGNAL_KEYS])
    weight = models.PositiveIntegerField(_("weight"), validators=[MaxValueValidator(1000)])
    threshold = models.PositiveIntegerField(
        _("threshold"),
        null=True,
        blank=True,
        help_text=_("For counting signals: how many earlier attempts count as too many. See the description."),
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    description = models.CharField(_("what it means"), max_length=200)

    class Meta:
        ordering = ["key"]
        verbose_name = _("risk signal weight")
        verbose_name_plural = _("risk signal weights")

    def __str__(self) -> str:
        return self.key


class IPCountryRange(models.Model):
    """A merchant-editable IP range -> country table (offline: no GeoIP database, no network lookup)."""

    network = models.CharField(_("network (CIDR)"), max_length=50, unique=True, help_text=_("e.g. 192.0.2.0/24"))
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166 code, e.g. NL"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["network"]
        verbose_name = _("IP range country")
        verbose_name_plural = _("IP range countries")

    def __str__(self) -> str:
        return f"{self.network} → {self.country}"

    def clean(self) -> None:
        try:
            self.network = str(ipaddress.ip_network(self.network.strip(), strict=False))
        except ValueError:
            raise ValidationError({"network": _("Enter a network such as 192.0.2.0/24.")}) from None
        code = (self.country or "").strip().upper()
        if len(code) != 2 or not code.isalpha():
            raise ValidationError({"country": _("Enter a two-letter country code.")})
        self.country = code


class RiskAssessment(models.Model):
    """The screening of one payment attempt: its inputs, score, decision and every signal that fired.

    ``payment`` is empty for a blocked attempt (no Payment was created, Stripe was never called); ``order`` is empty
    for a blocked attempt with a method screened before placing (no order was placed).
    """

    payment = models.OneToOneField(
        "payments.Payment", null=True, blank=True, related_name="risk_assessment", on_delete=models.SET_NULL
    )
    order = models.ForeignKey(
        "orders.Order", null=True, blank=True, related_name="risk_assessments", on_delete=models.SET_NULL
    )
    order_number = models.CharField(_("order number"), max_length=20, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    email = models.EmailField(_("email"))
    client_ip = models.GenericIPAddressField(_("client IP"), null=True, blank=True)
    ip_country = models.CharField(_("IP country"), max_length=2, blank=True)
    device_id = models.CharField(_("device cookie"), max_length=64, blank=True)
    card_key = models.CharField(
        _("card fingerprint or token"), max_length=255, blank=True, help_text=_("Stripe's card fingerprint when known")
    )
    card_country = models.CharField(_("card country"), max_length=2, blank=True)
    shipping_country = models.CharField(_("delivery country"), max_length=2, blank=True)
    # The order's payment method: a card is screened per attempt, other methods once before the order is placed.
    method = models.CharField(_("payment method"), max_length=32, choices=PaymentMethod.choices, blank=True)
    amount = models.PositiveIntegerField(_("amount (minor units)"), default=0)
    currency = models.CharField(max_length=3, default="EUR")
    score = models.PositiveIntegerField(_("score"), default=0)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    # [{"key": ..., "weight": ..., "params": {...}}], in the order they were computed; ``fraud.reasons.signal_detail``
    # renders one in the reader's language (older rows carry their text in "detail").
    signals = models.JSONField(_("signals"), default=list)
    stripe_risk_level = models.CharField(_("Stripe risk level"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("screened at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")
        indexes = [
            models.Index(fields=["email", "created_at"]),
            models.Index(fields=["client_ip", "created_at"]),
            models.Index(fields=["card_key", "created_at"]),
            models.Index(fields=["device_id", "created_at"]),
            models.Index(fields=["decision", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.order_number or '—'} {self.get_decision_display()} ({self.score})"

    @property
    def signal_keys(self) -> list[str]:
        return [signal.get("key", "") for signal in self.signals]


class ReviewDecision(models.Model):
    """What the merchant did with a held payment, and (optionally) whether it turned out to be fraud."""

    class Outcome(models.TextChoices):
        CAPTURED = "captured", _("Captured (accepted)")
        CANCELLED = "cancelled", _("Cancelled (refused)")

    assessment = models.OneToOneField(RiskAssessment, related_name="review", on_delete=models.CASCADE)
    merchant = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    decision = models.CharField(_("decision"), max_length=20, choices=Outcome.choices)
    was_fraud = models.BooleanField(
        _("was it fraud?"), null=True, blank=True, help_text=_("Your judgement, for tuning. Leave empty if unsure.")
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("decided at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")

    def __str__(self) -> str:
        return f"{self.assessment.order_number}: {self.get_decision_display()}"
