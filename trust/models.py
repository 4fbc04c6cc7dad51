"""What the merchant promises, so the trust centre can measure it against the real data."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class TrustSettings(models.Model):
    """One row, edited in the admin. Each badge compares one of these promises with what really happened.

    The returns window is not here: the returns badge reads it from the returns terms in force, the data that
    decides each order's last day to return.
    """

    promised_delivery_days = models.PositiveSmallIntegerField(
        _("promised delivery (business days)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_("The longest delivery time you promise, from payment to delivery, in business days."),
    )
    on_time_min_percent = models.PositiveSmallIntegerField(
        _("on-time delivery threshold (%)"), default=90, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    delivery_min_orders = models.PositiveSmallIntegerField(
        _("delivered orders needed before the delivery badge can pass"), default=10,
        validators=[MinValueValidator(1)],
    )
    sca_min_percent = models.PositiveSmallIntegerField(
        _("3-D Secure threshold (%)"), default=90, validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Share of card payments in the last 30 days that must have been authenticated."),
    )
    verified_reviews_min_percent = models.PositiveSmallIntegerField(
        _("verified reviews threshold (%)"), default=90, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("trust settings")
        verbose_name_plural = _("trust settings")

    def __str__(self) -> str:
        return str(_("Trust settings"))
