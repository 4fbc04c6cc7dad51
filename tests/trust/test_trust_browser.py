"""A shopper clicks a badge in the footer and lands on its evidence in the trust centre."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from demo.seeding.support import seed_support
from demo.seeding.trust import seed_trust

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def answered_ticket(staff_at_work):
    from support.factories import TicketFactory
    from support.services import ticket_reply

    created = timezone.now() - datetime.timedelta(days=1)
    ticket = TicketFactory(created_at=created)
    ticket_reply(ticket=ticket, author=None, body="Hi", now=created + datetime.timedelta(hours=2), notify=False)


@pytest.mark.parametrize("page_fixture", ["desktop_page", "phone_page"])
def test_footer_badge_opens_its_evidence(live_server, request, page_fixture, answered_ticket):
    seed_support()
    seed_trust()
    page = request.getfixturevalue(page_fixture)
    page.goto(f"{live_server.url}/support/faq/")
    badge = page.locator('footer a.trust-badge[data-badge="support_response"]')
    badge.scroll_into_view_if_needed()
    badge.click()
    page.wait_for_url("**/trust/#badge-support-response")
    section = page.locator("#badge-support-response")
    assert section.is_visible()
    assert "Checked" in section.locator("h2").inner_text()
    assert "Median first response" in section.inner_text()
    box = section.bounding_box()
    viewport = page.viewport_size
    assert box is not None and 0 <= box["y"] < viewport["height"]  # scrolled to the evidence
    SHOTS.mkdir(parents=True, exist_ok=True)
    width = viewport["width"]
    page.screenshot(path=str(SHOTS / f"trust-centre-{width}.png"), full_page=True)
    for name, path in [("contact", "/support/"), ("faq", "/support/faq/?q=card"), ("report", "/support/report/"),
                       ("phishing", "/support/phishing/")]:
        page.goto(f"{live_server.url}{path}")
        page.screenshot(path=str(SHOTS / f"support-{name}-{width}.png"), full_page=True)
