"""Reads for the back office: the dashboard for the day. Every figure is a fixed number of queries, whatever the
number of orders, tickets or products (``tests/backoffice/test_dashboard.py`` counts them)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Case, Count, F, Q, Sum, When
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from core.money import Money
from orders.models import Order
from orders.states import FulfilmentStatus, OrderStatus, PaymentStatus
from returns.models import ReturnRequest
from returns.states import RequestStatus
from reviews.models import Review
from shop.models import LOW_STOCK_THRESHOLD, Product
from support.models import Ticket
from support.selectors import support_settings_get

SALES_DAYS = 30
LIST_LENGTH = 8
# Money received: sales count what was paid, also when part of it was refunded later.
SOLD_PAYMENT_STATUSES = (PaymentStatus.PAID, PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED)


def _admin_list(model, **filters: str) -> str:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


@dataclass(frozen=True)
class CurrencySales:
    currency: str
    today: Money
    today_orders: int
    month: Money
    month_orders: int
    days: list[tuple[datetime.date, Money]]  # oldest first, one per day, zero days included
    chart: list[dict]  # bars for the SVG: x, y, height, label


@dataclass(frozen=True)
class Waiting:
    """One row of a to-do list: what, how long it has waited, its deadline and a link."""

    label: str
    detail: str
    since: datetime.datetime
    url: str
    deadline: datetime.datetime | None = None
    overdue: bool = False


@dataclass
class Dashboard:
    sales: list[CurrencySales] | None = None
    sales_url: str = ""
    to_ship: list[Waiting] = field(default_factory=list)
    to_ship_count: int | None = None
    to_ship_url: str = ""
    returns: list[Waiting] = field(default_factory=list)
    returns_count: int | None = None
    returns_overdue: int = 0
    returns_url: str = ""
    tickets: list[Waiting] = field(default_factory=list)
    tickets_count: int | None = None
    tickets_late: int = 0
    promised_hours: int = 0
    tickets_url: str = ""
    reviews_pending: int | None = None
    reviews_url: str = ""
    payments_held: int | None = None
    payments_held_url: str = ""
    low_stock: int | None = None
    sold_out: int = 0
    low_stock_url: str = ""
    sold_out_url: str = ""


CHART_WIDTH, CHART_HEIGHT = 300, 60


def _sales(*, now: datetime.datetime) -> list[CurrencySales]:
    """Paid orders per day and currency over the last 30 days in the merchant's time zone: one query."""
    today = timezone.localdate(now)
    first = today - datetime.timedelta(days=SALES_DAYS - 1)
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    rows = (
        Order.objects.filter(placed_at__gte=start, payment_status__in=SOLD_PAYMENT_STATUSES)
        .annotate(day=TruncDate("placed_at", tzinfo=timezone.get_current_timezone()))
        .values("currency", "day")
        .annotate(total=Sum("total_amount"), orders=Count("id"))
        .order_by("currency", "day")
    )
    per_currency: dict[str, dict[datetime.date, tuple[int, int]]] = {}
    for row in rows:
        per_currency.setdefault(row["currency"], {})[row["day"]] = (row["total"], row["orders"])
    result = []
    for currency, by_day in sorted(per_currency.items()):
        days = [first + datetime.timedelta(days=i) for i in range(SALES_DAYS)]
        amounts = [by_day.get(day, (0, 0)) for day in days]
        top = max(amount for amount, _n in amounts) or 1
        bar = CHART_WIDTH / SALES_DAYS
        chart = []
        for i, (day, (amount, _n)) in enumerate(zip(days, amounts, strict=True)):
            height = round(amount / top * (CHART_HEIGHT - 2), 1) if amount else 0
            chart.append({
                "x": round(i * bar, 1), "y": round(CHART_HEIGHT - height, 1), "width": round(bar - 1, 1),
                "height": height, "day": day, "amount": Money(amount, currency),
            })  # fmt: skip
        result.append(
            CurrencySales(
                currency=currency,
                today=Money(amounts[-1][0], currency),
                today_orders=amounts[-1][1],
                month=Money(sum(a for a, _n in amounts), currency),
                month_orders=sum(n for _a, n in amounts),
                days=[(day, Money(a, currency)) for day, (a, _n) in zip(days, amounts, strict=True)],
                chart=chart,
            )
        )
    return result


