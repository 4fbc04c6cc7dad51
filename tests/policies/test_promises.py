"""Every promise from the data that keeps it (issue 19).

Per fact: change the configuration the way the merchant does (a model save, committed), and the shipping policy
page, the fee page, the product page, the cart, the checkout and the amount charged all change together, and a
new policy version exists with the right summary and diff. Plus: free delivery exactly at the threshold, and no
hard-coded price, time or day count in any seeded policy text.
"""

from __future__ import annotations

import datetime
import re
import uuid

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from checkout.models import PaymentMethodFee
from checkout.services import order_place
from demo.seeding.policies import _texts, seed_policies
from orders.models import DeliveryOption, DeliveryZone, Order, PaymentMethod
from policies.facts import fact_keys
from policies.selectors import policy_current_version, policy_page
from shop.factories import ProductFactory
from shop.models import Cart
from shop.selectors import CartItem, CartSummary
from tests.payments.conftest import details
from tests.payments.test_checkout_views import fill_cart, walk_to_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def promises(db, django_capture_on_commit_callbacks):
    """The demo configuration and policies: the shipping policy shows [[delivery_table]] and [[cutoff_time]]."""
    seed_policies()
    return django_capture_on_commit_callbacks


def _save(capture, obj) -> None:
    """Save as the admin does: committed, so the policies refresh after the commit."""
    with capture(execute=True):
        obj.full_clean()
        obj.save()


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def _policy_body(client) -> str:
    html = _main(client.get(reverse("policies:policy", kwargs={"kind": "shipping"})).content.decode())
    return html[html.index('class="policy-body"') : html.index('id="history"')]


def _diff_words(kind: str) -> set[tuple[str, str]]:
    entry = policy_page(kind=kind).history[0]
    return {(seg.op, seg.text) for row in entry.diff.rows for seg in row.segments}


def _charged(product, *, quantity: int, country: str, method: str = PaymentMethod.BANK_TRANSFER) -> Order:
    """An order placed through the one placement service: what is charged."""
    cart = CartSummary(cart=None, items=[CartItem(product=product, quantity=quantity)], currency="EUR")
    order = order_place(
        cart=cart, details=details(method, country=country), checkout_token=uuid.uuid4().hex,
        user=None, accepted_terms=None, accepted_returns_policy=None, client=None, quote_fingerprint=None,
    )  # fmt: skip
    return order


def test_a_delivery_price_change_reaches_every_page_the_charge_and_the_policy_history(client, promises):
    product = ProductFactory(price_amount=1000, stock=20)
    poland = DeliveryOption.objects.get(zone__name="EU", name="Standard (DHL)")
    assert "€8.95" in _policy_body(client)
    before = policy_current_version(kind="shipping").number

    poland.price_amount = 995
    _save(promises, poland)

    version = policy_current_version(kind="shipping")
    assert version.number == before + 1
    assert "Delivery to EU (8 countries) (Standard (DHL)): €8.95 -> €9.95" in version.change_summary
    assert ("del", "€8.95") in _diff_words("shipping") and ("ins", "€9.95") in _diff_words("shipping")
    body = _policy_body(client)
    assert "€9.95" in body and "€8.95" not in body
    assert "€9.95" in client.get(reverse("checkout:fees")).content.decode()
    assert "€9.95" in client.get(product.get_absolute_url() + "?ship_to=PL").content.decode()
    review, _token = walk_to_review(client, product, method=PaymentMethod.BANK_TRANSFER, country="PL")
    # A Polish address pays in złoty (issue 16): the same delivery price at the merchant's rate of 4.27.
    assert "85.19" in review and "zł" in review  # (10.00 + 9.95) x 4.27, each converted: 42.70 + 42.49
    # The checkout made złoty this shopper's currency: the cart's delivery panel shows the same price in it.
    cart = client.get(reverse("shop:cart") + "?ship_to=PL").content.decode()
    assert "42.49" in cart and "zł" in cart and "€9.95" not in cart
    order = _charged(product, quantity=1, country="PL")
    assert order.delivery_amount == 995 and order.total_amount == 1995
    # The earlier version still shows the price of its time.
    old = client.get(reverse("policies:policy_version", kwargs={"kind": "shipping", "number": before})).content
    assert "€8.95" in old.decode()


def test_free_delivery_starts_exactly_at_the_threshold(client, promises):
    zone = DeliveryZone.objects.get(name="Netherlands")
    zone.free_delivery_from_amount = 5000
    _save(promises, zone)
    assert "free from €50.00" in _policy_body(client)
    product = ProductFactory(price_amount=4999, stock=20)  # €49.99: one cent short of the €50.00 threshold
    order = _charged(product, quantity=1, country="NL")
    assert order.delivery_amount == 495
    fill_cart(client, product, 1)
    cart = client.get(reverse("shop:cart") + "?ship_to=NL").content.decode()
    assert "€0.01 more for free delivery to Netherlands (free from €50.00)" in cart

    exact = ProductFactory(price_amount=5000, stock=20)
    order = _charged(exact, quantity=1, country="NL")
    assert order.delivery_amount == 0 and order.total_amount == 5000
    page = client.get(exact.get_absolute_url() + "?ship_to=NL").content.decode()
    assert "Free delivery to Netherlands: your order is €50.00 or more." in page
    Cart.objects.all().delete()  # the helpers' carts share one guest token
    review, _token = walk_to_review(Client(), exact, method=PaymentMethod.BANK_TRANSFER, country="NL")
    assert "€50.00" in review and "€54.95" not in review


