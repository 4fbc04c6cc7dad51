"""Reads for reviews: verification (computed from orders at read time), listings, summaries, policy figures."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from core.formatting import format_decimal
from orders.models import Order, OrderLine, OrderStatusChange
from orders.states import PAID_STATUSES, OrderStatus
from reviews.models import (
    RATING_MAX,
    RATING_MIN,
    HelpfulVote,
    RejectionReason,
    Review,
    ReviewReport,
    ReviewSettings,
    VerificationThreshold,
)
from shop.models import Product

PAGE_SIZE = 10
PUBLISHED = Review.Status.PUBLISHED


class Sort:
    NEWEST = "newest"
    HELPFUL = "helpful"
    LOWEST = "lowest"
    HIGHEST = "highest"
    ALL = (NEWEST, HELPFUL, LOWEST, HIGHEST)


SORT_ORDERING = {
    Sort.NEWEST: ("-created_at", "-id"),
    Sort.HELPFUL: ("-helpful_count", "-created_at", "-id"),
    Sort.LOWEST: ("rating", "-created_at", "-id"),
    Sort.HIGHEST: ("-rating", "-created_at", "-id"),
}


def review_settings_get() -> ReviewSettings:
    settings_row, _created = ReviewSettings.objects.get_or_create(pk=1)
    return settings_row


# --- Verification: computed from the order's status history, every time -------------------------------------


def _qualifying_statuses(threshold: str) -> frozenset[str]:
    """Statuses whose *arrival* makes an order count: reaching delivered, or reaching any paid status.

    A later refund does not remove the label: the shopper did buy and receive the product, and hiding the
    reviews of people who returned something would bias the ratings upwards.
    """
    if threshold == VerificationThreshold.PAID:
        return frozenset(PAID_STATUSES)
    return frozenset({OrderStatus.DELIVERED})


def qualifying_order_lines(
    *, product: Product, user: AbstractBaseUser | None = None, order: Order | None = None, threshold: str
) -> QuerySet[OrderLine]:
    """Order lines for ``product`` in the user's (or this one guest order's) orders that reached the threshold."""
    reached = OrderStatusChange.objects.filter(
        order_id=OuterRef("order_id"), to_status__in=_qualifying_statuses(threshold)
    )
    lines = OrderLine.objects.filter(product=product).filter(Exists(reached))
    if order is not None:
        lines = lines.filter(order=order)
    elif user is not None and user.is_authenticated:
        lines = lines.filter(order__user=user)
    else:
        return OrderLine.objects.none()
    return lines.select_related("order").order_by("order__placed_at", "id")


def order_qualifies(*, order: Order, threshold: str) -> bool:
    """Whether this order has reached the threshold that opens reviews (delivered, or paid)."""
    return OrderStatusChange.objects.filter(order=order, to_status__in=_qualifying_statuses(threshold)).exists()


def candidate_order_lines(*, product: Product, user: AbstractBaseUser) -> QuerySet[OrderLine]:
    """The user's lines for ``product`` in orders that were paid at some point (may not be delivered yet)."""
    return qualifying_order_lines(product=product, user=user, threshold=VerificationThreshold.PAID)