def _to_ship(board: Dashboard) -> None:
    queue = Order.objects.filter(status=OrderStatus.PAID, fulfilment_status=FulfilmentStatus.UNFULFILLED)
    board.to_ship_count = queue.count()
    board.to_ship = [
        Waiting(
            label=order.number,
            detail=order.full_name,
            since=order.placed_at,
            url=reverse("admin:orders_order_change", args=[order.pk]),
        )
        for order in queue.order_by("placed_at").only("pk", "number", "full_name", "placed_at")[:LIST_LENGTH]
    ]
    board.to_ship_url = _admin_list(
        Order, status__exact=OrderStatus.PAID, fulfilment_status__exact=FulfilmentStatus.UNFULFILLED, o="2"
    )


def _returns(board: Dashboard, *, now: datetime.datetime) -> None:
    """Returns and complaints waiting for the merchant: to answer (answer-by) or received (refund-by)."""
    waiting = ReturnRequest.objects.filter(status__in=(RequestStatus.REQUESTED, RequestStatus.RECEIVED)).annotate(
        deadline=Case(When(status=RequestStatus.REQUESTED, then=F("respond_by")), default=F("refund_by"))
    )
    figures = waiting.aggregate(count=Count("id"), overdue=Count("id", filter=Q(deadline__lt=now)))
    board.returns_count, board.returns_overdue = figures["count"], figures["overdue"]
    board.returns = [
        Waiting(
            label=request.number,
            detail=f"{request.get_kind_display()} · {request.get_status_display()}",
            since=request.created_at,
            deadline=request.deadline,
            overdue=request.deadline is not None and request.deadline < now,
            url=reverse("admin:returns_returnrequest_change", args=[request.pk]),
        )
        for request in waiting.order_by(F("deadline").asc(nulls_last=True))[:LIST_LENGTH]
    ]
    board.returns_url = _admin_list(ReturnRequest, status__in=f"{RequestStatus.REQUESTED},{RequestStatus.RECEIVED}")


def _tickets(board: Dashboard, *, now: datetime.datetime) -> None:
    board.promised_hours = support_settings_get().first_response_hours
    late_since = now - datetime.timedelta(hours=board.promised_hours)
    waiting = Ticket.objects.filter(status=Ticket.Status.OPEN)
    figures = waiting.aggregate(count=Count("id"), late=Count("id", filter=Q(created_at__lt=late_since)))
    board.tickets_count, board.tickets_late = figures["count"], figures["late"]
    board.tickets = [
        Waiting(
            label=ticket.reference,
            detail=ticket.get_topic_display(),
            since=ticket.created_at,
            deadline=ticket.created_at + datetime.timedelta(hours=board.promised_hours),
            overdue=ticket.created_at < late_since,
            url=reverse("admin:support_ticket_change", args=[ticket.pk]),
        )
        for ticket in waiting.order_by("created_at")[:LIST_LENGTH]
    ]
    board.tickets_url = _admin_list(Ticket, status__exact=Ticket.Status.OPEN)


def dashboard_get(*, user: AbstractBaseUser, now: datetime.datetime) -> Dashboard:
    """The figures this staff member's role may see; the others stay ``None`` and are not shown."""
    board = Dashboard()
    if user.has_perm("orders.view_order"):
        board.sales = _sales(now=now)
        board.sales_url = _admin_list(Order, payment_status__in=",".join(SOLD_PAYMENT_STATUSES))
        _to_ship(board)
        board.payments_held = Order.objects.filter(status=OrderStatus.HELD_FOR_REVIEW).count()
        board.payments_held_url = _admin_list(Order, status__exact=OrderStatus.HELD_FOR_REVIEW)
    if user.has_perm("returns.view_returnrequest"):
        _returns(board, now=now)
    if user.has_perm("support.view_ticket"):
        _tickets(board, now=now)
    if user.has_perm("reviews.view_review"):
        board.reviews_pending = Review.objects.filter(status=Review.Status.PENDING).count()
        board.reviews_url = _admin_list(Review, status__exact=Review.Status.PENDING)
    if user.has_perm("shop.view_product"):
        stock = Product.objects.filter(is_active=True).aggregate(
            low=Count("id", filter=Q(stock__gt=0, stock__lte=LOW_STOCK_THRESHOLD)), out=Count("id", filter=Q(stock=0))
        )
        board.low_stock, board.sold_out = stock["low"], stock["out"]
        board.low_stock_url = _admin_list(Product, is_active__exact="1", stock__gt="0", stock__lte=LOW_STOCK_THRESHOLD)
        board.sold_out_url = _admin_list(Product, is_active__exact="1", stock="0")
    return board
