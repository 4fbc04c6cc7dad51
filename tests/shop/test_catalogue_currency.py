"""The catalogue in the shopper's currency (issue 16, Currency): product cards (home, category, search) and the
product page show the price, the EU 30-day prior price and the delivered prices in the shopper's currency, the
choice in the header, else the default of the page's language (złoty on /pl/, euro on /nl/), converted by the
one ``convert`` the cart and the checkout charge with. The page cache never serves one currency's page to a
shopper of the other, and cookie-free pages still set no cookie."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from checkout.pricing import cart_quote
from core.formatting import format_money
from core.money import Money
from demo.seeding.payments import seed_payment_config
from prices.currency import base_amount_at_least, base_amount_at_most, convert
from prices.models import CurrencyRate
from prices.services import currency_prices_record, product_price_set
from shop.factories import CategoryFactory, ProductFactory
from shop.selectors import CartItem, CartSummary

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


def set_rate(rate="4.30", rounding="minor"):
    CurrencyRate.objects.update_or_create(
        currency="PLN",
        defaults={"rate": Decimal(rate), "rounding": rounding, "source": "Test", "rate_date": timezone.localdate()},
    )


@pytest.fixture
def mug(db):
    seed_payment_config()
    set_rate()
    category = CategoryFactory(name="Kitchen", slug="kitchen")
    return ProductFactory(name="Stoneware mug", category=category, stock=40, price_amount=3000, is_featured=True)


def url(language: str, obj) -> str:
    """The page of a product or category in ``language`` (built by hand: a request may leave a language active)."""
    return f"/{language}/{'c' if obj.__class__.__name__ == 'Category' else 'p'}/{obj.slug}/"


def pln(minor: int, language: str = "pl") -> str:
    return format_money(Money(minor, "PLN"), language)


def html(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def price_block(page: str) -> str:
    """The product page's price paragraph (the first price on the page: the product's own)."""
    start = page.index('<p class="price')
    return page[start:page.index("</p>", start)]


def test_polish_product_page_shows_zloty_as_polish_writes_it(mug):
    page = html(Client(), url("pl", mug))
    assert f"129,00{NBSP}zł" in price_block(page)  # 30.00 EUR x 4.30
    assert "€" not in price_block(page)


def test_dutch_product_page_shows_euro(mug):
    page = html(Client(), url("nl", mug))
    assert format_money(Money(3000, "EUR"), "nl") in price_block(page)
    assert "zł" not in price_block(page)


def test_polish_delivery_panel_prices_are_in_zloty_too(mug):
    page = html(Client(), url("pl", mug) + "?ship_to=PL")
    panel = page[page.index('data-testid="delivered-price"'):]
    assert "zł" in panel[:200] and "€" not in panel[:200]


def test_polish_cards_on_home_category_and_search_show_zloty(mug):
    for path in ["/pl/", url("pl", mug.category), "/pl/search/?q=mug"]:
        page = html(Client(), path)
        assert f"129,00{NBSP}zł" in page, path
    assert pln(12900, "nl") not in html(Client(), url("nl", mug.category))


def test_switching_currency_changes_the_next_product_and_category_prices(mug, client):
    product, category = url("nl", mug), url("nl", mug.category)
    assert "zł" not in price_block(html(client, product))
    client.post("/currency/", {"currency": "PLN", "next": product})
    assert pln(12900, "nl") in price_block(html(client, product))
    assert pln(12900, "nl") in html(client, category)
    client.post("/currency/", {"currency": "EUR", "next": product})
    assert format_money(Money(3000, "EUR"), "nl") in price_block(html(client, product))
    assert pln(12900, "nl") not in html(client, category)


@pytest.mark.parametrize("page", ["product", "category", "/nl/", "/nl/search/?q=mug"])
def test_the_cache_never_serves_the_other_currency(mug, page):
    path = {"product": url("nl", mug), "category": url("nl", mug.category)}.get(
        page, page
    )
    euro = format_money(Money(3000, "EUR"), "nl")
    for _ in range(2):  # the second from the page cache (and the listings' fragments)
        assert euro in html(Client(), path)
    with CaptureQueriesContext(connection) as captured:
        assert euro in html(Client(), path)
    if page != "/nl/search/?q=mug":  # search results are not whole-page cached
        assert len(captured) == 0  # served from the cache: the test below really races a cached euro page
    zloty = Client()
    zloty.post("/currency/", {"currency": "PLN", "next": path})
    page_html = html(zloty, path)
    assert pln(12900, "nl") in page_html and euro not in page_html
    assert euro in html(Client(), path)  # and the złoty page was not stored for cookie-free visitors
    assert pln(12900, "nl") not in html(Client(), path)


def test_a_euro_choice_on_polish_pages_is_never_served_the_cached_zloty_page(mug):
    path = url("pl", mug)
    for _ in range(2):
        assert f"129,00{NBSP}zł" in html(Client(), path)
    euro = Client()
    euro.post("/currency/", {"currency": "EUR", "next": path})
    assert format_money(Money(3000, "EUR"), "pl") in price_block(html(euro, path))


def test_cookie_free_polish_pages_set_no_cookie(mug):
    for path in ["/pl/", url("pl", mug), url("pl", mug.category)]:
        for _ in range(2):
            response = Client().get(path)
            assert response.status_code == 200 and not response.cookies, path


def test_polish_prior_price_comes_from_the_zloty_history(mug):
    set_rate("4.00")
    now = timezone.now()
    product = ProductFactory(name="Copper kettle", category=mug.category, price_amount=3000)
    product_price_set(product=product, price=Money(3000, "EUR"), actor=None, at=now - datetime.timedelta(days=40))
    currency_prices_record(currency="PLN", at=now - datetime.timedelta(days=40))
    product_price_set(product=product, price=Money(2500, "EUR"), actor=None, at=now - datetime.timedelta(days=1))
    block = price_block(html(Client(), url("pl", product)))
    assert f"100,00{NBSP}zł" in block and f"120,00{NBSP}zł" in block and "−16%" in block
    assert "€" not in block
    card = html(Client(), url("pl", mug.category))
    assert f"120,00{NBSP}zł" in card


@pytest.mark.parametrize("rounding", ["minor", "whole", "ninety_nine"])
def test_product_page_price_is_the_checkout_unit_price(mug, rounding):
    set_rate("4.27", rounding)
    product = ProductFactory(name="Linen towel", category=mug.category, price_amount=2490)
    cart = CartSummary(cart=None, items=[CartItem(product=product, quantity=2)], currency="EUR")
    quote = cart_quote(cart=cart, country="PL", delivery_option=None, payment_method=None, currency="PLN")
    unit = quote.basket[0].unit_price
    assert unit.currency == "PLN"
    assert format_money(unit, "pl") in price_block(html(Client(), url("pl", product)))


def test_product_page_queries_are_the_same_in_either_currency(mug):
    def count(path: str) -> int:
        client = Client(HTTP_CACHE_CONTROL="no-cache")
        client.cookies["sessionid"] = "none"  # a visitor with a cookie: rendered, never from the page cache
        html(client, path)  # warm the per-process caches
        with CaptureQueriesContext(connection) as captured:
            html(client, path)
        return len(captured)

    assert count(url("pl", mug)) == count(url("nl", mug))


def test_polish_cart_lines_are_in_zloty_as_the_product_page_showed(mug, client):
    client.post(f"/pl/cart/add/{mug.pk}/", {"quantity": 2})
    page = html(client, "/pl/cart/")
    assert f"129,00{NBSP}zł" in page and f"258,00{NBSP}zł" in page  # unit price and line/items total
    assert format_money(Money(3000, "EUR"), "pl") not in page
    client.post("/currency/", {"currency": "EUR", "next": "/pl/cart/"})
    assert format_money(Money(6000, "EUR"), "pl") in html(client, "/pl/cart/")


def jsonld_offer(page: str) -> dict:
    return json.loads(page.split('<script type="application/ld+json">')[1].split("</script>")[0])["offers"]


def test_the_structured_data_offers_the_price_the_page_shows(client, mug):
    """Search engines read the JSON-LD: on /pl/ it must say złoty, and the same amount the page shows."""
    polish = jsonld_offer(html(client, url("pl", mug)))
    assert polish["priceCurrency"] == "PLN" and polish["price"] == "129.00"  # 30.00 x 4.30
    dutch = jsonld_offer(html(Client(), url("nl", mug)))
    assert dutch["priceCurrency"] == "EUR" and dutch["price"] == "30.00"


def card_names(page: str) -> list[str]:
    return [name for name in ("Stoneware mug", "Tin kettle") if f">{name}</a>" in page]


def test_the_price_filter_is_typed_in_the_currency_the_cards_show(mug):
    polish = html(Client(), url("pl", mug.category))
    assert "Cena minimalna (zł)" in polish and "Cena maksymalna (zł)" in polish
    dutch = html(Client(), url("nl", mug.category))
    assert "Minimumprijs (€)" in dutch and "zł" not in dutch.split('class="filters"', 1)[1].split("</form>", 1)[0]


@pytest.mark.parametrize("rounding", ["minor", "whole", "ninety_nine"])
def test_a_zloty_price_filter_keeps_exactly_the_cards_within_it(mug, rounding):
    """A bound equal to the price a card shows keeps it; one grosz past it drops it, under every rounding rule.
    Typed as a Polish shopper types it, with a decimal comma."""
    set_rate("4.37", rounding)
    ProductFactory(name="Tin kettle", category=mug.category, stock=5, price_amount=1001)  # 10.01 EUR
    shown = convert(mug.price, "PLN").amount  # what the mug's card says

    def kept(**bounds: int) -> list[str]:
        query = "&".join(f"{name}={amount // 100},{amount % 100:02}" for name, amount in bounds.items())
        return card_names(html(Client(), f"{url('pl', mug.category)}?{query}"))

    assert "Stoneware mug" in kept(min_price=shown)
    assert "Stoneware mug" not in kept(min_price=shown + 1)
    assert "Stoneware mug" in kept(max_price=shown)
    assert "Stoneware mug" not in kept(max_price=shown - 1)


@pytest.mark.parametrize("rounding", ["minor", "whole", "ninety_nine"])
@pytest.mark.parametrize("zloty", [1, 99, 100, 4299, 4300, 4301, 12_999, 13_000])
def test_base_bounds_are_the_exact_edges_of_what_is_shown(db, rounding, zloty):
    set_rate("4.30", rounding)
    least, most = base_amount_at_least(Money(zloty, "PLN")), base_amount_at_most(Money(zloty, "PLN"))
    assert convert(Money(least, "EUR"), "PLN").amount >= zloty > convert(Money(least - 1, "EUR"), "PLN").amount
    assert convert(Money(most, "EUR"), "PLN").amount <= zloty < convert(Money(most + 1, "EUR"), "PLN").amount
