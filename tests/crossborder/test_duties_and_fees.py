"""Duties per zone, and the fee table = the checkout total = the amount charged, for every method and zone."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from checkout.pricing import checkout_quote, duties_for
from checkout.selectors import FEE_EXAMPLE_AMOUNT, fee_table_rows
from checkout.services import payment_card_start
from core.formatting import format_money
from core.money import Money
from orders.models import BANK_FLOW_METHODS, CustomsTreatment, DeliveryOption, DeliveryZone, PaymentMethod
from payments import gateway
from payments.models import Payment
from payments.services import payment_bank_start, payment_sepa_start
from tests.crossborder.conftest import methods_for, place_order
from tests.payments.conftest import CARD_OK, card_token

EUR = "EUR"
ITEMS = Money(10000, EUR)


def option_for(country: str) -> DeliveryOption:
    return DeliveryOption.objects.filter(zone__countries__contains=country).order_by("position").first()


@pytest.mark.parametrize("country", ["NL", "PL", "DE", "FR", "IE"])
def test_eu_destinations_have_no_duties_line(zones, country):
    option = option_for(country)
    quote = checkout_quote(items_total=ITEMS, country=country, delivery_option=option, payment_method="card")
    assert quote.customs_treatment == CustomsTreatment.NONE
    assert quote.duties == Money(0, EUR)
    assert quote.duties_on_delivery is None
    assert "duties" not in [line.key for line in quote.lines]
    assert quote.total == ITEMS + quote.delivery


def test_switzerland_collects_duty_and_import_vat_at_checkout_as_its_own_line(zones):
    option = option_for("CH")
    quote = checkout_quote(items_total=ITEMS, country="CH", delivery_option=option, payment_method="card")
    # duty 2.5 % of 100.00 = 2.50; import VAT 8.1 % of (100.00 + 2.50 + 14.95) = 9.51 (9.51345, half up)
    assert quote.duty == Money(250, EUR)
    assert quote.import_vat == Money(951, EUR)
    assert quote.duties == Money(1201, EUR)
    assert [line.key for line in quote.lines][-1] == "duties"
    assert quote.total == ITEMS + Money(1495, EUR) + Money(1201, EUR)


def test_united_kingdom_duty_threshold_and_vat_on_goods_plus_delivery(zones):
    option = option_for("GB")
    quote = checkout_quote(items_total=ITEMS, country="GB", delivery_option=option, payment_method="card")
    assert quote.duty == Money(0, EUR)  # 100.00 is under the zone's 150.00 duty threshold
    assert quote.import_vat == Money(2299, EUR)  # 20 % of 114.95
    above = checkout_quote(items_total=Money(20000, EUR), country="GB", delivery_option=option, payment_method=None)
    assert above.duty == Money(800, EUR)  # 4 % once above the threshold


def test_below_the_swiss_vat_threshold_no_import_vat(zones):
    zone = DeliveryZone.objects.get(name="Switzerland")
    result = duties_for(zone=zone, customs_value=Money(6200, EUR), delivery=Money(1495, EUR))
    assert result.import_vat == Money(0, EUR)
    assert result.duty == Money(155, EUR)


def test_united_states_says_the_carrier_collects_and_gives_the_estimate(zones, client):
    option = option_for("US")
    quote = checkout_quote(items_total=ITEMS, country="US", delivery_option=option, payment_method="card")
    assert quote.customs_treatment == CustomsTreatment.DAP
    assert quote.duties == Money(0, EUR)  # not charged
    assert quote.duties_on_delivery == Money(1000, EUR)  # 10 % duty estimate, by the same formula
    assert quote.total == ITEMS + Money(2495, EUR)
    page = client.get("/payment-methods/").content.decode()
    assert f"paid to the carrier on delivery, estimated {format_money(Money(1000, EUR))}" in page


def test_a_non_eu_zone_must_say_who_pays_duties(zones):
    from django.core.exceptions import ValidationError

    zone = DeliveryZone(name="Norway", countries="NO", is_eu=False)
    with pytest.raises(ValidationError) as info:
        zone.full_clean()
    assert "customs_treatment" in info.value.message_dict
    eu = DeliveryZone(name="Belgium", countries="BE", is_eu=True, customs_treatment="ddp", duty_percent=Decimal(1))
    with pytest.raises(ValidationError):
        eu.full_clean()


def _page_total(page: str, option: DeliveryOption) -> str:
    match = re.search(rf'data-option="{option.pk}".*?data-testid="delivered-total">([^<]+)</td>', page, re.S)
    assert match, f"no row for {option}"
    return match.group(1).strip()


def _charged(order, method: str, localstripe: str) -> int:
    if method == PaymentMethod.CARD:
        payment_card_start(order=order, payment_method_id=card_token(localstripe, CARD_OK))
    elif method == PaymentMethod.SEPA_DEBIT:
        payment_sepa_start(order=order, iban="DE89370400440532013000", account_holder="Wanda World")
    elif method in BANK_FLOW_METHODS:
        payment_bank_start(order=order, return_url="http://testserver/back/")
    payment = Payment.objects.filter(order=order).latest("id")
    if payment.stripe_payment_intent_id:
        return gateway.intent_retrieve(intent_id=payment.stripe_payment_intent_id).amount
    return payment.amount


def test_fee_table_equals_checkout_total_equals_charged_amount_for_every_method_and_zone(product, localstripe, client):
    """For each delivery option of every zone and each method offered there: the public table's delivered total
    plus the table's method fee = the order total = what Stripe was asked for (or the pending offline payment)."""
    assert product.price_amount * 4 == FEE_EXAMPLE_AMOUNT  # the order's goods are the table's example basket
    page = client.get("/payment-methods/").content.decode()
    _example, fee_rows = fee_table_rows()
    fee_shown = {row.fee.method: row.shopper_fee_example for row in fee_rows}
    checked = 0
    for option in DeliveryOption.objects.filter(active=True).select_related("zone"):
        country = option.zone.country_codes[0]
        shown_total = _page_total(page, option)
        for method in methods_for(option):
            assert format_money(fee_shown[method]) in page
            order = place_order(product, country=country, option=option, method=method)
            quote = checkout_quote(items_total=ITEMS, country=country, delivery_option=option, payment_method=method)
            assert format_money(Money(order.total_amount - order.payment_fee_amount, EUR)) == shown_total
            assert order.payment_fee_amount == fee_shown[method].amount  # demo fees have no percentage part
            assert order.total_amount == quote.total.amount
            assert order.duties_amount == quote.duties.amount
            assert _charged(order, method, localstripe) == order.total_amount, (option, method)
            if option.zone.customs_treatment == CustomsTreatment.DDP:
                assert order.duties_amount > 0
            else:
                assert order.duties_amount == 0
            checked += 1
    assert checked >= 20
    countries = {code for zone in DeliveryZone.objects.all() for code in zone.country_codes}
    assert {"PL", "NL", "DE", "FR", "IE", "GB", "US", "CH"} <= countries