def test_a_threshold_change_moves_the_cart_checkout_charge_and_policy_together(client, promises):
    product = ProductFactory(price_amount=8000, stock=20)
    assert _charged(product, quantity=1, country="PL").delivery_amount == 0  # €80.00 ≥ €75.00
    zone = DeliveryZone.objects.get(name="EU")
    zone.free_delivery_from_amount = 9500
    _save(promises, zone)

    version = policy_current_version(kind="shipping")
    assert "Free delivery to EU (8 countries): free from €75.00 -> free from €95.00" in version.change_summary
    assert "free from €95.00" in _policy_body(client)
    assert _charged(product, quantity=1, country="PL").delivery_amount == 895
    fill_cart(client, product, 1)
    cart = client.get(reverse("shop:cart") + "?ship_to=PL").content.decode()
    assert "€15.00 more for free delivery to Poland (free from €95.00)" in cart
    fees = client.get(reverse("checkout:fees")).content.decode()
    assert "free from €95.00" in fees

    zone.free_delivery_from_amount = None  # no free delivery: none promised anywhere
    _save(promises, zone)
    assert "no free delivery" in _policy_body(client)
    assert "more for free delivery to Poland" not in client.get(reverse("shop:cart")).content.decode()


def test_a_cut_off_change_is_the_one_the_policy_states(client, promises):
    options = list(DeliveryOption.objects.filter(active=True))
    assert "14:00 (Europe/Amsterdam)" in _policy_body(client)
    with promises(execute=True):
        for option in options:
            option.cutoff_time = datetime.time(15, 0)
            option.save()
    version = policy_current_version(kind="shipping")
    assert "Order cut-off: 14:00 (Europe/Amsterdam) -> 15:00 (Europe/Amsterdam)" in version.change_summary
    assert "15:00 (Europe/Amsterdam)" in _policy_body(client) and "14:00" not in _policy_body(client)
    assert "order before 15:00 (Europe/Amsterdam)" in client.get(reverse("checkout:fees")).content.decode()


def test_a_payment_fee_change_reaches_the_fee_page_checkout_charge_and_terms(client, promises):
    """The terms state the payment fees through [[payment_fees]]; cash on delivery costs €2.50, then €3.00."""
    product = ProductFactory(price_amount=1000, stock=20)
    terms = policy_current_version(kind="terms")
    assert "[[payment_fees]]" in terms.body_html
    fee = PaymentMethodFee.objects.get(method=PaymentMethod.CASH_ON_DELIVERY)
    fee.shopper_fee_fixed = 300
    _save(promises, fee)

    version = policy_current_version(kind="terms")
    assert version.number == terms.number + 1
    assert version.change_summary == "Payment fee for Cash on delivery: €2.50 -> €3.00"
    assert ("del", "€2.50") in _diff_words("terms") and ("ins", "€3.00") in _diff_words("terms")
    assert "€3.00" in client.get(reverse("checkout:fees")).content.decode()
    order = _charged(product, quantity=1, country="NL", method=PaymentMethod.CASH_ON_DELIVERY)
    assert order.payment_fee_amount == 300


def test_bank_details_come_from_the_account_checkout_shows(client, promises, settings):
    terms = policy_current_version(kind="terms")
    assert settings.MERCHANT_IBAN in client.get(reverse("policies:policy", kwargs={"kind": "terms"})).content.decode()
    settings.MERCHANT_IBAN = "NL02 ABNA 0123 4567 89"
    call_command("policy_facts_refresh", stdout=open("/dev/null", "w"))  # noqa: SIM115
    version = policy_current_version(kind="terms")
    assert version.number == terms.number + 1 and "NL02 ABNA 0123 4567 89" in version.change_summary


PRICE = re.compile(r"(€|EUR)\s?\d|\d+[.,]\d{2}\s?(€|EUR)", re.IGNORECASE)
TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
DAY_COUNT = re.compile(
    r"\b(\d+|one|two|three|four|five|six|seven|ten|fourteen|thirty)[\s-]+(calendar\s+|working\s+|business\s+)?"
    r"(days?|hours?|weeks?)\b",
    re.IGNORECASE,
)


# The same in Polish and Dutch: "30 dni", "14 dagen", "24 godziny", "2 werkdagen"...
DAY_COUNT_PL_NL = re.compile(
    r"\b(\d+|jeden|dwa|trzy|czternaście|trzydzieści|een|twee|drie|veertien|dertig)[\s-]+(roboczych\s+)?"
    r"(dni|dzień|dnia|godzin[ay]?|tygodni[e]?|dagen|dag|werkdagen|werkdag|uur|weken|week)\b",
    re.IGNORECASE,
)


def test_no_seeded_policy_text_hard_codes_a_price_time_or_day_count():
    for kind, versions in _texts().items():
        for body, _summary, translations, _summaries in versions:
            for language, text in {"en": body, **translations}.items():
                for pattern in (PRICE, TIME, DAY_COUNT, DAY_COUNT_PL_NL):
                    found = pattern.search(text)
                    assert found is None, f"{kind} ({language}): {found.group(0)!r} belongs in a fact block"


def test_seeded_translations_use_the_english_fact_blocks():
    for kind, versions in _texts().items():
        for body, _summary, translations, _summaries in versions:
            assert set(translations) == {"pl", "nl"}, kind
            for language, text in translations.items():
                assert set(fact_keys(text)) == set(fact_keys(body)), (kind, language)


def test_the_check_would_catch_the_old_seed():
    old = "Orders placed before 15:00 leave the same day. EUR 4.95, free from EUR 50. Return within 14 days."
    assert PRICE.search(old) and TIME.search(old) and DAY_COUNT.search(old)
