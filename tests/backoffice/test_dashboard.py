"""The admin's home page is the dashboard for the day: each figure links to its filtered list, each role sees the
figures of its jobs, and the page's queries do not grow with the data."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import roles
from core.formatting import format_money
from core.money import Money
from returns.models import ReturnRequest
from returns.states import RequestKind, RequestStatus
from support.factories import TicketFactory
from support.models import SupportSettings
from tests.backoffice.conftest import paid_order, shop_data, staff_client

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_sales_today_and_30_days_per_currency_with_a_chart(owner_client):
    paid_order(total=25600)
    paid_order(total=1000, placed_days_ago=3)
    paid_order(total=99999, placed_days_ago=31)  # outside the 30 days
    paid_order(total=5000, currency="PLN")
    response = owner_client.get("/admin/")
    text = _text(response)
    assert "Today: €256.00 (1 order)" in text
    assert "Last 30 days: €266.00 (2 orders)" in text
    assert f"Today: {format_money(Money(5000, 'PLN'))} (1 order)" in text
    body = response.content.decode()
    charts = re.findall(r'<figure class="bo-chart">.*?</figure>', body, re.S)
    assert len(charts) == 2  # one per currency, drawn on the server: no script
    assert [chart.count("<rect") for chart in charts] == [30, 30]
    assert "€256.00</title>" in charts[0] and 'role="img"' in charts[0]
    assert "/admin/orders/order/?payment_status__in=paid%2Cpartially_refunded%2Crefunded" in body


def test_orders_to_ship_oldest_first_with_age_and_a_link_to_the_filtered_list(owner_client):
    new = paid_order(placed_days_ago=0.1)
    old = paid_order(placed_days_ago=2)
    paid_order(placed_days_ago=5, shipped=True)
    body = owner_client.get("/admin/").content.decode()
    assert "2 orders to ship" in body
    assert body.index(old.number) < body.index(new.number)
    assert "2\xa0days" in body  # the oldest has waited two days
    link = re.search(r'href="([^"]+)">2 orders to ship', body).group(1).replace("&amp;", "&")
    listing = owner_client.get(link).content.decode()
    assert old.number in listing and new.number in listing
    assert "?e=1" not in link  # a filter the admin accepts


def test_returns_and_tickets_show_their_deadlines_and_what_is_late(owner_client):
    now = timezone.now()
    order = paid_order()
    late = ReturnRequest.objects.create(order=order, kind=RequestKind.COMPLAINT, status=RequestStatus.REQUESTED,
                                        delivered_at=now, respond_by=now - datetime.timedelta(days=1))
    ReturnRequest.objects.create(order=order, kind=RequestKind.WITHDRAWAL, status=RequestStatus.REJECTED,
                                 delivered_at=now, respond_by=now)
    SupportSettings.objects.create(first_response_hours=24)
    TicketFactory(created_at=now - datetime.timedelta(hours=30))
    TicketFactory(created_at=now - datetime.timedelta(hours=1))
    text = _text(owner_client.get("/admin/"))
    assert "1 return or complaint awaiting action" in text
    assert "1 past its legal deadline" in text and late.number in text
    assert "2 tickets waiting" in text and "within 24 hours" in text and "1 is past the promise." in text
    for url in re.findall(r'href="(/admin/(?:returns|support)/[^"]+\?[^"]+)"', owner_client.get("/admin/").content
                          .decode()):  # fmt: skip
        response = owner_client.get(url.replace("&amp;", "&"))
        assert response.status_code == 200 and "?e=1" not in response.get("Location", "")


def test_each_role_sees_the_figures_of_its_jobs(client):
    shop_data(1)
    support = _text(staff_client(client, roles.SUPPORT).get("/admin/"))
    assert "tickets waiting" in support or "ticket waiting" in support
    assert "awaiting action" in support
    assert "Sales" in support  # support may view orders (answering questions about them)
    assert "reviews to moderate" not in support and "review to moderate" not in support
    client.logout()
    fulfilment = _text(staff_client(client, roles.FULFILMENT).get("/admin/"))
    assert "order to ship" in fulfilment or "orders to ship" in fulfilment
    assert "ticket" not in fulfilment.lower().split("also waiting")[0]
    assert "sold out" in fulfilment


def test_the_dashboard_queries_are_constant_in_the_data_size(owner_client):
    shop_data(1)
    with CaptureQueriesContext(connection) as small:
        assert owner_client.get("/admin/").status_code == 200
    shop_data(12)
    with CaptureQueriesContext(connection) as large:
        response = owner_client.get("/admin/")
    assert "13 orders to ship" in _text(response) or "26 orders to ship" in _text(response)
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]
