"""Reads for the merchant: the review queue, a shopper's history, the 30-day report."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from fraud.defaults import SIGNAL_BY_KEY
from fraud.models import Decision, ReviewDecision, RiskAssessment, RiskSignalWeight
from fraud.reasons import signal_detail
from orders.models import Order
from orders.states import PAID_STATUSES, OrderStatus
from payments.models import PaymentState


def review_queue() -> QuerySet[RiskAssessment]:
    """Held payments waiting for the merchant, not yet reviewed: cards authorised only, and orders paid offline
    (bank transfer, cash on delivery) waiting to be confirmed."""
    held_card = Q(payment__state=PaymentState.REQUIRES_CAPTURE)
    held_offline = Q(payment__state=PaymentState.PENDING, order__status=OrderStatus.HELD_FOR_REVIEW)
    return (
        RiskAssessment.objects.filter(held_card | held_offline, decision=Decision.REVIEW, review__isnull=True)
        .select_related("order", "payment", "user")
        .order_by("created_at")
    )


@dataclass(frozen=True)
class ShopperHistory:
    orders: list[Order]
    attempts: list[RiskAssessment]
    paid_orders: int
    failed_attempts: int
    blocked_attempts: int


def shopper_history(*, email: str, exclude_order_id: int | None = None, limit: int = 10) -> ShopperHistory:
    """Earlier orders and screened attempts by the same email address (newest first)."""
    orders = Order.objects.filter(email__iexact=email)
    if exclude_order_id is not None:
        orders = orders.exclude(pk=exclude_order_id)
    attempts = RiskAssessment.objects.filter(email=email.strip().lower()).select_related("payment")
    counts = attempts.aggregate(
        failed=Count("id", filter=Q(payment__state=PaymentState.FAILED)),
        blocked=Count("id", filter=Q(decision=Decision.BLOCK)),
    )
    return ShopperHistory(
        orders=list(orders.order_by("-placed_at")[:limit]),
        attempts=list(attempts.order_by("-created_at")[:limit]),
        paid_orders=orders.filter(status__in=PAID_STATUSES).count(),
        failed_attempts=counts["failed"],
        blocked_attempts=counts["blocked"],
    )


@dataclass
class SignalRow:
    key: str
    description: str
    fired: int
    in_confirmed_fraud: int
    chargeback_prone: bool


@dataclass
class RiskReport:
    since: datetime.datetime
    attempts: int
    decisions: dict[str, int]
    reviewed: int
    captured_as_legit: int
    confirmed_fraud: int
    pending_review: int
    signals: list[SignalRow] = field(default_factory=list)

    @property
    def false_positive_rate(self) -> float | None:
        """Share of reviewed holds that turned out legitimate (captured and not judged fraud)."""
        return self.captured_as_legit / self.reviewed if self.reviewed else None

    @property
    def false_positive_percent(self) -> str:
        rate = self.false_positive_rate
        return "—" if rate is None else f"{rate * 100:.0f}%"


def risk_report(*, days: int = 30, now: datetime.datetime | None = None) -> RiskReport:
    """The last ``days`` days: attempts, decisions, signals (and which preceded confirmed fraud), FP rate."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=days)
    attempts = RiskAssessment.objects.filter(created_at__gte=since)
    decisions = {choice: 0 for choice in Decision.values}
    for row in attempts.values("decision").annotate(n=Count("id")):
        decisions[row["decision"]] = row["n"]
    reviews = ReviewDecision.objects.filter(assessment__created_at__gte=since)
    review_counts = reviews.aggregate(
        reviewed=Count("id"),
        legit=Count(
            "id",
            filter=Q(decision=ReviewDecision.Outcome.CAPTURED) & (Q(was_fraud=False) | Q(was_fraud__isnull=True)),
        ),
        fraud=Count("id", filter=Q(was_fraud=True)),
    )
    fired: Counter[str] = Counter()
    in_fraud: Counter[str] = Counter()
    fraud_ids = set(reviews.filter(was_fraud=True).values_list("assessment_id", flat=True))
    for assessment_id, signals in attempts.values_list("id", "signals").iterator():
        keys = {signal.get("key") for signal in signals or []}
        fired.update(keys)
        if assessment_id in fraud_ids:
            in_fraud.update(keys)
    rows = [
        SignalRow(
            key=key,
            description=str(SIGNAL_BY_KEY[key].description) if key in SIGNAL_BY_KEY else key,
            fired=count,
            in_confirmed_fraud=in_fraud[key],
            chargeback_prone=SIGNAL_BY_KEY[key].chargeback_prone if key in SIGNAL_BY_KEY else False,
        )
        for key, count in fired.most_common()
    ]
    return RiskReport(
        since=since,
        attempts=sum(decisions.values()),
        decisions=decisions,
        reviewed=review_counts["reviewed"],
        captured_as_legit=review_counts["legit"],
        confirmed_fraud=review_counts["fraud"],
        pending_review=review_queue().count(),
        signals=rows,
    )


def signal_explanations(*, assessment: RiskAssessment) -> list[dict]:
    """The assessment's signals with the plain-words description of each, for the review screen."""
    merchant_words = dict(RiskSignalWeight.objects.values_list("key", "description"))
    out = []
    for signal in assessment.signals:
        key = signal.get("key", "")
        default = SIGNAL_BY_KEY.get(key)
        out.append(
            {
                "key": key,
                "weight": signal.get("weight", 0),
                "description": merchant_words.get(key) or (str(default.description) if default else key),
                "detail": signal_detail(signal),
            }
        )
    return out
