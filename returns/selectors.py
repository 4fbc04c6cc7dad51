"""Reads for returns: what an order still allows (kinds, windows, quantities), request lists, trust figures."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils import timezone

from orders.models import STRIPE_METHODS, Order, OrderLine, OrderStatusChange
from orders.states import OrderStatus
from policies.models import PolicyVersion
from policies.selectors import policy_current_version
from returns.models import RefundAccountChange, ReturnRequest, ReturnRequestLine, ReturnsTerms
from returns.states import COUNTED_STATUSES, OPEN_STATUSES, RequestKind, RequestStatus

WITHDRAWAL_DAYS = 14  # EU Consumer Rights Directive art. 9: 14 days from the day the goods are received
COMPLAINT_DAYS = 730  # EU legal guarantee of conformity: at least two years from delivery
RESPOND_DAYS = 5  # the merchant answers a request within 5 days
SEND_BACK_DAYS = 14  # CRD art. 14: the shopper sends the goods back within 14 days
REFUND_DAYS = 14  # CRD art. 13: refund within 14 days (may wait until the goods are back)
# The code that confirms a refund account given through an order link (returns.services.refund_account_confirm).
CODE_LIFETIME = datetime.timedelta(minutes=15)
CODE_ATTEMPTS = 5  # wrong tries before the code stops working

# Order statuses a return can start from: the goods arrived and the order is not fully refunded.
RETURNABLE_ORDER_STATUSES = frozenset({OrderStatus.DELIVERED})


def order_delivered_at(*, order: Order) -> datetime.datetime | None:
    """When the order was delivered: the first "delivered" entry of its timeline."""
    change = (
        OrderStatusChange.objects.filter(order=order, to_status=OrderStatus.DELIVERED).order_by("created_at").first()
    )
    return change.created_at if change else None


def order_returns_terms(*, order: Order) -> ReturnsTerms | None:
    """The terms of the returns-policy version this order accepted (None: only the legal withdrawal applies)."""
    if order.accepted_returns_policy_id is None:
        return None
    return ReturnsTerms.objects.filter(policy_version_id=order.accepted_returns_policy_id).first()


def returns_terms_latest() -> ReturnsTerms | None:
    """The terms of the newest returns-policy version that has terms: what a new version carries over."""
    return (
        ReturnsTerms.objects.select_related("policy_version")
        .filter(policy_version__policy__kind="returns")
        .order_by("-policy_version__number")
        .first()
    )


def returns_terms_in_force(*, on: datetime.date | None = None) -> tuple[PolicyVersion | None, ReturnsTerms | None]:
    """The returns-policy version in force and its terms (None: only the legal withdrawal applies)."""
    version = policy_current_version(kind="returns", on=on)
    if version is None:
        return None, None
    return version, ReturnsTerms.objects.filter(policy_version=version).first()


def kind_last_day(*, kind: str, delivered_at: datetime.datetime, terms: ReturnsTerms | None) -> datetime.date | None:
    """The last calendar day (shop time) a request of ``kind`` can be started; None if the kind is not offered."""
    days = {
        RequestKind.WITHDRAWAL: WITHDRAWAL_DAYS,
        RequestKind.RETURN: terms.window_days if terms else None,
        RequestKind.COMPLAINT: COMPLAINT_DAYS,
    }.get(kind)
    if days is None:
        return None
    return timezone.localdate(delivered_at) + datetime.timedelta(days=days)


def order_line_counts(*, order: Order) -> tuple[dict[int, int], set[int]]:
    """({line id: quantity already in a non-rejected request}, {line ids with an open request})."""
    rows = ReturnRequestLine.objects.filter(order_line__order=order, request__status__in=COUNTED_STATUSES)
    taken = {row["order_line_id"]: row["total"] for row in rows.values("order_line_id").annotate(total=Sum("quantity"))}
    open_lines = set(rows.filter(request__status__in=OPEN_STATUSES).values_list("order_line_id", flat=True).distinct())
    return taken, open_lines


@dataclass(frozen=True)
class LineOption:
    line: OrderLine
    available: int
    has_open_request: bool

    @property
    def returnable(self) -> bool:
        return self.available > 0 and not self.has_open_request


@dataclass(frozen=True)
class KindOption:
    kind: str
    label: str
    last_day: datetime.date | None
    open: bool


@dataclass(frozen=True)
class ReturnsOptions:
    order: Order
    delivered: bool
    delivered_at: datetime.datetime | None
    terms: ReturnsTerms | None
    lines: list[LineOption]
    kinds: list[KindOption]
    needs_iban: bool
    requests: list[ReturnRequest] = field(default_factory=list)

    @property
    def any_open_kind(self) -> bool:
        return any(k.open for k in self.kinds)

    @property
    def can_start(self) -> bool:
        return self.delivered and self.any_open_kind and any(line.returnable for line in self.lines)

    def kind(self, kind: str) -> KindOption | None:
        return next((k for k in self.kinds if k.kind == kind), None)


def order_returns_options(*, order: Order, now: datetime.datetime | None = None) -> ReturnsOptions:
    today = timezone.localdate(now or timezone.now())
    delivered_at = order_delivered_at(order=order)
    delivered = delivered_at is not None and order.status in RETURNABLE_ORDER_STATUSES
    terms = order_returns_terms(order=order)
    taken, open_lines = order_line_counts(order=order)
    lines = [
        LineOption(
            line=line, available=max(line.quantity - taken.get(line.pk, 0), 0), has_open_request=line.pk in open_lines
        )
        for line in order.lines.all()
    ]
    kinds = []
    for kind in RequestKind:
        last_day = kind_last_day(kind=kind, delivered_at=delivered_at, terms=terms) if delivered_at else None
        kinds.append(
            KindOption(
                kind=kind.value,
                label=kind.label,
                last_day=last_day,
                open=bool(delivered and last_day and today <= last_day),
            )
        )
    return ReturnsOptions(
        order=order,
        delivered=delivered,
        delivered_at=delivered_at,
        terms=terms,
        lines=lines,
        kinds=kinds,
        needs_iban=order.payment_method not in STRIPE_METHODS,
        requests=order_requests(order=order),
    )


def order_requests(*, order: Order) -> list[ReturnRequest]:
    return list(order.return_requests.prefetch_related("lines__order_line").order_by("-created_at"))


def refund_account_pending(
    *, request: ReturnRequest, now: datetime.datetime | None = None
) -> RefundAccountChange | None:
    """The refund account waiting for its emailed code, if its code can still be entered."""
    now = now or timezone.now()
    change = RefundAccountChange.objects.filter(request=request).first()  # the latest
    if change is None or change.confirmed_at is not None or now >= change.expires_at:
        return None
    return change if change.attempts < CODE_ATTEMPTS else None


def request_get(*, number: str) -> ReturnRequest | None:
    return (
        ReturnRequest.objects.select_related("order", "terms", "refund")
        .prefetch_related("lines__order_line", "photos", "status_changes")
        .filter(number=number)
        .first()
    )


# --- Trust centre figures ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReturnsFigures:
    window_days: int
    requests: int  # started in the window
    decided: int  # of those, approved or rejected (approval includes everything after it)
    approved: int
    refunded: int  # refunds made in the window
    refunded_on_time: int  # of those, by the refund_by deadline
    median_days_to_refund: float | None  # received -> refunded, calendar days

    @property
    def approved_percent(self) -> int | None:
        return (100 * self.approved) // self.decided if self.decided else None

    @property
    def on_time_percent(self) -> int | None:
        return (100 * self.refunded_on_time) // self.refunded if self.refunded else None


def returns_figures(*, days: int = 90, now: datetime.datetime | None = None) -> ReturnsFigures:
    """Live figures over the last ``days``: shares are rounded down so a badge never claims more than measured."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=days)
    started = ReturnRequest.objects.filter(created_at__gte=since)
    approved = started.filter(approved_at__isnull=False).count()
    rejected_only = started.filter(approved_at__isnull=True, status=RequestStatus.REJECTED).count()
    refunded_rows = list(
        ReturnRequest.objects.filter(
            refunded_at__gte=since, received_at__isnull=False, refund_by__isnull=False
        ).values_list("received_at", "refunded_at", "refund_by")
    )
    durations = [(refunded - received).total_seconds() / 86400 for received, refunded, _by in refunded_rows]
    return ReturnsFigures(
        window_days=days,
        requests=started.count(),
        decided=approved + rejected_only,
        approved=approved,
        refunded=len(refunded_rows),
        refunded_on_time=sum(1 for _received, refunded, by in refunded_rows if refunded <= by),
        median_days_to_refund=round(statistics.median(durations), 1) if durations else None,
    )
