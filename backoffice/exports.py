"""CSV exports of orders, refunds and reviews, written with Django's csv the careful way: UTF-8 with a byte-order
mark (spreadsheets read the accents), amounts as plain decimals with their currency in a column of its own, dates
in the merchant's time zone (ISO 8601), and any cell a spreadsheet would run as a formula made inert."""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.utils import timezone

from core.money_input import money_input_format
from orders.models import Order
from payments.models import Refund
from reviews.models import Review

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 500


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text  # shown as text, never evaluated (CSV injection)
    return text


def csv_lines(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(header)
    for row in rows:
        yield writer.writerow([_cell(value) for value in row])


ORDER_HEADER = ["number", "placed_at", "status", "payment_status", "fulfilment_status", "payment_method", "currency",
                "items", "delivery", "payment_fee", "duties", "total", "email", "name", "country", "carrier",
                "tracking_number", "language"]  # fmt: skip


def order_rows(orders: QuerySet[Order]) -> Iterator[list]:
    for o in orders.select_related("carrier").order_by("placed_at", "pk").iterator(chunk_size=CHUNK):
        yield [o.number, o.placed_at, o.status, o.payment_status, o.fulfilment_status, o.payment_method, o.currency,
               money_input_format(o.items_amount), money_input_format(o.delivery_amount),
               money_input_format(o.payment_fee_amount), money_input_format(o.duties_amount),
               money_input_format(o.total_amount), o.email, o.full_name, o.country,
               o.carrier.name if o.carrier_id else "", o.tracking_number, o.language]  # fmt: skip


REFUND_HEADER = ["order", "created_at", "state", "currency", "amount", "lines", "reason", "stripe_refund_id", "by",
                 "reason_code"]  # fmt: skip


def refund_rows(refunds: QuerySet[Refund]) -> Iterator[list]:
    queryset = refunds.select_related("order", "actor").prefetch_related("lines__order_line")
    for r in queryset.order_by("created_at", "pk"):
        lines = "; ".join(
            f"{line.quantity} x {line.order_line.sku}" if line.order_line_id else "delivery" for line in r.lines.all()
        )
        yield [r.order.number, r.created_at, r.state, r.currency, money_input_format(r.amount), lines, r.reason,
               r.stripe_refund_id or "", r.actor.get_username() if r.actor_id else "", r.code]  # fmt: skip


REVIEW_HEADER = ["product_sku", "product", "created_at", "status", "rating", "verified_purchase", "shown_as", "title",
                 "body", "helpful_votes"]  # fmt: skip


def review_rows(reviews: QuerySet[Review]) -> Iterator[list]:
    for r in reviews.select_related("product").order_by("created_at", "pk").iterator(chunk_size=CHUNK):
        yield [r.product.sku, r.product.name, r.created_at, r.status, r.rating, "yes" if r.order_line_id else "no",
               r.display_name, r.title, r.body, r.helpful_count]  # fmt: skip
