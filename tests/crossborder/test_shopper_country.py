"""The checkout country and the delivery estimator start at the shopper's country: their saved address, then
their browser's region (Accept-Language), then the site language; never the alphabetically first country."""

from __future__ import annotations

import re

import pytest

from accounts.factories import UserFactory
from accounts.models import Address
from checkout.delivery import accept_language_countries
from demo.seeding.payments import seed_payment_config
from shop.factories import ProductFactory
from shop.models import Cart, CartLine
from shop.selectors import CART_SESSION_KEY

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(db):
    seed_payment_config()
    return ProductFactory(price_amount=2500, stock=10)


def _selected_country(html: str) -> str:
    select = html[html.index('name="country"') :]
    select = select[: select.index("</select>")]
    found = re.search(r'<option value="([A-Z]{2})" selected>', select)
    return found.group(1) if found else ""


def _address_step(client, product, path: str, user=None, **headers) -> str:
    cart = Cart.objects.create(user=user) if user else Cart.objects.create(guest_token=f"country-{path}")
    CartLine.objects.create(cart=cart, product=product, quantity=1)
    if user is None:
        session = client.session
        session[CART_SESSION_KEY] = cart.guest_token
        session.save()
    response = client.get(path, headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def test_accept_language_regions_in_order_of_preference():
    assert accept_language_countries("nl-BE,nl;q=0.9,en-GB;q=0.5") == ["BE", "GB"]
    assert accept_language_countries("en-US;q=0.3, pl-PL;q=0.8") == ["PL", "US"]
    assert accept_language_countries("de, fr;q=0.5, garbage;;, xx-YY;q=0") == []
    assert accept_language_countries("") == []


@pytest.mark.parametrize(
    ("path", "accept", "expected"),
    [
        ("/pl/checkout/address/", "pl-PL,pl;q=0.9", "PL"),
        ("/checkout/address/", "de-DE,de;q=0.9,en;q=0.5", "DE"),  # the browser's region beats the site language
        ("/nl/checkout/address/", "nl-BE,nl;q=0.9", "BE"),
        ("/pl/checkout/address/", "pl", "PL"),  # no region: the site language's country
        ("/nl/checkout/address/", "", "NL"),
        ("/checkout/address/", "en", ""),  # nothing known: no country chosen for the shopper, never "AT"
    ],
)
def test_checkout_country_follows_the_browser_then_the_language(client, product, path, accept, expected):
    html = _address_step(client, product, path, accept_language=accept)
    assert _selected_country(html) == expected


def test_a_saved_address_comes_first(client, product):
    user = UserFactory()
    Address.objects.create(
        user=user, full_name="Anna Kowalska", line1="ul. Długa 5", postal_code="00-238", city="Warszawa",
        country="BE", is_default=True,
    )  # fmt: skip
    client.force_login(user)
    html = _address_step(client, product, "/nl/checkout/address/", user=user, accept_language="pl-PL")
    assert _selected_country(html) == "BE"


def test_the_product_page_estimates_delivery_to_the_browser_country(client, product):
    path = f"/p/{product.slug}/"
    html = client.get(f"/pl{path}", headers={"accept_language": "pl-PL"}).content.decode()
    assert 'value="PL" selected' in html
    dutch = client.get(f"/nl{path}", headers={"accept_language": "nl-BE"}).content.decode()
    assert 'value="BE" selected' in dutch
