"""The account area: orders with timelines, the address book, security, delete my account, download my data."""

from __future__ import annotations

import json

import pytest
from allauth.usersessions.models import UserSession
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from accounts.models import Address, LoginEvent
from orders.factories import OrderFactory, OrderLineFactory, order_move
from orders.models import Order
from orders.states import OrderStatus
from tests.accounts.helpers import BROWSER_UA, PASSWORD, address_data, sign_in, user_make

pytestmark = pytest.mark.django_db

ACCOUNT_PAGES = [
    "accounts:overview",
    "accounts:orders",
    "accounts:addresses",
    "accounts:address_create",
    "accounts:security",
    "accounts:delete",
    "accounts:data_export",
]


@pytest.fixture
def ada():
    return user_make(username="ada", email="ada@example.com")


@pytest.fixture
def bob():
    return user_make(username="bob", email="bob@example.com")


@pytest.fixture
def ada_client(client, ada):
    sign_in(client, ada)
    return client


@pytest.mark.parametrize("name", ACCOUNT_PAGES)
def test_account_pages_need_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", [n for n in ACCOUNT_PAGES if n != "accounts:data_export"])
def test_account_pages_render_for_owner(ada_client, name):
    response = ada_client.get(reverse(name))
    assert response.status_code == 200
    assert b'aria-current="page"' in response.content or name == "accounts:address_create"


def test_overview_says_whether_two_factor_is_on(ada_client, ada):
    page = ada_client.get(reverse("accounts:overview")).content.decode()
    assert "ada@example.com" in page
    assert "Two-factor authentication is off." in page


def test_orders_list_shows_only_my_orders_and_the_timeline(ada_client, ada, bob):
    mine = OrderFactory(user=ada, email=ada.email, total_amount=4250)
    OrderLineFactory(order=mine, name="Linen apron", quantity=2, unit_price_amount=2125)
    order_move(order=mine, to_status=OrderStatus.PAID, cause="card payment succeeded")
    order_move(order=mine, to_status=OrderStatus.SHIPPED, cause="handed to PostNL")
    theirs = OrderFactory(user=bob, email=bob.email)

    listing = ada_client.get(reverse("accounts:orders")).content.decode()
    assert mine.number in listing
    assert theirs.number not in listing
    assert "€42.50" in listing or "42,50" in listing

    detail = ada_client.get(reverse("accounts:order", args=[mine.number])).content.decode()
    assert "Linen apron" in detail
    assert "card payment succeeded" in detail
    assert "handed to PostNL" in detail
    timeline = detail[detail.index("Timeline") :]
    assert timeline.index("Paid") < timeline.index("card payment succeeded") < timeline.index("Shipped")


def test_someone_elses_order_is_not_found(ada_client, bob):
    theirs = OrderFactory(user=bob, email=bob.email, full_name="Bob Secret")
    response = ada_client.get(reverse("accounts:order", args=[theirs.number]))
    assert response.status_code == 404
    assert b"Bob Secret" not in response.content


def test_address_create_first_is_default_and_default_moves(ada_client, ada):
    response = ada_client.post(reverse("accounts:address_create"), address_data())
    assert response.status_code == 302
    first = Address.objects.get(user=ada)
    assert first.is_default

    ada_client.post(reverse("accounts:address_create"), address_data(line1="Prinsengracht 2"))
    second = Address.objects.get(user=ada, line1="Prinsengracht 2")
    assert not second.is_default  # not asked for

    ada_client.post(reverse("accounts:address_create"), address_data(line1="Herengracht 3", is_default="on"))
    third = Address.objects.get(user=ada, line1="Herengracht 3")
    assert third.is_default
    assert list(Address.objects.filter(user=ada, is_default=True)) == [third]

    page = ada_client.get(reverse("accounts:addresses")).content.decode()
    assert "Keizersgracht 1" in page and "Herengracht 3" in page


