"""Paying in the shopper's currency: the merchant's rate and rounding, one conversion for everything shown and
charged, the order's rate and base amount, the prior price per currency, the checkout's currency following the
delivery country and the header switch, bank details per currency, and the fee table = checkout total = charged
amount for every method in every currency."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from checkout.config import checkout_config_changed
from checkout.models import PaymentMethodFee
from checkout.pricing import checkout_quote
from checkout.selectors import fee_table_rows
from checkout.services import payment_card_start
from core.formatting import format_money
from core.money import Money
from orders.access import order_signed_path
from orders.methods import REGISTRY, methods_for
from orders.models import PaymentMethod
from payments import gateway
from payments.models import Payment
from payments.services import payment_bank_start, payment_sepa_start
from prices.currency import UnknownCurrency, convert, currency_for_country, shop_currencies
from prices.models import CurrencyRate
from prices.selectors import prior_price_omnibus
from prices.services import currency_prices_record, product_price_set
from shop.factories import ProductFactory
from tests.methods.conftest import place_with
from tests.methods.helpers import checkout_to_review
from tests.payments.conftest import CARD_OK, card_token

pytestmark = [pytest.mark.django_db]


def set_rate(currency="PLN", rate="4.27", rounding="minor", active=True):
    row, _created = CurrencyRate.objects.update_or_create(
        currency=currency,
        defaults={
            "rate": Decimal(rate),
            "rounding": rounding,
            "source": "Test",
            "rate_date": timezone.localdate(),
            "active": active,
        },
    )
    return row


# --- The one conversion -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rounding", "euros", "expected"),
    [
        ("minor", 2500, 10675),  # 25.00 x 4.27 = 106.75
        ("minor", 895, 3822),  # 8.95 x 4.27 = 38.2165 -> 38.22 (half up)
        ("minor", 1, 4),  # 0.0427 -> 0.04
        ("whole", 2500, 10700),  # 106.75 -> 107
        ("whole", 2490, 10600),  # 106.323 -> 106
        ("ninety_nine", 2500, 10699),  # 106.75 -> 106.99
        ("ninety_nine", 2342, 10099),  # exactly 100.0034 -> 100.99
        ("minor", 0, 0),
    ],
)
def test_conversion_follows_the_merchants_rate_and_rounding_rule(db, rounding, euros, expected):
    set_rate(rounding=rounding)
    assert convert(Money(euros, "EUR"), "PLN") == Money(expected, "PLN")


def test_same_currency_is_the_identity_and_an_unknown_currency_is_refused(db):
    assert convert(Money(1234, "EUR"), "EUR") == Money(1234, "EUR")
    with pytest.raises(UnknownCurrency):
        convert(Money(100, "EUR"), "CHF")


def test_a_converted_price_changes_only_when_the_merchant_changes_the_rate(db):
    set_rate(rate="4.27")
    first = convert(Money(2500, "EUR"), "PLN")
    assert convert(Money(2500, "EUR"), "PLN") == first  # no per-request rate
    set_rate(rate="4.30")
    assert convert(Money(2500, "EUR"), "PLN") == Money(10750, "PLN")


def test_currency_follows_the_delivery_country_when_offered(db):
    set_rate("PLN")
    set_rate("GBP", rate="0.85", active=False)
    assert currency_for_country("PL") == "PLN"
    assert currency_for_country("NL") == "EUR"
    assert currency_for_country("GB") == "EUR"  # pound designed for, not offered yet
    set_rate("GBP", rate="0.85", active=True)
    assert currency_for_country("GB") == "GBP"
    assert shop_currencies() == ["EUR", "GBP", "PLN"]


# --- Orders in złoty ------------------------------------------------------------------------------------------


def test_a_zloty_order_is_priced_by_the_quote_and_keeps_its_rate_and_base_amount(shop):
    order = place_with(shop, method=PaymentMethod.CARD, country="PL", currency="PLN")
    line = order.lines.get()
    assert order.currency == "PLN"
    assert line.unit_price == Money(10675, "PLN")
    assert order.delivery_amount == convert(order.delivery_option.price, "PLN").amount
    assert order.total_amount == order.items_amount + order.delivery_amount + order.payment_fee_amount
    assert order.exchange_rate == Decimal("4.27")
    assert order.base_total_amount == round(order.total_amount / Decimal("4.27"))


def test_free_delivery_threshold_is_converted_too(shop):
    # EU zone: free from 75.00 EUR = 320.25 PLN; 3 x 106.75 = 320.25 reaches it exactly.
    order = place_with(shop, method=PaymentMethod.CARD, country="PL", currency="PLN", quantity=3)
    assert order.items_amount == 32025
    assert order.delivery_amount == 0


def test_bank_transfer_in_zloty_shows_the_zloty_account(client, shop):
    CurrencyRate.objects.filter(currency="PLN").update(bank_iban="PL61 1090 1014 0000 0712 1981 2874")
    order = place_with(shop, method=PaymentMethod.BANK_TRANSFER, country="PL", currency="PLN")
    page = client.get(order_signed_path(order=order)).content.decode()
    assert "PL61 1090 1014 0000 0712 1981 2874" in page
    euro = place_with(shop, method=PaymentMethod.BANK_TRANSFER, country="NL")
    assert "PL61" not in client.get(order_signed_path(order=euro)).content.decode()


# --- Prior price per currency ---------------------------------------------------------------------------------


def test_prior_price_in_zloty_comes_from_the_zloty_history(db):
    set_rate(rate="4.00")
    now = timezone.now()
    product = ProductFactory(price_amount=3000)
    product_price_set(product=product, price=Money(3000, "EUR"), actor=None, at=now - datetime.timedelta(days=40))
    currency_prices_record(currency="PLN", at=now - datetime.timedelta(days=40))
    product_price_set(product=product, price=Money(2500, "EUR"), actor=None, at=now - datetime.timedelta(days=1))
    euro = prior_price_omnibus(product=product, now=now)
    zloty = prior_price_omnibus(product=product, now=now, currency="PLN")
    assert euro.prior == Money(3000, "EUR") and euro.current == Money(2500, "EUR")
    assert zloty.prior == Money(12000, "PLN") and zloty.current == Money(10000, "PLN")


def test_no_zloty_prior_price_when_the_zloty_history_is_shorter_than_30_days(db):
    now = timezone.now()
    product = ProductFactory(price_amount=3000)
    product_price_set(product=product, price=Money(3000, "EUR"), actor=None, at=now - datetime.timedelta(days=40))
    set_rate(rate="4.00")  # the złoty rate starts today: its history does not cover the 30 days
    product_price_set(product=product, price=Money(2500, "EUR"), actor=None, at=now + datetime.timedelta(seconds=1))
    assert prior_price_omnibus(product=product, now=now + datetime.timedelta(seconds=2)) is not None
    assert prior_price_omnibus(product=product, now=now + datetime.timedelta(seconds=2), currency="PLN") is None


# --- Checkout: currency follows the country, the header switch, notes ------------------------------------------


def test_polish_address_prices_the_checkout_in_zloty_with_blik_first(client, shop):
    review = checkout_to_review(client, shop, country="PL", method="blik")
    page = review["page"]
    assert "zł" in page
    assert "Paying in złoty avoids your bank" in page
    assert "4.27" in page  # the published rate next to the total
    method_page = client.get("/checkout/payment-method/").content.decode()
    assert method_page.index('value="blik"') < method_page.index('value="p24"') < method_page.index('value="card"')
    assert 'value="ideal"' not in method_page
    # The header switch to euro: the checkout is priced again, and BLIK (złoty only) must be chosen again.
    client.post("/currency/", {"currency": "EUR", "next": "/checkout/review/"})
    assert client.session["currency"] == "EUR"
    review_page = client.get("/checkout/review/", follow=True).content.decode()
    assert "Payment method" in review_page and 'value="blik"' not in review_page
    assert "You can pay in złoty" in review_page
    # A foreign "next" is not followed; an unknown currency changes nothing.
    assert client.post("/currency/", {"currency": "PLN", "next": "https://evil.example/"})["Location"] == "/"
    client.post("/currency/", {"currency": "XXX", "next": "/"})
    assert client.session["currency"] == "PLN"


def test_dutch_checkout_offers_ideal_first_and_no_polish_methods(client, shop):
    review = checkout_to_review(client, shop, country="NL", method="ideal")
    assert "€" in review["page"]
    page = client.get("/checkout/payment-method/").content.decode()
    assert page.index('value="ideal"') < page.index('value="card"')
    assert 'value="blik"' not in page and 'value="p24"' not in page


def test_the_public_page_shows_rates_date_source_and_says_why_no_wallets(client, shop):
    page = client.get("/payment-methods/?currency=PLN").content.decode()
    assert "1 EUR = 4.27 PLN" in page
    assert "Demo rate" in page
    assert "Apple Pay" in page and "Google Pay" in page
    assert "dynamic currency conversion" in page
    assert "zł" in page


# --- Fee table = checkout total = charged amount, every method x currency ------------------------------------


def _country_for(method: str, currency: str) -> str:
    for country in ("PL", "NL", "BE", "DE"):
        if REGISTRY[method].serves(country=country, currency=currency) and (currency != "PLN" or country == "PL"):
            return country
    raise AssertionError(f"no country for {method} in {currency}")


METHOD_CURRENCIES = [
    (method, currency) for currency in ("EUR", "PLN") for method in REGISTRY if currency in REGISTRY[method].currencies
]


@pytest.mark.localstripe
@pytest.mark.parametrize(("method", "currency"), METHOD_CURRENCIES)
def test_fee_table_checkout_total_and_charged_amount_agree(client, shop, localstripe, method, currency):
    PaymentMethodFee.objects.filter(method=PaymentMethod.PAYPAL).update(shopper_fee_fixed=10, shopper_fee_percent=1)
    checkout_config_changed()
    example, rows = fee_table_rows(currency=currency)
    row = next(r for r in rows if r.fee.method == method)
    assert example == convert(Money(10000, "EUR"), currency)
    quote = checkout_quote(items_total=example, country="", delivery_option=None, payment_method=method)
    assert row.shopper_fee_example == quote.payment_fee
    page = client.get(f"/payment-methods/?currency={currency}").content.decode()
    assert format_money(row.shopper_fee_example) in page
    country = _country_for(method, currency)
    order = place_with(shop, method=method, country=country, currency=currency, quantity=4)  # = the example
    expected = checkout_quote(
        items_total=example, country=country, delivery_option=order.delivery_option, payment_method=method
    )
    assert order.currency == currency
    assert order.items_amount == example.amount
    assert order.payment_fee_amount == expected.payment_fee.amount
    assert order.total_amount == expected.total.amount
    if method == PaymentMethod.CARD:
        payment_card_start(order=order, payment_method_id=card_token(localstripe, CARD_OK))
    elif method == PaymentMethod.SEPA_DEBIT:
        payment_sepa_start(order=order, iban="DE89370400440532013000", account_holder="Bea Buyer")
    elif REGISTRY[method].online:
        payment_bank_start(order=order, return_url="http://testserver/back/", blik_code="123456")
    payment = Payment.objects.get(order=order)
    assert payment.money == Money(order.total_amount, currency)
    if payment.stripe_payment_intent_id:
        intent = gateway.intent_retrieve(intent_id=payment.stripe_payment_intent_id)
        assert intent.money == Money(order.total_amount, currency)


# --- The registry's rules -----------------------------------------------------------------------------------


def test_countries_get_their_expected_order():
    assert [m.code for m in methods_for(country="PL", currency="PLN")][:2] == ["blik", "p24"]
    assert [m.code for m in methods_for(country="NL", currency="EUR")][0] == "ideal"
    assert [m.code for m in methods_for(country="BE", currency="EUR")][0] == "bancontact"
    assert "blik" not in [m.code for m in methods_for(country="PL", currency="EUR")]
    assert "ideal" not in [m.code for m in methods_for(country="PL", currency="EUR")]


@pytest.mark.parametrize(
    ("method", "law"),
    [("ideal", "SEPA credit transfer"), ("bancontact", "IFR"), ("p24", "Przelewy24"), ("blik", r"62\(5\)")],
)
def test_the_admin_refuses_a_surcharge_the_law_forbids_with_the_reason(db, method, law):
    fee = PaymentMethodFee(method=method, shopper_fee_fixed=10, merchant_cost_fixed=30)
    with pytest.raises(ValidationError, match=law):
        fee.full_clean()


def test_paypal_may_carry_a_fee_up_to_its_cost_and_no_more(db):
    PaymentMethodFee(method="paypal", shopper_fee_fixed=10, merchant_cost_fixed=10).full_clean()
    with pytest.raises(ValidationError, match="art. 19"):
        PaymentMethodFee(method="paypal", shopper_fee_fixed=11, merchant_cost_fixed=10).full_clean()


def test_the_header_switch_keeps_cookie_free_pages_cookie_free(client, shop):
    response = client.get(shop.get_absolute_url())
    page = response.content.decode()
    assert 'data-testid="currency-switch"' in page and 'value="PLN"' in page
    switch = page.split('data-testid="currency-switch"')[1].split("</form>")[0]
    assert 'name="csrfmiddlewaretoken" value=""' in switch  # the token is fetched when the switch is used
    assert "sessionid" not in response.cookies  # the switch reads no session on a cookie-free visit
    switched = client.post("/currency/", {"currency": "PLN", "next": shop.get_absolute_url()})
    assert switched.status_code == 302 and switched["Location"] == shop.get_absolute_url()
    assert client.session["currency"] == "PLN"
    assert 'value="PLN" selected' in client.get(shop.get_absolute_url()).content.decode()


def test_the_cart_is_priced_in_the_shoppers_currency_like_the_checkout(client, shop):
    review = checkout_to_review(client, shop, country="PL", method="blik", quantity=2)
    assert "213.50" in review["page"]  # 2 x 106.75
    cart = client.get("/cart/").content.decode()
    assert "106.75" in cart and "213.50" in cart and "zł" in cart
    client.post("/currency/", {"currency": "EUR", "next": "/cart/"})
    cart = client.get("/cart/").content.decode()
    assert "€50.00" in cart and "213.50" not in cart
