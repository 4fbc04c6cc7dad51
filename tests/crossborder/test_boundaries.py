"""Limits exactly at the limit (issue 15): the 30-day prior-price window, the duty and VAT de minimis, and
rounding ties in money percentages. Each test fails if its comparison is off by one (< for <=, half-even for
half-up)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from checkout.pricing import duties_for
from core.money import Money
from orders.models import CustomsTreatment, DeliveryZone
from prices.selectors import OMNIBUS_WINDOW, prior_price_omnibus
from prices.services import product_price_set
from shop.factories import ProductFactory

NOW = timezone.now()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("higher_price_starts", "shown"),
    [(datetime.timedelta(0), True), (datetime.timedelta(seconds=1), False)],
    ids=["exactly-30-days-before", "one-second-inside"],
)
def test_prior_price_window_is_exactly_30_days(higher_price_starts, shown):
    """€10 until the €15 price; the sale at €12 began 5 days ago. If €15 took effect exactly 30 days before the
    sale, €10 never applied inside the window: prior €15, a sale. One second later, €10 applied in the window."""
    product = ProductFactory(price_amount=1000)
    began = NOW - datetime.timedelta(days=5)
    for at, amount in ((began - datetime.timedelta(days=45), 1000),
                       (began - OMNIBUS_WINDOW + higher_price_starts, 1500),
                       (began, 1200)):  # fmt: skip
        product_price_set(product=product, price=Money(amount, "EUR"), actor=None, at=at)
    product.refresh_from_db()
    prior = prior_price_omnibus(product=product, now=NOW)
    if shown:
        assert prior is not None and prior.prior == Money(1500, "EUR")
    else:
        assert prior is None  # the lowest price in the window (€10) is below the "sale" price


def zone(**rates) -> DeliveryZone:
    fields = {"duty_percent": Decimal("10"), "import_vat_percent": Decimal("8"), **rates}
    return DeliveryZone(name="CH", countries="CH", is_eu=False, customs_treatment=CustomsTreatment.DDP, **fields)


@pytest.mark.parametrize(("value", "duty"), [(15000, 0), (15001, 1500)])
def test_duty_de_minimis_exactly_at_the_limit_pays_nothing(value, duty):
    duties = duties_for(zone=zone(duty_de_minimis_amount=15000), customs_value=Money(value, "EUR"),
                        delivery=Money(0, "EUR"))  # fmt: skip
    assert duties.duty == Money(duty, "EUR")


@pytest.mark.parametrize(("value", "vat"), [(6500, 0), (6501, 520)])
def test_vat_de_minimis_exactly_at_the_limit_pays_nothing(value, vat):
    duties = duties_for(zone=zone(duty_percent=Decimal("0"), vat_de_minimis_amount=6500),
                        customs_value=Money(value, "EUR"), delivery=Money(0, "EUR"))  # fmt: skip
    assert duties.import_vat == Money(vat, "EUR")


@pytest.mark.parametrize(
    ("amount", "rate", "expected"),
    [(250, "1", 3), (249, "1", 2), (350, "1", 4), (50, "1", 1), (1250, "0.2", 3)],
    ids=["2.5-up", "2.49-down", "3.5-up", "0.5-up", "2.5-up-fraction"],
)
def test_percentages_round_ties_half_up_to_the_cent(amount, rate, expected):
    """A tie goes up (2.5 → 3 cents), never to the even neighbour (2.5 → 2), and 2.49 goes down."""
    assert Money(amount, "EUR").percentage(rate) == Money(expected, "EUR")