def test_address_bad_input_shows_error_and_saves_nothing(ada_client, ada):
    response = ada_client.post(reverse("accounts:address_create"), address_data(postal_code="", country="XX"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "This field is required." in page
    assert "Select a valid choice." in page
    assert not Address.objects.filter(user=ada).exists()


def test_address_edit_and_delete(ada_client, ada):
    ada_client.post(reverse("accounts:address_create"), address_data())
    ada_client.post(reverse("accounts:address_create"), address_data(line1="Prinsengracht 2"))
    first = Address.objects.get(user=ada, line1="Keizersgracht 1")

    response = ada_client.post(reverse("accounts:address_update", args=[first.pk]), address_data(city="Utrecht"))
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.city == "Utrecht"

    # Deleting the default hands the default to the remaining address.
    response = ada_client.post(reverse("accounts:address_delete", args=[first.pk]))
    assert response.status_code == 302
    assert list(Address.objects.filter(user=ada).values_list("line1", "is_default")) == [("Prinsengracht 2", True)]


def test_someone_elses_address_cannot_be_seen_changed_or_deleted(ada_client, bob):
    from accounts.services import address_create

    theirs = address_create(user=bob, **address_data(full_name="Bob Builder"))
    for name in ("accounts:address_update", "accounts:address_delete"):
        assert ada_client.get(reverse(name, args=[theirs.pk])).status_code == 404
        assert ada_client.post(reverse(name, args=[theirs.pk]), address_data(city="Hacked")).status_code == 404
    assert ada_client.post(reverse("accounts:address_default", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.city == "Amsterdam" and theirs.full_name == "Bob Builder"
    assert b"Bob Builder" not in ada_client.get(reverse("accounts:addresses")).content


def test_sign_in_is_recorded_with_time_browser_and_masked_network(ada_client, ada):
    event = LoginEvent.objects.get(user=ada)
    assert event.user_agent_summary == "Chrome 131 on Windows"
    assert event.ip_masked == "127.0.0.0/24"
    page = ada_client.get(reverse("accounts:security")).content.decode()
    assert "Recent sign-ins" in page
    assert "Chrome 131 on Windows" in page
    assert "127.0.0.0/24" in page
    assert "127.0.0.1" not in page  # the full address is never stored or shown


def test_security_page_ends_the_other_sessions(ada, ada_client):
    phone = Client()
    sign_in(phone, ada)
    assert UserSession.objects.filter(user=ada).count() == 2
    page = ada_client.get(reverse("accounts:security")).content.decode()
    assert "Sign out the 1 other session" in page

    response = ada_client.post(reverse("accounts:sessions_end_others"))
    assert response.status_code == 302
    assert UserSession.objects.filter(user=ada).count() == 1
    # The other browser is signed out; this one is not.
    assert phone.get(reverse("accounts:overview")).status_code == 302
    assert ada_client.get(reverse("accounts:overview")).status_code == 200
    assert Session.objects.count() == 1


def test_delete_account_needs_the_password_and_keeps_orders_detached(ada_client, ada):
    paid = OrderFactory(user=ada, email=ada.email, full_name="Ada Lovelace")
    order_move(order=paid, to_status=OrderStatus.PAID, cause="paid")
    cancelled = OrderFactory(user=ada, email=ada.email, full_name="Ada Lovelace", phone="+31 6 1234 5678")
    order_move(order=cancelled, to_status=OrderStatus.CANCELLED, cause="shopper cancelled")
    page = ada_client.get(reverse("accounts:delete")).content.decode()
    assert "Orders are kept" in page

    wrong = ada_client.post(reverse("accounts:delete"), {"password": "not-my-password", "confirm": "on"})
    assert wrong.status_code == 200
    assert "That password is not correct." in wrong.content.decode()
    assert get_user_model().objects.filter(pk=ada.pk).exists()

    unconfirmed = ada_client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert unconfirmed.status_code == 200
    assert get_user_model().objects.filter(pk=ada.pk).exists()

    response = ada_client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=ada.pk).exists()
    assert not Session.objects.exists()
    paid.refresh_from_db()
    cancelled.refresh_from_db()
    assert paid.user is None and paid.full_name == "Ada Lovelace"  # invoice data kept for bookkeeping
    assert cancelled.user is None and cancelled.full_name == "deleted" and cancelled.phone == ""
    assert Order.objects.count() == 2
    assert ada_client.get(reverse("accounts:overview")).status_code == 302


def test_download_my_data_is_my_data_only(ada_client, ada, bob):
    from accounts.services import address_create

    address_create(user=ada, **address_data())
    address_create(user=bob, **address_data(full_name="Bob Builder"))
    order = OrderFactory(user=ada, email=ada.email)
    OrderLineFactory(order=order, name="Linen apron", quantity=1, unit_price_amount=2125)
    order_move(order=order, to_status=OrderStatus.PAID, cause="card payment succeeded")
    OrderFactory(user=bob, email=bob.email)

    response = ada_client.get(reverse("accounts:data_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["profile"]["email"] == "ada@example.com"
    assert [a["full_name"] for a in data["addresses"]] == ["Ada Lovelace"]
    assert [o["number"] for o in data["orders"]] == [order.number]
    assert data["orders"][0]["lines"][0]["name"] == "Linen apron"
    assert data["orders"][0]["timeline"][0]["to"] == "paid"
    assert data["sign_ins"][0]["browser"] == "Chrome 131 on Windows"
    assert data["reviews"] == []
    assert "Bob" not in response.content.decode()
    assert "bob@example.com" not in response.content.decode()


def test_header_links_to_the_account_when_signed_in(ada_client):
    page = ada_client.get(reverse("shop:home"), HTTP_USER_AGENT=BROWSER_UA).content.decode()
    assert f'href="{reverse("accounts:overview")}"' in page


def test_my_reviews_are_in_my_data_without_the_moderators_name(ada_client, ada):
    from reviews.models import Review
    from shop.factories import ProductFactory

    merchant = user_make(username="merchant-mo", email="mo@example.com", staff=True)
    product = ProductFactory(name="Oak chopping board")
    Review.objects.create(
        product=product,
        author=ada,
        display_name="Ada L.",
        rating=5,
        title="Solid board",
        body="Heavy, flat and it does not slide on the counter.",
        status=Review.Status.PUBLISHED,
        moderated_by=merchant,
    )
    data = json.loads(ada_client.get(reverse("accounts:data_export")).content)
    [review] = data["reviews"]
    assert review["kind"] == "review"
    assert review["title"] == "Solid board" and review["rating"] == 5
    assert review["product"] == str(product)
    assert "merchant-mo" not in json.dumps(data)