def reviews_with_verification(queryset: QuerySet[Review], *, threshold: str) -> QuerySet[Review]:
    """Annotate ``verified`` (bool), ``ordered_on``, ``verified_on`` and ``delivered_on``.

    ``verified`` holds only when the linked order line is for this product, belongs to the author (or to the
    guest order the review came from) and its order's history shows it reached the threshold: computed now, from
    orders, not read from any flag. ``Exists`` (not "first date is not null") lets the database answer the
    "verified only" filter from the order index; the dates use MIN per order for the same reason.
    """
    statuses = _qualifying_statuses(threshold)

    def first_change(to_statuses) -> Subquery:
        return Subquery(
            OrderStatusChange.objects.filter(order_id=OuterRef("order_line__order_id"), to_status__in=to_statuses)
            .order_by()
            .values("order_id")
            .annotate(first=Min("created_at"))
            .values("first")[:1]
        )

    reached = Exists(
        OrderStatusChange.objects.filter(order_id=OuterRef("order_line__order_id"), to_status__in=statuses)
    )
    owner_matches = Q(order_line__order__user_id=F("author_id")) | Q(
        author__isnull=True, order_line__order__user__isnull=True, order_line__order__email__iexact=F("guest_email")
    )
    return queryset.annotate(
        verified_on=first_change(statuses),
        delivered_on=first_change([OrderStatus.DELIVERED]),
        ordered_on=F("order_line__order__placed_at"),
        verified=Case(
            When(reached & Q(order_line__product_id=F("product_id")) & owner_matches, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def review_is_verified(*, review: Review) -> bool:
    threshold = review_settings_get().verification_threshold
    return (
        reviews_with_verification(Review.objects.filter(pk=review.pk), threshold=threshold)
        .values_list("verified", flat=True)
        .first()
        or False
    )


# --- Product page --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StarBucket:
    stars: int
    count: int
    percent: int


@dataclass(frozen=True)
class RatingSummary:
    count: int
    average: float | None
    buckets: list[StarBucket] = field(default_factory=list)

    @property
    def average_display(self) -> str:
        return format_decimal(self.average, 1) if self.average is not None else ""


def rating_summary(*, product: Product) -> RatingSummary:
    """Average, count and distribution of the product's *published* reviews, in one query."""
    published = Review.objects.filter(product=product, status=PUBLISHED)
    aggregates = published.aggregate(
        count=Count("id"),
        average=Avg("rating"),
        **{f"s{stars}": Count("id", filter=Q(rating=stars)) for stars in range(RATING_MIN, RATING_MAX + 1)},
    )
    total = aggregates["count"]
    buckets = [
        StarBucket(
            stars=stars,
            count=aggregates[f"s{stars}"],
            percent=round(100 * aggregates[f"s{stars}"] / total) if total else 0,
        )
        for stars in range(RATING_MAX, RATING_MIN - 1, -1)
    ]
    average = round(float(aggregates["average"]), 1) if aggregates["average"] is not None else None
    return RatingSummary(count=total, average=average, buckets=buckets)


@dataclass(frozen=True)
class ReviewFilters:
    sort: str = Sort.NEWEST
    stars: int | None = None
    verified_only: bool = False
    page: int = 1

    @classmethod
    def from_query(cls, query) -> ReviewFilters:
        """Parse the product page's query string; anything unexpected falls back to the default."""
        sort = query.get("reviews_sort", Sort.NEWEST)
        if sort not in Sort.ALL:
            sort = Sort.NEWEST
        stars_raw = query.get("reviews_stars", "")
        stars = int(stars_raw) if stars_raw.isdigit() and RATING_MIN <= int(stars_raw) <= RATING_MAX else None
        page_raw = query.get("reviews_page", "1")
        page = int(page_raw) if page_raw.isdigit() and 0 < int(page_raw) < 100_000 else 1
        return cls(sort=sort, stars=stars, verified_only=query.get("reviews_verified") == "1", page=page)


def product_reviews_page(
    *, product: Product, filters: ReviewFilters, user: AbstractBaseUser | AnonymousUser, threshold: str
) -> Page:
    """One page of published reviews with verification, reply, helpful count and the viewer's vote.

    A fixed number of queries whatever the number of reviews: one count for the paginator, one for the page
    (reply joined; verification and "you voted" as subqueries; the helpful count is a stored, indexed column).
    """
    reviews = Review.objects.filter(product=product, status=PUBLISHED)
    if filters.stars:
        reviews = reviews.filter(rating=filters.stars)
    reviews = reviews_with_verification(reviews, threshold=threshold)
    if filters.verified_only:
        reviews = reviews.filter(verified=True)
    if user.is_authenticated:
        reviews = reviews.annotate(
            voted=Exists(HelpfulVote.objects.filter(review_id=OuterRef("pk"), user_id=user.pk)),
            reported=Exists(ReviewReport.objects.filter(review_id=OuterRef("pk"), reporter_id=user.pk)),
        )
    else:
        reviews = reviews.annotate(voted=Value(False), reported=Value(False))
    reviews = reviews.select_related("reply").order_by(*SORT_ORDERING[filters.sort])
    paginator = Paginator(reviews, PAGE_SIZE)
    return paginator.get_page(filters.page)


def review_of_user(*, product: Product, user: AbstractBaseUser | AnonymousUser) -> Review | None:
    if not user.is_authenticated:
        return None
    return Review.objects.filter(product=product, author=user).first()


# --- "How we handle reviews": live figures -------------------------------------------------------------------


@dataclass(frozen=True)
class PolicyFigures:
    published: int
    verified: int
    rejected: int
    rejected_by_reason: list[tuple[str, int]]
    pending: int
    median_moderation: timedelta | None
    reports_open: int
    settings: ReviewSettings

    @property
    def verified_percent(self) -> int | None:
        return round(100 * self.verified / self.published) if self.published else None

    @property
    def median_moderation_hours(self) -> float | None:
        if self.median_moderation is None:
            return None
        return round(self.median_moderation.total_seconds() / 3600, 1)


def review_policy_figures() -> PolicyFigures:
    review_settings = review_settings_get()
    published_reviews = Review.objects.filter(status=PUBLISHED)
    # Count with a filter on the annotation (not ``Count(filter=Q(verified=True))``, which Django compiles to a
    # reference to the alias that SQLite does not resolve).
    published = {
        "total": published_reviews.count(),
        "verified": reviews_with_verification(published_reviews, threshold=review_settings.verification_threshold)
        .filter(verified=True)
        .count(),
    }
    labels = dict(RejectionReason.choices)
    by_reason = (
        Review.objects.filter(status=Review.Status.REJECTED)
        .order_by()
        .values("rejection_reason")
        .annotate(n=Count("id"))
        .order_by("-n", "rejection_reason")
    )
    rejected_by_reason = [
        (str(labels.get(row["rejection_reason"], row["rejection_reason"])), row["n"]) for row in by_reason
    ]
    durations = [
        moderated - submitted
        for submitted, moderated in Review.objects.filter(
            moderated_at__isnull=False, submitted_for_moderation_at__isnull=False
        ).values_list("submitted_for_moderation_at", "moderated_at")
    ]
    return PolicyFigures(
        published=published["total"],
        verified=published["verified"],
        rejected=sum(n for _label, n in rejected_by_reason),
        rejected_by_reason=rejected_by_reason,
        pending=Review.objects.filter(status=Review.Status.PENDING).count(),
        median_moderation=statistics.median(durations) if durations else None,
        reports_open=ReviewReport.objects.filter(resolved_at__isnull=True).count(),
        settings=review_settings,
    )


# --- "Download my data" (registered with accounts' hooks in ``ReviewsConfig.ready``) -------------------------


def review_data_export(*, user: AbstractBaseUser) -> list[dict[str, Any]]:
    """Every row of this app's models that belongs to the shopper (reviews, helpful votes, reports...), field by
    field; a link to another account (the moderator) is left out."""
    exported: list[dict[str, Any]] = []
    user_model = get_user_model()  # not type(user): request.user is a lazy wrapper
    for model in apps.get_app_config("reviews").get_models():
        user_fields = [
            model_field.name
            for model_field in model._meta.get_fields()
            if getattr(model_field, "many_to_one", False) and model_field.related_model is user_model
        ]
        if not user_fields:
            continue
        for row in model.objects.filter(**{user_fields[0]: user}):
            item: dict[str, Any] = {"kind": model._meta.model_name}
            for model_field in model._meta.concrete_fields:
                name, attname = model_field.name, model_field.attname
                if model_field.is_relation:
                    if model_field.related_model is user_model:
                        continue  # never another account's name (e.g. the moderator)
                    item[name] = str(getattr(row, name)) if getattr(row, attname) else None
                    continue
                value = getattr(row, attname)
                item[name] = value.isoformat() if hasattr(value, "isoformat") else value
            exported.append(item)
    return exported
