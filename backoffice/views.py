"""Documents and exports. Staff pages use ``staff_mfa_required`` (the admin's two-factor bar and a permission);
the shopper's invoice uses the order page's own lookup (signed-in owner or a live signed link)."""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_date

from accounts.decorators import staff_mfa_required
from backoffice.documents import invoice_pdf, packing_slips_pdf
from backoffice.exports import (
    ORDER_HEADER,
    REFUND_HEADER,
    REVIEW_HEADER,
    csv_lines,
    order_rows,
    refund_rows,
    review_rows,
)
from orders.models import Order
from orders.views import order_for_viewer, order_link_page
from payments.models import Refund
from reviews.models import Review


def _pdf(content: bytes, filename: str, *, download: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'{"attachment" if download else "inline"}; filename="{filename}"'
    return response


@staff_mfa_required(perm="orders.view_order")
def packing_slip(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(Order, pk=pk)
    return _pdf(packing_slips_pdf(orders=[order]), f"packing-slip-{order.number}.pdf")


@staff_mfa_required(perm="orders.view_order")
def invoice(request: HttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(Order, pk=pk)
    return _pdf(invoice_pdf(order=order), f"invoice-{order.number}.pdf")


@order_link_page
def shopper_invoice(request: HttpRequest, number: str) -> HttpResponse:
    """The shopper's invoice/receipt, from the order page (the same access as the page: owner or signed link)."""
    order = order_for_viewer(request, number)
    return _pdf(invoice_pdf(order=order), f"invoice-{order.number}.pdf", download=True)


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _period(request: HttpRequest, queryset, field: str):
    """``?from=YYYY-MM-DD&to=YYYY-MM-DD`` (both included, merchant's time zone); invalid dates are ignored."""
    start, end = parse_date(request.GET.get("from") or ""), parse_date(request.GET.get("to") or "")
    if start:
        queryset = queryset.filter(**{f"{field}__gte": _midnight(start)})
    if end:
        queryset = queryset.filter(**{f"{field}__lt": _midnight(end + datetime.timedelta(days=1))})
    return queryset


def _csv(lines, name: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    return response


@staff_mfa_required(perm="orders.view_order")
def export_orders(request: HttpRequest) -> StreamingHttpResponse:
    orders = _period(request, Order.objects.all(), "placed_at")
    return _csv(csv_lines(ORDER_HEADER, order_rows(orders)), "orders")


@staff_mfa_required(perm="payments.view_refund")
def export_refunds(request: HttpRequest) -> StreamingHttpResponse:
    refunds = _period(request, Refund.objects.all(), "created_at")
    return _csv(csv_lines(REFUND_HEADER, refund_rows(refunds)), "refunds")


@staff_mfa_required(perm="reviews.view_review")
def export_reviews(request: HttpRequest) -> StreamingHttpResponse:
    reviews = _period(request, Review.objects.all(), "created_at")
    return _csv(csv_lines(REVIEW_HEADER, review_rows(reviews)), "reviews")
