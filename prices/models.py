"""Every price a product has had, from when: an append-only history (the EU Omnibus prior price reads it)."""

from __future__ import annotations

from django.conf import settings
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
