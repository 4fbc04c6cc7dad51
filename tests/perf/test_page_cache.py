"""Whole anonymous pages from the cache (core/page_cache.py): same page, visitor's own token, never stale.

Each test changes one thing a shopper can see and asserts the very next request shows it: price, stock, a
review, a reply, a helpful vote, "verified purchase" (an order delivered), a delivery option, the cut-off,
the language, the country and a badge. Per-shopper parts (cart count, CSRF token, signed-in viewers) are never
served from the cache.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.cache import SessionStore
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone

from accounts.factories import UserFactory
from core.money import Money
from core.page_cache import page_cache_key
from demo.seeding.payments import seed_payment_config
from orders.factories import order_move
from orders.models import DeliveryOption
from orders.services.stock import stock_reserve
from prices.services import product_price_set
from reviews.models import HelpfulVote, MerchantReply, Review
from reviews.services import review_vote_helpful
from shop.factories import CategoryFactory, ProductFactory
from tests.reviews.conftest import make_order
from trust import badges
from trust.selectors import badges_cache_clear

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


@pytest.fixture
def mug(db):
    seed_payment_config()
    category = CategoryFactory(name="Kitchen", slug="kitchen")
    return ProductFactory(name="Stoneware mug", category=category, stock=40, price_amount=1800, is_featured=True)


def html(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["/", "/c/kitchen/", "product"])
def test_a_warm_page_runs_no_query_and_is_the_same_page(mug, page):
    path = mug.get_absolute_url() if page == "product" else page
    first = Client().get(path)
    again = Client().get(path)
    assert queries(Client(), path) == 0
    assert TOKEN.sub("", first.content.decode()) == TOKEN.sub("", again.content.decode())
    assert "Cookie" in again["Vary"] and "private" not in again.get("Cache-Control", "")


def test_the_stored_page_holds_no_token_and_each_visitor_fetches_their_own(mug):
    Client().get(mug.get_absolute_url())  # stored
    tokens = []
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        response = visitor.get(mug.get_absolute_url())
        assert not response.cookies and TOKEN.search(response.content.decode()).group(1) == ""
        token = visitor.get(reverse("csrf_token")).json()["token"]
        tokens.append(token)
        answer = visitor.post(f"/cart/add/{mug.pk}/", {"quantity": 1, "csrfmiddlewaretoken": token})
        assert answer.status_code == 302  # accepted: the cart
    assert tokens[0] != tokens[1]


def test_a_page_rendered_with_a_token_is_not_stored(mug, client):
    client.get(reverse("csrf_token"))
    token = client.get(reverse("csrf_token")).json()["token"]
    client.post(f"/cart/add/{mug.pk}/", {"quantity": 1, "csrfmiddlewaretoken": token})
    page = html(client, mug.get_absolute_url())  # a cart: the page carries this shopper's token
    assert TOKEN.search(page).group(1)
    assert TOKEN.search(html(Client(), mug.get_absolute_url())).group(1) == ""


def test_one_cache_round_trip_per_hit(mug, monkeypatch):
    from core.cache import pages_cache

    for _ in range(2):  # the first render creates the review settings (moving the reviews version on)
        Client().get(mug.get_absolute_url())
    calls, depth = [], [0]

    def counted(name, original):
        def call(*args, **kwargs):  # only the outermost call: locmem's get_many calls its own get
            if not depth[0]:
                calls.append(name)
            depth[0] += 1
            try:
                return original(*args, **kwargs)
            finally:
                depth[0] -= 1
        return call

    for name in ("get", "get_many", "set", "add", "incr", "set_many"):
        monkeypatch.setattr(pages_cache, name, counted(name, getattr(pages_cache, name)))
    response = Client().get(mug.get_absolute_url())
    assert response.status_code == 200 and "Stoneware mug" in response.content.decode()
    assert calls == ["get_many"], calls


def test_a_visitor_with_a_cart_gets_their_own_page(mug, client):
    client.get("/")
    client.post(f"/cart/add/{mug.pk}/", {"quantity": 2})
    page = html(client, "/")
    assert 'class="cart-count">2' in page
    assert 'class="cart-count"' not in html(Client(), "/")


def test_a_signed_in_shopper_is_never_served_the_anonymous_page(mug, client):
    Client().get(mug.get_absolute_url())
    client.force_login(UserFactory(username="ada", email="ada@example.com"))
    assert "Your account" in html(client, mug.get_absolute_url())


def test_only_canonical_addresses_are_stored(mug, rf):
    request = rf.get("/c/kitchen/", {"utm_source": "mail"})
    assert Client().get("/c/kitchen/?utm_source=mail").status_code == 200
    assert page_cache_key(_resolved(request)) is None  # junk parameter: rendered, never stored
    assert page_cache_key(_resolved(rf.get("/c/kitchen/?sort=price"))) is not None
    assert page_cache_key(_resolved(rf.get("/c/kitchen/?page=01"))) is None  # another spelling of page 1
    assert page_cache_key(_resolved(rf.get("/c/kitchen/?page=2&page=3"))) is None
    assert page_cache_key(_resolved(rf.get(mug.get_absolute_url() + "?reviews_sort=bogus"))) is None
    assert page_cache_key(_resolved(rf.get(mug.get_absolute_url() + "?ship_to=CH"))) is None


def _resolved(request):
    request.resolver_match = resolve(request.path_info)
    request.session = SessionStore()
    request.user = AnonymousUser()
    return request


def test_price_and_stock_show_at_once(mug, client):
    assert "18.00" in html(client, mug.get_absolute_url()) and "18.00" in html(client, "/")
    product_price_set(product=mug, price=Money(2250, "EUR"), actor=None)
    assert "22.50" in html(client, mug.get_absolute_url()) and "22.50" in html(client, "/c/kitchen/")
    order = make_order(products=[mug], status="placed")
    order.lines.update(quantity=37)
    stock_reserve(order=order)
    assert "Only 3 left" in html(client, mug.get_absolute_url()) and "Only 3 left" in html(client, "/")


def test_reviews_replies_votes_and_verification_show_at_once(mug, client):
    buyer = UserFactory(username="anna", email="anna@example.com", first_name="Anna")
    order = make_order(user=buyer, products=[mug], status="paid")
    review = Review.objects.create(
        product=mug, author=buyer, order_line=order.lines.get(), display_name="Anna K.", rating=4, title="Solid",
        body="Heavy and well glazed.", status=Review.Status.PUBLISHED,
    )
    page = html(client, mug.get_absolute_url())
    assert "Solid" in page and "Unverified" in page  # the default threshold is "delivered"
    make_order(user=UserFactory(username="x", email="x@example.com"), products=[mug])  # unrelated order
    order_move(order=order, to_status="shipped", cause="test")
    order_move(order=order, to_status="delivered", cause="test")
    assert "Verified purchase" in html(client, mug.get_absolute_url())
    MerchantReply.objects.create(review=review, author_name="Marta", body="Thank you, Anna!")
    assert "Thank you, Anna!" in html(client, mug.get_absolute_url())
    review_vote_helpful(review=review, user=UserFactory(username="v", email="v@example.com"))
    assert "1 person found this helpful" in html(client, mug.get_absolute_url())
    HelpfulVote.objects.all().delete()
    review.status = Review.Status.REJECTED
    review.save()
    assert "Solid" not in html(client, mug.get_absolute_url())


def test_a_delivery_option_change_and_the_cut_off_show_at_once(mug, client, monkeypatch):
    option = DeliveryOption.objects.filter(zone__countries__contains="NL").order_by("position").first()
    assert option.name in html(client, mug.get_absolute_url())
    option.name = "Bicycle courier"
    option.save()
    assert "Bicycle courier" in html(client, mug.get_absolute_url())
    # A Monday: before the cut-off the parcel leaves today, after it tomorrow; the page follows the clock.
    monday = datetime.datetime(2030, 1, 7, 8, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: monday)
    before = html(client, mug.get_absolute_url())
    monkeypatch.setattr(timezone, "now", lambda: monday + datetime.timedelta(hours=14))
    after = html(client, mug.get_absolute_url())
    windows = [re.findall(r'data-testid="delivery-window">(.*?)</td>', page, re.S) for page in (before, after)]
    assert windows[0] and windows[0] != windows[1]


def test_each_language_and_country_has_its_own_page(mug, client):
    english = html(client, mug.get_absolute_url())
    polish = html(client, "/pl" + mug.get_absolute_url())
    assert 'lang="pl"' in polish and 'lang="en"' in english
    swiss = html(Client(), mug.get_absolute_url() + "?ship_to=CH")
    assert 'value="CH" selected' in swiss and 'value="CH" selected' not in html(Client(), mug.get_absolute_url())


def test_a_badge_that_changes_shows_at_once(mug, client, monkeypatch):
    assert 'data-badge="card_data_stripe"' in html(client, mug.get_absolute_url())
    spec = badges.REGISTRY["card_data_stripe"]

    def failing(*, request):
        result = spec.function(request=request)
        result.passed = False
        return result

    monkeypatch.setitem(badges.REGISTRY, "card_data_stripe", badges.BadgeSpec(key=spec.key, function=failing,
                                                                               cached=True))
    badges_cache_clear()
    page = html(client, mug.get_absolute_url())  # a failing check shows no badge; the strip says it is not met
    assert 'data-badge="card_data_stripe"' not in page and 'data-testid="trust-not-met"' in page
    assert 'data-testid="trust-not-met"' in html(client, "/")


def test_a_visitor_with_a_cookie_the_cache_does_not_know_gets_a_rendered_page(mug, monkeypatch):
    """A cookie added later (a chosen currency, a preference) may change the page: such visitors are rendered
    for, and their page is not stored; the CSRF cookie alone changes nothing a page shows."""
    from shop import views

    path = mug.get_absolute_url()
    for _ in range(2):
        Client().get(path)
    rendered = []
    monkeypatch.setattr(views, "render", lambda *args, _render=views.render, **kwargs: rendered.append(1)
                        or _render(*args, **kwargs))
    stranger = Client()
    stranger.cookies["currency"] = "CHF"
    assert stranger.get(path).status_code == 200 and len(rendered) == 1
    with_csrf = Client()
    with_csrf.get(reverse("csrf_token"))
    assert with_csrf.get(path).status_code == 200 and len(rendered) == 1  # served from the cache
    assert Client().get(path).status_code == 200 and len(rendered) == 1  # the stranger's page was not stored


def test_the_secure_connection_badge_follows_the_request(mug):
    """Not evaluated on a hit but keyed on what it reads: a page fetched over HTTPS never shows the HTTP one."""
    path = mug.get_absolute_url()
    for _ in range(2):
        plain = html(Client(), path)
    assert 'data-badge="secure_connection"' not in plain  # not HTTPS: the check is not met
    for _ in range(2):
        secure = Client().get(path, secure=True).content.decode()
        assert 'data-badge="secure_connection"' in secure
    assert 'data-badge="secure_connection"' not in html(Client(), path)


def _review(mug, **changes):
    buyer = UserFactory(username="anna", email="anna@example.com", first_name="Anna")
    return Review.objects.create(**{
        "product": mug, "author": buyer, "display_name": "Anna K.", "rating": 4, "title": "Solid",
        "body": "Heavy and well glazed.", "status": Review.Status.PUBLISHED, **changes,
    })


def test_the_review_block_is_reused_when_only_the_catalogue_changed(mug, client):
    _review(mug)
    path = mug.get_absolute_url()
    assert "Solid" in html(client, path)
    product_price_set(product=mug, price=Money(2250, "EUR"), actor=None)  # the page must be rendered again
    with CaptureQueriesContext(connection) as captured:
        page = html(client, path)
    assert "22.50" in page and "Solid" in page
    assert not [q for q in captured if "reviews_review" in q["sql"]]  # the block came from the cache
    review = Review.objects.get()
    review.title = "Solid and heavy"
    review.save()
    assert "Solid and heavy" in html(client, path)


def test_a_signed_in_voter_sees_their_own_vote_not_the_cached_block(mug, client):
    review = _review(mug)
    html(Client(), mug.get_absolute_url())  # the anonymous block is cached
    voter = UserFactory(username="v", email="v@example.com")
    review_vote_helpful(review=review, user=voter)
    html(Client(), mug.get_absolute_url())  # cached again, with the count
    client.force_login(voter)
    page = html(client, mug.get_absolute_url())
    assert "You found this helpful" in page and "1 person found this helpful" in page
    assert "You found this helpful" not in html(Client(), mug.get_absolute_url())


def test_a_currency_offered_or_withdrawn_shows_in_the_switch_at_once(mug, client):
    from prices.models import CurrencyRate

    for path in ("/", mug.get_absolute_url()):
        page = html(client, path)
        assert 'data-testid="currency-switch"' in page and '<option value="PLN"' in page
        assert '<option value="GBP"' not in page
    CurrencyRate.objects.filter(currency="GBP").update(active=True)
    CurrencyRate.objects.get(currency="GBP").save()  # the admin saves the row: the rates' version moves
    assert '<option value="GBP"' in html(client, "/") and '<option value="GBP"' in html(client, "/c/kitchen/")
    for rate in CurrencyRate.objects.all():
        rate.active = False
        rate.save()
    assert 'data-testid="currency-switch"' not in html(client, mug.get_absolute_url())  # one currency: no switch


def test_the_currency_switch_sets_no_cookie_and_posts_with_a_fetched_token(mug):
    visitor = Client(enforce_csrf_checks=True)
    for _ in range(2):  # rendered, then from the cache
        response = visitor.get("/")
        assert not response.cookies and 'data-testid="currency-switch"' in response.content.decode()
    assert visitor.post(reverse("checkout:currency_set"), {"currency": "PLN", "next": "/"}).status_code == 403
    token = visitor.get(reverse("csrf_token")).json()["token"]
    answer = visitor.post(reverse("checkout:currency_set"), {"currency": "PLN", "next": "/",
                                                             "csrfmiddlewaretoken": token})
    assert answer.status_code == 302
    page = visitor.get(mug.get_absolute_url()).content.decode()  # a session now: this visitor's own page
    assert '<option value="PLN" selected' in page


def test_the_browser_region_picks_its_own_delivery_page(mug):
    """The delivery country follows Accept-Language for a visitor without a session: each region its own page."""
    path = mug.get_absolute_url()
    for _ in range(2):
        swiss = Client(HTTP_ACCEPT_LANGUAGE="de-CH").get(path).content.decode()
        dutch = Client(HTTP_ACCEPT_LANGUAGE="nl-NL").get(path).content.decode()
    assert 'value="CH" selected' in swiss and 'value="CH" selected' not in dutch
