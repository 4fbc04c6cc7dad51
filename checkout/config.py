"""The merchant's delivery zones, delivery options and payment-method fees, read once and cached.

Every checkout step, the product page's delivery panel and the fee tables need these few rows; the merchant
changes them rarely, in the admin. They are cached as one snapshot until any of them is saved or deleted
(``checkout_config_changed``, connected in ``checkout.receivers``), so prices shown and charged always come
from the current rows. Placing an order still re-reads the chosen delivery option from the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from checkout.models import PaymentMethodFee
from core.versioned_cache import ProcessSnapshot, namespace_changed
from orders.models import DeliveryOption, DeliveryZone

CHECKOUT_CONFIG_CACHE = "checkout-config"


@dataclass(frozen=True)
class CheckoutConfig:
    zones: tuple[DeliveryZone, ...]
    options: tuple[DeliveryOption, ...]  # active ones, each with its zone, by zone name then position
    fees: tuple[PaymentMethodFee, ...]  # every method, active or not, by position

    def zone_for(self, country: str) -> DeliveryZone | None:
        return next((zone for zone in self.zones if country and country in zone.country_codes), None)

    def options_to(self, country: str) -> list[DeliveryOption]:
        return [option for option in self.options if country and country in option.zone.country_codes]

    def option(self, pk: int | str | None) -> DeliveryOption | None:
        return next((option for option in self.options if str(option.pk) == str(pk)), None)

    def fee_for(self, method: str | None) -> PaymentMethodFee | None:
        return next((fee for fee in self.fees if fee.method == method), None)

    @property
    def active_fees(self) -> list[PaymentMethodFee]:
        return [fee for fee in self.fees if fee.active]

    @property
    def country_codes(self) -> list[str]:
        return sorted({code for zone in self.zones for code in zone.country_codes})


def _load() -> CheckoutConfig:
    return CheckoutConfig(
        zones=tuple(DeliveryZone.objects.all()),
        options=tuple(DeliveryOption.objects.filter(active=True).select_related("zone")),
        fees=tuple(PaymentMethodFee.objects.all()),
    )


_snapshot = ProcessSnapshot(CHECKOUT_CONFIG_CACHE, "tables", _load)


def checkout_config(*, version: int | None = None) -> CheckoutConfig:
    """The current snapshot (``version``: the namespace's version, when the caller has just read it)."""
    return _snapshot.get(version=version)


def checkout_config_changed(**kwargs) -> None:
    """A zone, option or fee was saved or deleted: the next read loads them again (a signal receiver)."""
    namespace_changed(CHECKOUT_CONFIG_CACHE)
