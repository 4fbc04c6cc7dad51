"""A shopper signs in with password and an authenticator-app code in a real browser (Debian's chromium)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.accounts.helpers import PASSWORD, totp_code, totp_enable, user_make

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def csp_violations(desktop_page):
    violations: list[str] = []
    desktop_page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return violations


def test_sign_in_with_password_and_totp(live_server, desktop_page, csp_violations):
    from django.core.cache import cache

    cache.clear()
    user = user_make(username="ada", email="ada@example.com")
    secret = totp_enable(user)
    page = desktop_page

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("form.auth-form button[type=submit]").click()

    page.wait_for_url("**/accounts/2fa/authenticate/")
    assert page.locator("h1").inner_text() == "Two-Factor Authentication"
    page.get_by_label("Code").fill(totp_code(secret))
    page.locator("form.auth-form button[type=submit]").first.click()

    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("link", name="Your account").click()
    page.wait_for_url("**/account/")
    assert "Signed in as ada@example.com" in page.inner_text("main")
    assert "Two-factor authentication is on." in page.inner_text("main")

    page.goto(f"{live_server.url}/account/security/")
    assert "This device" in page.inner_text("main")
    assert "Chrome" in page.inner_text("main")  # the sign-in history names the browser
    assert csp_violations == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "account-security-1280.png"), full_page=True)


def test_wrong_code_keeps_the_shopper_out(live_server, desktop_page):
    from django.core.cache import cache

    cache.clear()
    user = user_make(username="bob", email="bob@example.com")
    secret = totp_enable(user)
    page = desktop_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("form.auth-form button[type=submit]").click()
    page.wait_for_url("**/accounts/2fa/authenticate/")
    wrong = f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"
    page.get_by_label("Code").fill(wrong)
    page.locator("form.auth-form button[type=submit]").first.click()
    assert "Incorrect code." in page.inner_text("main")
    page.goto(f"{live_server.url}/account/")
    # Still outside: the account page sends the half-signed-in shopper back to the code step.
    assert "/accounts/2fa/authenticate/" in page.url or "/accounts/login/" in page.url
    assert "Signed in as" not in page.inner_text("main")
