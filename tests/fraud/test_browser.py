"""In Debian's chromium: a held checkout (honest page + support link), a blocked one (clear message), and the
merchant's review queue, at 1280 and 375 px. Screenshots go to var/screenshots/fraud/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from fraud.models import Decision, RiskAssessment, RiskSignalWeight
from fraud.services import fraud_defaults_ensure
from orders.models import Order
from orders.states import OrderStatus
from tests.payments.conftest import CARD_OK
from tests.payments.test_checkout_browser import enter_card

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser, pytest.mark.localstripe]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "fraud"


def checkout_as(page, live_server, session_id, email: str) -> None:
    page.set_default_timeout(10_000)
    page.context.add_cookies([{"name": "sessionid", "value": session_id, "url": live_server.url}])
    page.goto(f"{live_server.url}/checkout/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Full name").fill("Gus Guest")
    page.get_by_label("Street and number").fill("Damrak 1")
    page.get_by_label("Postal code").fill("1012 LG")
    page.get_by_label("City").fill("Amsterdam")
    page.get_by_label("Country").select_option("NL")
    page.get_by_role("button", name="Continue to delivery").click()
    page.locator("input[name=delivery_option]").first.check()
    page.get_by_role("button", name="Continue to payment method").click()
    page.locator("#method-card").check()
    page.get_by_role("button", name="Continue to review").click()
    page.get_by_label(re.compile("I accept the")).check()
    page.get_by_label(re.compile("I have read the")).check()
    enter_card(page, CARD_OK)
    page.get_by_role("button", name=re.compile(r"^Pay ")).click()


def _weigh_disposable(weight: int) -> None:
    fraud_defaults_ensure()
    RiskSignalWeight.objects.filter(key="disposable_email").update(weight=weight)


def _merchant_session(live_server, django_user_model) -> str:
    from allauth.mfa.totp.internal.auth import TOTP

    from accounts.receivers import MFA_SETUP_SESSION_KEY

    user = django_user_model.objects.create_superuser("merchant-fr", "merchant-fr@example.com", "pw-long-enough-1")
    TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client = Client()
    client.force_login(user)
    session = client.session
    session[MFA_SETUP_SESSION_KEY] = str(user.pk)
    session.save()
    return client.cookies["sessionid"].value


def test_held_checkout_then_merchant_captures_from_the_queue(
    desktop_page, phone_page, live_server, guest_with_cart, django_user_model
):
    _weigh_disposable(65)  # review threshold 60
    page = desktop_page
    _product, session_id = guest_with_cart
    checkout_as(page, live_server, session_id, "gus@mailinator.com")
    page.wait_for_url(re.compile(r"/orders/TM-"))
    status = page.get_by_test_id("order-status")
    assert "held for a short check" in status.inner_text() and "not been charged" in status.inner_text()
    link = page.get_by_role("link", name=re.compile("Contact support"))
    order = Order.objects.get()
    assert order.status == OrderStatus.HELD_FOR_REVIEW
    assert f"order={order.number}" in link.get_attribute("href")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "order-held-1280.png"), full_page=True)

    merchant = _merchant_session(live_server, django_user_model)
    for shot, admin_page in (("1280", desktop_page), ("375", phone_page)):
        admin_page.set_default_timeout(10_000)
        admin_page.context.add_cookies([{"name": "sessionid", "value": merchant, "url": live_server.url}])
        admin_page.goto(f"{live_server.url}/admin/fraud/riskassessment/review/")
        held = admin_page.get_by_test_id("held-payment")
        assert order.number in held.inner_text()
        assert "throwaway (disposable) email service" in held.get_by_test_id("reasons").inner_text()
        admin_page.screenshot(path=str(SCREENSHOTS / f"review-queue-{shot}.png"), full_page=True)
    page = desktop_page
    page.get_by_label("Was it fraud?").select_option("no")
    page.get_by_role("button", name="Capture (accept the order)").click()
    page.get_by_test_id("queue-empty").wait_for()
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    page.goto(f"{live_server.url}/admin/fraud/riskassessment/report/")
    assert page.get_by_test_id("fp-rate").inner_text() == "100%"
    page.screenshot(path=str(SCREENSHOTS / "report-1280.png"), full_page=True)


def test_blocked_checkout_shows_a_clear_message_and_keeps_the_attempt(phone_page, live_server, guest_with_cart):
    _weigh_disposable(100)
    page = phone_page
    product, session_id = guest_with_cart
    checkout_as(page, live_server, session_id, "gus@mailinator.com")
    alert = page.locator("#pay-errors")
    alert.wait_for(state="visible")
    text = alert.inner_text()
    order = Order.objects.get()
    assert "We couldn't accept this payment. You have not been charged." in text and order.number in text
    assert RiskAssessment.objects.get(order=order).decision == Decision.BLOCK
    assert not order.payments.exists()
    product.refresh_from_db()
    assert product.stock == 3  # nothing held by a blocked order
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "blocked-375.png"), full_page=True)
