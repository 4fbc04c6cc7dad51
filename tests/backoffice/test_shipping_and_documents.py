"""Carriers and tracking links, bulk shipping, packing slips and invoices (PDF, in the order's language), CSV
exports, and the order admin showing money as money."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from accounts import roles
from accounts.factories import UserFactory
from backoffice import documents
from orders.access import order_signed_path
from orders.models import Carrier
from orders.states import OrderStatus
from payments.models import Refund
from reviews.models import Review
from shop.factories import ProductFactory
from tests.backoffice.conftest import paid_order, staff_client
from tests.returns.conftest import make_order

pytestmark = pytest.mark.django_db


def _story_text(story) -> str:
    parts = []
    for flowable in story:
        if hasattr(flowable, "getPlainText"):
            parts.append(flowable.getPlainText())
        for row in getattr(flowable, "_cellvalues", []):
            parts += [cell.getPlainText() if hasattr(cell, "getPlainText") else str(cell) for cell in row]
    return " ".join(parts)


def test_the_migration_lists_the_usual_carriers_with_https_tracking_patterns():
    names = set(Carrier.objects.values_list("name", flat=True))
    assert {"PostNL", "DHL", "DPD", "InPost", "UPS"} <= names
    for carrier in Carrier.objects.all():
        carrier.full_clean()
        assert carrier.tracking_url("3S 123").startswith("https://") and "3S%20123" in carrier.tracking_url("3S 123")


def test_a_carrier_without_a_number_placeholder_is_refused():
    with pytest.raises(Exception, match="contains"):
        Carrier(name="Bad", tracking_url_template="https://bad.example/track").full_clean()


def test_ship_with_a_carrier_the_shopper_page_and_email_link_to_its_tracking_page(
    client, django_capture_on_commit_callbacks
):
    order = paid_order()
    dhl = Carrier.objects.get(name="DHL")
    staff = staff_client(client, roles.FULFILMENT)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(reverse("admin:orders_order_ship", args=[order.pk]),
                              {"carrier": dhl.pk, "tracking_number": "JD0001"})  # fmt: skip
    assert response.status_code == 302
    order.refresh_from_db()
    link = dhl.tracking_url("JD0001")
    assert order.status == OrderStatus.SHIPPED and order.tracking_url == link
    assert link in mail.outbox[-1].body
    staff.logout()
    page = client.get(order_signed_path(order=order)).content.decode()
    assert f'href="{link.replace("&", "&amp;")}"' in page and "Follow your parcel on the DHL site" in page
    timeline = order.status_changes.last().cause_text
    assert "DHL" in timeline and "JD0001" in timeline


def test_bulk_ship_asks_carrier_and_tracking_per_order_then_ships_them_all(client):
    first, second = paid_order(placed_days_ago=2), paid_order(placed_days_ago=1)
    ups, inpost = Carrier.objects.get(name="UPS"), Carrier.objects.get(name="InPost")
    staff = staff_client(client, roles.FULFILMENT)
    url = reverse("admin:orders_order_changelist")
    selected = {"action": "bulk_ship", "_selected_action": [first.pk, second.pk]}
    page = staff.post(url, selected)
    assert page.status_code == 200 and first.number in page.content.decode()
    first.refresh_from_db()
    assert first.status == OrderStatus.PAID  # nothing shipped before the form is filled in
    response = staff.post(url, {**selected, "apply": "yes", f"o{first.pk}-carrier": ups.pk,
                                f"o{first.pk}-tracking_number": "1Z1", f"o{second.pk}-carrier": inpost.pk,
                                f"o{second.pk}-tracking_number": "IP2"})  # fmt: skip
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.carrier, first.tracking_number) == (OrderStatus.SHIPPED, ups, "1Z1")
    assert (second.status, second.carrier) == (OrderStatus.SHIPPED, inpost)


def test_support_cannot_ship_or_print_but_fulfilment_prints_packing_slips(client):
    order = paid_order()
    support = staff_client(client, roles.SUPPORT)
    assert support.get(reverse("admin:orders_order_ship", args=[order.pk])).status_code == 403
    client.logout()
    fulfilment = staff_client(client, roles.FULFILMENT, name="packer")
    response = fulfilment.post(reverse("admin:orders_order_changelist"),
                               {"action": "print_packing_slips", "_selected_action": [order.pk]})  # fmt: skip
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    single = fulfilment.get(reverse("backoffice:packing_slip", args=[order.pk]))
    assert single.status_code == 200 and single.content.startswith(b"%PDF")


def test_documents_are_written_in_the_orders_language_with_a_font_for_polish_letters():
    order = make_order(lines=[(2500, 1)])
    order.language, order.full_name, order.city = "pl", "Łukasz Żółć", "Łódź"
    order.save(update_fields=["language", "full_name", "city"])
    with translation.override("pl"):
        invoice = _story_text(documents._invoice_story(order, documents._styles()))
        slip = _story_text(documents._packing_slip_story(order, documents._styles()))
    assert "Łukasz Żółć" in invoice and "Łódź" in slip
    assert "Faktura" in invoice and "Razem" in invoice  # Polish, not English
    pdf = documents.invoice_pdf(order=order)
    assert pdf.startswith(b"%PDF") and b"DejaVuSans" in pdf
    with translation.override("en"):
        english = _story_text(documents._packing_slip_story(order, documents._styles()))
    assert "Packing slip" in english and "€" not in english  # a packing slip shows no prices


def test_the_shopper_downloads_the_invoice_from_the_order_page_and_nobody_else_can(client):
    order = make_order(lines=[(2500, 1)])
    page = client.get(order_signed_path(order=order)).content.decode()
    link = re.search(r'href="([^"]+invoice\.pdf[^"]*)"', page).group(1).replace("&amp;", "&")
    response = client.get(link)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert client.get(reverse("backoffice:shopper_invoice", args=[order.number])).status_code == 404  # no key
    forged = client.get(reverse("backoffice:shopper_invoice", args=[order.number]) + "?key=forged")
    assert not forged.content.startswith(b"%PDF")


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_csv_exports_of_orders_refunds_and_reviews_are_inert_and_in_money(client):
    order = paid_order(total=25600, full_name="=HYPERLINK(\"http://evil.example\")")
    Refund.objects.create(order=order, amount=1800, currency="EUR", reason="+Scratch", state="succeeded")
    Review.objects.create(product=ProductFactory(sku="OAK-1"), author=UserFactory(), display_name="Ann", rating=5,
                          title="@great", body="Lovely.", status=Review.Status.PUBLISHED)  # fmt: skip
    staff = staff_client(client, roles.OWNER)
    orders = _csv(staff.get(reverse("backoffice:export_orders")))
    assert orders[0][:3] == ["number", "placed_at", "status"]
    row = dict(zip(orders[0], orders[1], strict=True))
    assert row["total"] == "256.00" and row["currency"] == "EUR"
    assert row["name"].startswith("'=")  # a spreadsheet shows it, never runs it
    refunds = _csv(staff.get(reverse("backoffice:export_refunds")))
    assert refunds[1][0] == order.number and refunds[1][4] == "18.00" and refunds[1][6] == "'+Scratch"
    assert refunds[0][-1] == "reason_code" and refunds[1][-1] == "other"  # the code beside the merchant's note
    reviews = _csv(staff.get(reverse("backoffice:export_reviews") + "?from=2000-01-01&to=2999-12-31"))
    assert reviews[1][0] == "OAK-1" and reviews[1][7] == "'@great"
    assert len(_csv(staff.get(reverse("backoffice:export_reviews") + "?to=2000-01-01"))) == 1  # header only


def test_fulfilment_cannot_export_refunds_or_reviews(client):
    staff = staff_client(client, roles.FULFILMENT)
    assert staff.get(reverse("backoffice:export_orders")).status_code == 200
    assert staff.get(reverse("backoffice:export_reviews")).status_code == 403


def test_the_order_admin_shows_money_as_money_countries_by_name_and_no_expiry_once_paid(client):
    order = paid_order(total=25600, country="PL")
    staff = staff_client(client, roles.OWNER)
    page = staff.get(reverse("admin:orders_order_change", args=[order.pk])).content.decode()
    assert "€256.00" in page and "25600" not in page
    assert "Unpaid order expires" not in page and "unpaid order expires" not in page
    assert '<option value="PL" selected>Poland</option>' in page
    listing = staff.get(reverse("admin:orders_order_changelist")).content.decode()
    assert "€256.00" in listing and "Poland" in listing
