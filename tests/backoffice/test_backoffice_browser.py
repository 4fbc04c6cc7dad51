"""Each role at work in a real browser (Debian's chromium, 1366 × 768): support handles a return to its refund
and answers a ticket; the owner refunds two of three lines and the shopper's page and email agree; fulfilment
ships with a carrier and the shopper follows the tracking link."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts import roles
from accounts.services import roles_ensure
from orders.access import order_signed_path
from orders.models import Carrier, PaymentMethod
from orders.states import OrderStatus
from returns.models import ReturnRequest
from returns.services import request_create
from returns.states import RequestStatus
from support.factories import TicketFactory
from support.models import Ticket
from tests.accounts.helpers import PASSWORD, totp_code, totp_enable, user_make
from tests.backoffice.conftest import paid_order
from tests.returns.conftest import make_order, qty

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()


def sign_in_as(page, live_server, role: str):
    user = user_make(username=f"{role}-browser", email=f"{role}-browser@example.com", staff=True)
    user.groups.add(roles_ensure()[role])
    secret = totp_enable(user)
    page.goto(f"{live_server.url}/accounts/login/?next=/admin/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("form.auth-form button[type=submit]").click()
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    page.get_by_label("Code").fill(totp_code(secret))
    page.locator("form.auth-form button[type=submit]").first.click()
    page.wait_for_url("**/admin/")
    return user


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_support_handles_a_return_to_its_refund(live_server, page):
    order = make_order(method=PaymentMethod.CARD, lines=[(2500, 2), (1000, 1)])
    request_create(order=order, kind="return", quantities=qty(order, 1), reason="Too big.", iban="",
                   account_holder="", photos=[])  # fmt: skip
    number = ReturnRequest.objects.get().number
    sign_in_as(page, live_server, roles.SUPPORT)
    page.get_by_role("link", name=re.compile("1 return or complaint awaiting action")).click()
    page.get_by_role("link", name=number).click()
    page.get_by_role("link", name="Approve…").click()
    page.get_by_label(re.compile("instructions", re.I)).fill("Send it to Trustmark, Keizersgracht 1, Amsterdam.")
    page.locator("input[type=submit]").click()
    page.get_by_role("link", name=re.compile("Items received")).click()
    # Before the money moves: how much and where to (this test's card payment has no Stripe intent).
    assert page.get_by_test_id("refund-summary").inner_text() == "Refund €25.00 to the shopper, paid out by you (Card)"
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/returns/returnrequest/*/change/")
    assert "Refunded €25.00" in page.inner_text("body")
    assert ReturnRequest.objects.get().status == RequestStatus.REFUNDED


def test_support_answers_a_ticket_from_the_dashboard(live_server, page):
    ticket = TicketFactory()
    sign_in_as(page, live_server, roles.SUPPORT)
    page.get_by_role("link", name=re.compile("1 ticket waiting")).click()
    page.get_by_role("link", name=ticket.reference).click()
    page.locator("#id_messages-0-body").fill("Your parcel left our warehouse today.")
    mail.outbox.clear()
    page.locator("input[name=_save]").click()
    page.wait_for_url("**/admin/support/ticket/?status__exact=open")  # back to the waiting list: now empty
    assert "0 support tickets" in page.inner_text("#content")
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.ANSWERED
    assert any("Your parcel left our warehouse today." in message.body for message in mail.outbox)


def test_owner_refunds_two_of_three_lines_and_the_shopper_page_and_email_agree(live_server, page):
    order = make_order(method=PaymentMethod.CARD, lines=[(2500, 1), (1000, 1), (400, 1)], delivery=495)
    sign_in_as(page, live_server, roles.OWNER)
    page.goto(f"{live_server.url}/admin/orders/order/{order.pk}/change/")
    assert "€43.95" in page.inner_text("body")  # money as money
    page.get_by_role("link", name="Refund…").click()
    first, second, third = order.lines.order_by("pk")
    page.get_by_label(f"Quantity to refund: {first.name}").fill("1")
    page.get_by_label(f"Quantity to refund: {second.name}").fill("1")
    page.get_by_label(f"Back to stock: {first.name}").check()
    page.get_by_label("Reason (shown to the shopper in their language)").select_option("complaint_upheld")
    page.get_by_label("Note in your own words (optional)").fill("Arrived damaged")
    page.get_by_role("button", name="Review the refund").click()
    summary = page.get_by_test_id("refund-summary").inner_text()
    # A card payment recorded without a Stripe intent (as in this test's data) is paid out by the merchant.
    assert summary == "Refund €35.00 to the shopper, paid out by you (Card)"
    mail.outbox.clear()
    page.get_by_role("button", name=summary).click()
    # The click posts and the admin redirects: wait for the next page's message, not a body mid-navigation.
    expect(page.locator("body")).to_contain_text(f"Refunded €35.00 to {summary.split(' to ', 1)[1]}.")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "admin-order-refunded-1366.png"), full_page=True)
    page.goto(f"{live_server.url}{order_signed_path(order=order)}")
    refunds = page.get_by_test_id("refunds").inner_text()
    email = mail.outbox[-1].body
    for line, amount in ((first, "€25.00"), (second, "€10.00")):
        assert f"1 × {line.name}: {amount}" in refunds
        assert f"1 × {line.name}: {amount}" in email
    assert third.name not in refunds
    assert "Complaint accepted (Note from the shop (in its own words): Arrived damaged)" in refunds


def test_fulfilment_ships_with_a_carrier_and_the_shopper_follows_the_tracking_link(live_server, page):
    order = paid_order(full_name="Ada Lovelace")
    Carrier.objects.create(name="Test Post", tracking_url_template="https://track.test-post.example/p/{number}")
    page.route("https://track.test-post.example/**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<h1>Parcel TP42 is on its way</h1>"))  # fmt: skip
    sign_in_as(page, live_server, roles.FULFILMENT)
    assert fits(page)  # the dashboard fits a 1366-pixel screen
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "admin-dashboard-1366.png"), full_page=True)
    page.get_by_role("link", name=re.compile("1 order to ship")).click()
    page.wait_for_url("**/admin/orders/order/?**")
    assert "Poland" not in page.inner_text("#result_list") and "Netherlands" in page.inner_text("#result_list")
    page.screenshot(path=str(SHOTS / "admin-orders-1366.png"))
    assert fits(page)  # so does the order list, every column of it
    assert page.evaluate("(() => { const r = document.querySelector('.results'); "
                         "return r.scrollWidth <= r.clientWidth; })()")  # fmt: skip
    page.get_by_role("link", name=order.number).click()
    page.get_by_role("link", name="Ship…").click()
    page.get_by_label("Carrier").select_option(label="Test Post")
    page.get_by_label("Tracking number").fill("TP42")
    page.locator("input[type=submit]").click()
    assert "Marked as shipped." in page.inner_text("body")
    order.refresh_from_db()
    assert order.status == OrderStatus.SHIPPED
    page.goto(f"{live_server.url}{order_signed_path(order=order)}")
    page.get_by_test_id("tracking-link").click()
    page.wait_for_url("https://track.test-post.example/p/TP42")
    assert page.locator("h1").inner_text() == "Parcel TP42 is on its way"
