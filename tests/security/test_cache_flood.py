"""Anonymous traffic cannot evict security state from the cache, nor make cache entries of its own choosing
[security bar 21-23; issue 14, item 1].

allauth keeps its login rate limits and the "TOTP code already used" guard in the cache. If listing pages were
cached in the same bounded store under keys built from the raw query string, a visitor sending ``?z=1``,
``?z=2``, ... would fill it, the cull would delete the security keys, and a code seen over a shoulder would work
a second time. Both caches here are small (``MAX_ENTRIES``) so that a few hundred requests would do it.
"""

from __future__ import annotations

import re
import time
from types import SimpleNamespace

import pyotp
import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from shop.factories import CategoryFactory, ProductFactory
from tests.accounts.helpers import PASSWORD, mfa_step, password_step, totp_enable, user_make

pytestmark = pytest.mark.django_db
TOO_MANY = "Too many failed login attempts. Try again later."
MAX_ENTRIES = 60


def bounded(location: str) -> dict:
    return {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": location,
        "OPTIONS": {"MAX_ENTRIES": MAX_ENTRIES, "CULL_FREQUENCY": 2},
    }


@pytest.fixture
def small_caches(settings):
    settings.CACHES = {"default": bounded("flood-security"), "pages": bounded("flood-pages")}
    yield
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture
def shelf():
    category = CategoryFactory(name="Kitchen", slug="kitchen")
    for index in range(30):  # two pages of results: the pagination is part of the cached fragment
        ProductFactory(name=f"Mug {index:02}", category=category, stock=3, price_amount=1000 + index)
    return category


def cache_entries() -> int:
    """Entries held by every configured cache (locmem: the store's dict)."""
    from django.conf import settings

    return sum(len(caches[alias]._cache) for alias in settings.CACHES)


def flood(category, *, requests: int) -> None:
    """What anyone can send: junk parameters, garbled and valid-looking filter values, made-up slugs."""
    visitor = Client()
    listing = category.get_absolute_url()
    for n in range(requests):
        for path in (
            f"{listing}?z={n}",
            f"{listing}?min_price={n}.{n % 100:02}",
            f"{listing}?page={n}x",
            f"/c/no-such-category-{n}/",
            f"/p/no-such-product-{n}/",
        ):
            visitor.get(path)


@pytest.fixture
def frozen_totp_clock(monkeypatch) -> float:
    """One instant for allauth's TOTP check and for the caches' expiry: the replay below happens inside the code's
    30 s window and before its "used" mark expires however slowly a busy machine serves the flood, so only an
    eviction could let it through."""
    instant = (time.time() // 30) * 30 + 1
    clock = SimpleNamespace(time=lambda: instant)
    for module in ("allauth.mfa.totp.internal.auth", "django.core.cache.backends.base",
                   "django.core.cache.backends.locmem"):
        monkeypatch.setattr(f"{module}.time", clock)
    return instant


def test_a_flood_of_listing_queries_does_not_let_a_totp_code_work_twice(client, small_caches, shelf,
                                                                        frozen_totp_clock):
    ada = user_make(username="ada", email="ada@example.com")
    secret = totp_enable(ada)
    code = pyotp.TOTP(secret).at(frozen_totp_clock)
    password_step(client, email=ada.email)
    assert mfa_step(client, code=code).status_code == 302
    client.post(reverse("account_logout"))

    flood(shelf, requests=60)

    # The attacker who saw the code replays it in the same 30 s window.
    password_step(client, email=ada.email)
    response = mfa_step(client, code=code)
    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert client.session.get("_auth_user_id") is None


def test_a_flood_of_listing_queries_does_not_reset_the_login_rate_limit(small_caches, shelf):
    bob = user_make(username="bob", email="bob@example.com")
    attacker = Client()
    for attempt in range(5):
        attacker.post(reverse("account_login"), {"login": bob.email, "password": f"wrong-guess-{attempt}"})

    flood(shelf, requests=60)

    response = attacker.post(reverse("account_login"), {"login": bob.email, "password": PASSWORD})
    assert TOO_MANY in response.content.decode()
    assert attacker.session.get("_auth_user_id") is None


def test_junk_parameters_and_unknown_slugs_make_no_new_cache_entries(client, small_caches, shelf):
    listing = shelf.get_absolute_url()
    # The pages as the shop links them (a filter in its one canonical spelling), and a product page (its delivery
    # panel reads the one delivery configuration snapshot): these may be cached.
    product = shelf.products.first().get_absolute_url()
    for path in (listing, f"{listing}?page=2", f"{listing}?min_price=10.00", product):
        assert client.get(path).status_code == 200
    before = cache_entries()

    for path in (
        f"{listing}?z=1",
        f"{listing}?utm_source=mail&utm_campaign=spring",
        f"{listing}?page=abc",  # garbled page: page 1
        f"{listing}?page=1",
        f"{listing}?page=02",
        f"{listing}?min_price=abc",  # invalid filter: reported and ignored
        f"{listing}?min_price=10",  # the same filter written differently
        f"{listing}?min_price=10&min_price=10",
        f"{listing}?page=2&z=1",
        "/c/no-such-category/",
        "/p/no-such-product/",
    ):
        client.get(path)

    assert cache_entries() == before


def test_pagination_links_carry_only_the_filters(client, small_caches, shelf):
    """The cached fragment holds the page links: built from validated filters, never from junk parameters."""
    html = client.get(f"{shelf.get_absolute_url()}?max_price=20.00&z=evil&in_stock=on").content.decode()
    assert "?max_price=20.00&amp;in_stock=on&amp;page=2" in html
    cached_fragment = html.split('id="results-heading"')[1].split("</section>")[0]
    assert "evil" not in cached_fragment


def security_cache_keys() -> list[str]:
    """The keys in the security store (``default``), without Django's ``:version:`` prefix."""
    return [key.split(":", 2)[2] for key in caches["default"]._cache]


def test_browsing_and_buying_write_nothing_but_allauth_state_to_the_security_cache(client, small_caches, shelf):
    """The class, not the example: every speed-up the shop caches goes to the ``pages`` cache."""
    product = ProductFactory(name="Teapot", category=shelf, stock=5)
    for path in (
        "/",
        shelf.get_absolute_url(),
        f"{shelf.get_absolute_url()}?min_price=5&sort=-price&page=2",
        product.get_absolute_url(),
        "/pl" + product.get_absolute_url(),
        reverse("shop:search") + "?q=mug",
        reverse("trust:centre"),
        reverse("checkout:fees"),
        reverse("support:faq"),
    ):
        assert client.get(path).status_code == 200, path
    client.post(reverse("shop:cart_add", args=[product.pk]), {"quantity": "1"})
    assert client.get(reverse("shop:cart")).status_code == 200
    assert security_cache_keys() == []
    assert len(caches["pages"]._cache) > 0

    client.post(reverse("account_login"), {"login": "nobody@example.com", "password": "wrong-guess"})
    keys = security_cache_keys()
    assert keys and all(key.startswith(("allauth:", "allauth.")) for key in keys)


def test_every_template_fragment_cache_uses_the_pages_cache():
    """A ``{% cache %}`` without ``using`` would write to the default alias: the security store."""
    from tests.conftest import ROOT

    tags = [
        (path.relative_to(ROOT), tag)
        for path in (ROOT / "templates").rglob("*.html")
        for tag in re.findall(r"{%\s*cache\s[^%]*%}", path.read_text())
    ]
    assert tags, "no fragment cache found: the check below would prove nothing"
    assert [(path, tag) for path, tag in tags if 'using="pages"' not in tag] == []
