"""The 404, 500 and "sign-in temporarily unavailable" pages in a real browser, at phone and desktop widths.

Screenshots go to var/screenshots/ops/ for a human to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

from accounts.factories import UserFactory
from tests.browser_helpers import fits_viewport
from tests.conftest import free_port

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "ops"


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    # Nothing wider than the screen: no sideways scrolling at 320-375 px.
    assert fits_viewport(page)


@pytest.mark.parametrize("page_fixture", ["phone_page", "desktop_page"])
def test_404_page(request, live_server, page_fixture):
    page = request.getfixturevalue(page_fixture)
    response = page.goto(f"{live_server.url}/no-such-page/")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "We can't find that page"
    assert page.get_by_role("searchbox").count() >= 1
    shoot(page, "404")


@pytest.mark.parametrize("page_fixture", ["phone_page", "desktop_page"])
def test_500_page(request, live_server, page_fixture):
    page = request.getfixturevalue(page_fixture)
    html = server_error(RequestFactory().get("/")).content.decode()
    page.route(f"{live_server.url}/boom", lambda route: route.fulfill(status=500, body=html,
                                                                       content_type="text/html"))
    page.goto(f"{live_server.url}/boom")
    assert page.get_by_role("heading", level=1).inner_text() == "Something went wrong on our side"
    assert page.evaluate("getComputedStyle(document.querySelector('.btn')).minHeight") == "44px"  # site.css loaded
    shoot(page, "500")


@pytest.mark.parametrize("page_fixture", ["phone_page", "desktop_page"])
def test_signin_unavailable_page_when_redis_is_down(request, live_server, settings, page_fixture):
    settings.CACHES = {
        "default": {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
                    "OPTIONS": {"FAIL_CLOSED": True}},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    UserFactory(email="shopper@example.com", password="correct-horse-battery")
    page = request.getfixturevalue(page_fixture)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").first.fill("shopper@example.com")
    page.get_by_label("Password").first.fill("correct-horse-battery")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_label("Password").first.press("Enter")
    assert answer.value.status == 503
    assert "Sign-in is temporarily unavailable" in page.get_by_role("heading", level=1).inner_text()
    shoot(page, "signin-unavailable")
