"""Every price a product has had, from when: an append-only history (the EU Omnibus prior price reads it)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.money import Money
from shop.models import CURRENCY_CHOICES, Product


class PriceChange(models.Model):
    """One price, valid from ``valid_from`` until the product's next row. Rows are never edited or deleted
    (``save`` refuses an update, ``delete`` refuses): a sale's prior price must be provable."""

    product = models.ForeignKey(Product, related_name="price_changes", on_delete=models.CASCADE)
    amount = models.PositiveIntegerField(_("price (minor units)"))
    currency = models.CharField(max_length=3, choices=CURRENCY_CHOICES, default="EUR")
    valid_from = models.DateTimeField(_("valid from"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["product", "valid_from", "id"]
        verbose_name = _("price change")
        verbose_name_plural = _("price changes")
        indexes = [models.Index(fields=["product", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.product_id}: {self.money} from {self.valid_from:%Y-%m-%d %H:%M}"

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("Price history is append-only: record a new PriceChange instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Price history is append-only.")


class CurrencyRounding(models.TextChoices):
    """How a converted price is rounded (stated next to the rate on the public page)."""

    MINOR = "minor", _("To the nearest cent or grosz (half up)")
    WHOLE = "whole", _("To the nearest whole unit (half up)")
    NINETY_NINE = "ninety_nine", _("Up to the next .99 (e.g. 107.99)")


class CurrencyRate(models.Model):
    """A currency the shop sells in besides its base currency (``settings.SHOP_CURRENCY``), at a rate the merchant
    sets. Converted prices change only when this row changes, never per request. The rate, its date and source
    are public (the payment-methods page and the checkout)."""

    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES, unique=True)
    rate = models.DecimalField(
        _("rate (units per one unit of the base currency)"),
        max_digits=12,
        decimal_places=6,
        validators=[MinValueValidator(Decimal("0.000001"))],
    )
    rounding = models.CharField(
        _("rounding of converted prices"), max_length=16, choices=CurrencyRounding.choices, default="minor"
    )
    source = models.CharField(_("source of the rate"), max_length=200)
    rate_date = models.DateField(_("date of the rate"))
    active = models.BooleanField(_("offered to shoppers"), default=True)
    # Where a bank transfer in this currency goes (the order page shows these for the order's currency).
    bank_account_name = models.CharField(_("bank account holder"), max_length=120, blank=True)
    bank_iban = models.CharField(_("IBAN"), max_length=42, blank=True)
    bank_bic = models.CharField(_("BIC"), max_length=11, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["currency"]
        verbose_name = _("currency rate")
        verbose_name_plural = _("currency rates")

    def __str__(self) -> str:
        return f"1 {settings.SHOP_CURRENCY} = {self.rate} {self.currency}"

    def clean(self) -> None:
        if self.currency == settings.SHOP_CURRENCY:
            raise ValidationError({"currency": _("The shop's base currency has no rate.")})
