"""The merchant's delivery zones, delivery options and payment-method fees, read once and cached.

Every checkout step, the product page's delivery panel and the fee tables need these few rows; the merchant
changes them rarely, in the admin. They are cached as one snapshot until any of them is saved or deleted
(``checkout_config_changed``, connected in ``checkout.receivers``), so prices shown and charged always come
from the current rows. Placing an order still re-reads the chosen delivery option from the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from checkout.models import PaymentMethodFee
from core.versioned_cache import cached_in, namespace_changed, namespace_version
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


# The snapshot of one version never changes: each process keeps the last one it read, so a request pays one
# cache round trip (the version) instead of two and unpickles nothing.
_last: tuple[int, CheckoutConfig] | None = None


def checkout_config(*, version: int | None = None) -> CheckoutConfig:
    """The current snapshot (``version``: the namespace's version, when the caller has just read it)."""
    global _last
    version = version or namespace_version(CHECKOUT_CONFIG_CACHE)
    if version is None:
        return _load()  # the cache is unreachable
    last = _last
    if last is not None and last[0] == version:
        return last[1]
    config = cached_in(CHECKOUT_CONFIG_CACHE, "tables", _load, version=version)
    _last = (version, config)
    return config


def checkout_config_changed(**kwargs) -> None:
    """A zone, option or fee was saved or deleted: the next read loads them again (a signal receiver)."""
    namespace_changed(CHECKOUT_CONFIG_CACHE)
