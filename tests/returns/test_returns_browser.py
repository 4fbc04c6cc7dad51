"""In Debian's chromium: a guest returns one item of a delivered order from the signed order link; after the
merchant marks it received (through the same service the admin calls), the refund shows on the order page.
Also writes screenshots at 375 px and 1280 px for a person to look at."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.core import mail

from orders.access import order_signed_path
from returns.models import ReturnRequest
from returns.services import request_approve, request_create, request_mark_received
from returns.states import RequestStatus
from tests.browser_helpers import fits_viewport
from tests.returns.conftest import GOOD_IBAN, image_upload, make_order, qty

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
SHOTS = Path(
    os.environ.get("RETURNS_SCREENSHOTS", Path(__file__).resolve().parents[2] / "var" / "screenshots" / "returns")
)


def test_return_one_item_and_see_the_refund(live_server, desktop_page):
    order = make_order(lines=[(2500, 2), (1000, 1)], delivery=495)  # a guest order paid by bank transfer
    page = desktop_page
    page.set_default_timeout(10_000)
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(live_server.url + order_signed_path(order=order))
    panel = page.get_by_test_id("returns-panel")
    assert panel.get_by_role("heading", name="Return, withdraw or complain").is_visible()
    panel.get_by_role("link", name="Start a return, withdrawal or complaint").click()

    page.get_by_label("Return under our returns policy").check()
    first = order.lines.order_by("id").first()
    page.locator(f"#id_qty_{first.pk}").fill("1")
    page.get_by_label("IBAN for your refund").fill("NL91 ABNA 0417 1643 01")  # a typo first
    page.get_by_label("Account holder").fill("Bea Buyer")
    page.get_by_role("button", name="Send request").click()
    assert page.get_by_text("check digits do not match").is_visible()
    assert not ReturnRequest.objects.exists()
    page.get_by_label("IBAN for your refund").fill("NL91 ABNA 0417 1643 00")
    page.get_by_role("button", name="Send request").click()

    page.wait_for_url(re.compile(r"/returns/RR-[A-Z0-9]+/\?key="))
    rr = ReturnRequest.objects.get()
    assert page.get_by_test_id("return-status").get_by_text("Requested").is_visible()

    # Given through the order link, the IBAN waits for the code emailed to the order's address.
    assert rr.iban == ""
    code_mail = next(m for m in mail.outbox if "code" in m.subject.lower())
    page.get_by_label("Code from the email").fill(re.search(r"^ {4}(\d{6})$", code_mail.body, re.MULTILINE).group(1))
    page.get_by_role("button", name="Confirm the account").click()
    assert page.get_by_text("Confirmed: we refund to the account NL91 …4300.").is_visible()
    rr.refresh_from_db()
    assert rr.iban == "NL91ABNA0417164300"

    # The merchant's side, through the services the admin buttons call.
    request_approve(request=rr, instructions="Drop the parcel at any PostNL point.", actor=None)
    page.reload()
    assert page.get_by_text("Drop the parcel at any PostNL point.").is_visible()
    page.get_by_test_id("label-link").click()
    assert page.get_by_test_id("return-label").get_by_text(rr.number).is_visible()
    request_mark_received(request=rr, actor=None)

    page.goto(live_server.url + order_signed_path(order=order))
    assert page.get_by_test_id("order-status").get_by_text("Partially refunded").is_visible()
    refunds = page.get_by_role("listitem").filter(has_text="€25.00 — Returned items received")
    assert refunds.is_visible()  # the refunds list, reason in the shopper's language
    assert page.get_by_test_id("returns-list").get_by_text("Refunded").is_visible()
    assert page.get_by_test_id("timeline").get_by_text("Refunded €25.00").is_visible()
    rr.refresh_from_db()
    assert rr.status == RequestStatus.REFUNDED and rr.refund.amount == 2500
    assert not [e for e in errors if "Content Security Policy" in e]


def test_screenshots(live_server, browser):
    """Not an assertion of looks: PNGs of the returns pages at phone and desktop widths (and no sideways scroll)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    order = make_order(lines=[(2500, 2), (1000, 1)])
    complaint = request_create(
        order=order,
        kind="complaint",
        quantities=qty(order, 0, 1),
        reason="The lid arrived cracked.",
        iban=GOOD_IBAN,
        account_holder="Bea Buyer",
        photos=[image_upload("crack.jpg")],
    )
    request_approve(request=complaint, instructions="Send it back with the label; we pay the postage.", actor=None)
    signed = order_signed_path(order=order)
    key = signed.split("?key=")[1]
    pages = {
        "order": signed,
        "start": f"/orders/{order.number}/returns/new/?key={key}",
        "detail": f"/returns/{complaint.number}/?key={key}",
        "label": f"/returns/{complaint.number}/label/?key={key}",
    }
    for width, height, mobile in ((375, 812, True), (1280, 900, False)):
        context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=mobile)
        page = context.new_page()
        for name, path in pages.items():
            page.goto(live_server.url + path)
            assert fits_viewport(page), f"{name} scrolls sideways at {width}px"
            page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        page.goto(live_server.url + pages["label"])
        page.emulate_media(media="print")
        page.screenshot(path=str(SHOTS / f"label-print-{width}.png"), full_page=True)
        context.close()
