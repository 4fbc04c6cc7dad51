"""Demo reviews: most products get a realistic spread of reviews, each from a demo shopper whose seeded order
containing that product really was delivered (built with ``order_move``), so every "Verified purchase"
label in the demo is true. Low ratings get merchant replies; a few reviews are rejected, pending or reported so
the moderation queue and the "How we handle reviews" figures have something to show. Idempotent.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.factories import UserFactory
from demo.seeding.review_texts import KIND_OF, REPLIES, review_compose
from orders.factories import OrderFactory, OrderLineFactory, order_move
from orders.models import Order, OrderStatusChange
from orders.states import OrderStatus
from reviews.models import HelpfulVote, MerchantReply, RejectionReason, Review, ReviewReport, ReviewRequest
from reviews.selectors import review_settings_get
from reviews.services import product_rating_refresh
from shop.models import Product

REVIEWER_DOMAIN = "reviewers.trustmark.example"
# (first name, last name, the language they write in)
REVIEWERS = [
    ("Anna", "Kowalska", "pl"),
    ("Bram", "de Vries", "nl"),
    ("Chiara", "Rossi", "en"),
    ("Dawid", "Nowak", "pl"),
    ("Eva", "Jansen", "nl"),
    ("Finn", "O'Connor", "en"),
    ("Greta", "Lindqvist", "en"),
    ("Hugo", "Clarke", "en"),
    ("Iga", "Wójcik", "pl"),
    ("Jonas", "Meyer", "en"),
    ("Karolina", "Zielińska", "pl"),
    ("Lotte", "Mulder", "nl"),
    ("Marek", "Lewandowski", "pl"),
    ("Noor", "Bos", "nl"),
]
# A realistic J-shaped spread: mostly 4-5 stars, a visible tail of 1-2 stars.
RATING_WEIGHTS = {5: 44, 4: 26, 3: 12, 2: 8, 1: 10}
KINDS = sorted(set(KIND_OF.values()))


@dataclass(frozen=True)
class Plan:
    product: Product
    reviewer_index: int
    rating: int


def _kind(product: Product) -> str:
    """What the product is, for the words of its reviews (by its subcategory; any other: drawn by SKU)."""
    slug = product.category.slug if product.category_id else ""
    return KIND_OF.get(slug) or KINDS[sum(map(ord, product.sku)) % len(KINDS)]


def _reviewers() -> list:
    User = get_user_model()
    users = []
    for index, (first, last, _language) in enumerate(REVIEWERS, start=1):
        email = f"reviewer{index:02d}@{REVIEWER_DOMAIN}"
        user = User.objects.filter(email=email).first() or UserFactory(
            username=f"demo-reviewer{index:02d}", email=email, first_name=first, last_name=last
        )
        users.append(user)
    return users


def _plans(products: list[Product], reviewer_count: int) -> list[Plan]:
    plans = []
    for position, product in enumerate(products):
        rng = random.Random(f"trustmark-reviews-{product.sku}")  # noqa: S311 (demo data, deterministic)
        if position % 7 == 6:
            continue  # "most products", not all: some have no reviews yet
        count = rng.randint(2, min(7, reviewer_count))
        reviewers = rng.sample(range(reviewer_count), count)
        ratings = rng.choices(list(RATING_WEIGHTS), weights=list(RATING_WEIGHTS.values()), k=count)
        if position % 5 == 0:
            ratings[0] = rng.choice([1, 2])  # make sure low ratings (with replies) are spread across the shop
        plans.extend(Plan(product, reviewer, rating) for reviewer, rating in zip(reviewers, ratings, strict=True))
    return plans


def _delivered_order(*, user, products: list[Product], placed: datetime) -> Order:
    order = OrderFactory(user=user, email=user.email, full_name=user.get_full_name())
    for product in products:
        OrderLineFactory(order=order, product=product)
    items = sum(product.price_amount for product in products)
    Order.objects.filter(pk=order.pk).update(placed_at=placed, items_amount=items, total_amount=items + 495)
    # The demo orders had their review request already: no email goes out for them when the seed commits.
    ReviewRequest.objects.get_or_create(order=order)
    for step, days in ((OrderStatus.PAID, 0), (OrderStatus.SHIPPED, 1), (OrderStatus.DELIVERED, 3)):
        order_move(order=order, to_status=step, cause="demo data")
        # Demo data shaping: the timeline gets dates in the past (placed, paid the same day, +1, +3 days).
        OrderStatusChange.objects.filter(order=order, to_status=step).update(
            created_at=placed + timedelta(days=days, hours=2)
        )
    return order


def seed_reviews() -> dict[str, int]:
    """Reviews on most products; products that already have demo reviews are left alone (idempotent)."""
    review_settings_get()
    products = list(Product.objects.filter(is_active=True).order_by("id"))
    if not products:
        return {"reviews": 0}
    reviewers = _reviewers()
    reviewed = set(
        Review.objects.filter(author__email__endswith=f"@{REVIEWER_DOMAIN}").values_list("product_id", flat=True)
    )
    plans = [plan for plan in _plans(products, len(reviewers)) if plan.product.pk not in reviewed]
    if not plans:
        return {"reviews": 0}
    merchant = get_user_model().objects.filter(is_staff=True).order_by("id").first()
    now = timezone.now()
    by_reviewer: dict[int, list[Plan]] = {}
    for plan in plans:
        by_reviewer.setdefault(plan.reviewer_index, []).append(plan)

    created: list[Review] = []
    taken = set(Review.objects.values_list("body", flat=True))  # no two demo reviews alike
    for reviewer_index, reviewer_plans in sorted(by_reviewer.items()):
        user = reviewers[reviewer_index]
        rng = random.Random(f"trustmark-orders-{reviewer_index}")  # noqa: S311
        # Up to three products per order, orders spread over the last five months.
        for start in range(0, len(reviewer_plans), 3):
            chunk = reviewer_plans[start : start + 3]
            placed = now - timedelta(days=rng.randint(12, 150), hours=rng.randint(0, 12))
            order = _delivered_order(user=user, products=[plan.product for plan in chunk], placed=placed)
            lines = {line.product_id: line for line in order.lines.all()}
            for plan in chunk:
                language = REVIEWERS[reviewer_index][2]
                title, body = review_compose(
                    language=language, kind=_kind(plan.product), rating=plan.rating, rng=rng, taken=taken
                )
                review = Review.objects.create(
                    product=plan.product,
                    author=user,
                    order_line=lines[plan.product.pk],
                    display_name=f"{user.first_name} {user.last_name[:1]}.",
                    rating=plan.rating,
                    title=title,
                    body=body,
                    status=Review.Status.PUBLISHED,
                )
                written = placed + timedelta(days=rng.randint(4, 10), hours=rng.randint(1, 10))
                Review.objects.filter(pk=review.pk).update(created_at=written)
                review.created_at = written
                created.append(review)
                replied = plan.rating <= 2 or rng.random() < 0.5
                if plan.rating in REPLIES[language] and merchant is not None and replied:
                    reply = MerchantReply.objects.create(
                        review=review,
                        author=merchant,
                        author_name="Trustmark customer care",
                        body=REPLIES[language][plan.rating],
                    )
                    MerchantReply.objects.filter(pk=reply.pk).update(created_at=written + timedelta(hours=20))

    _shape_moderation(created, reviewers=reviewers, merchant=merchant)
    for product_id in {review.product_id for review in created}:  # the seed wrote statuses with ``.update()``
        product_rating_refresh(product_id=product_id)
    return {"reviews": len(created)}


def _shape_moderation(reviews: list[Review], *, reviewers: list, merchant) -> None:
    """Helpful votes, one edit, a few rejected/pending reviews and an open report: the admin queues have work."""
    rng = random.Random("trustmark-moderation")  # noqa: S311
    for review in reviews:
        voters = [user for user in reviewers if user.pk != review.author_id]
        for voter in rng.sample(voters, rng.randint(0, 4)):
            HelpfulVote.objects.get_or_create(review=review, user=voter)
        Review.objects.filter(pk=review.pk).update(helpful_count=review.votes.count())
    if len(reviews) < 8 or merchant is None:
        return
    edited = reviews[1]
    Review.objects.filter(pk=edited.pk).update(edited_at=edited.created_at + timedelta(days=2))
    reasons = [RejectionReason.PERSONAL_DATA, RejectionReason.ABUSE, RejectionReason.SPAM]
    for review, reason in zip(reviews[3:6], reasons, strict=True):
        Review.objects.filter(pk=review.pk).update(
            status=Review.Status.REJECTED,
            rejection_reason=reason,
            submitted_for_moderation_at=review.created_at,
            moderated_at=review.created_at + timedelta(hours=rng.randint(2, 20)),
            moderated_by=merchant,
        )
    for review in reviews[6:8]:
        Review.objects.filter(pk=review.pk).update(
            status=Review.Status.PENDING, submitted_for_moderation_at=review.created_at
        )
    for review in reviews[8:12]:  # approved after a hold in the past: feeds the median time to moderate
        Review.objects.filter(pk=review.pk).update(
            submitted_for_moderation_at=review.created_at,
            moderated_at=review.created_at + timedelta(hours=rng.randint(1, 30)),
            moderated_by=merchant,
        )
    target = reviews[min(12, len(reviews) - 1)]
    reporter = next(user for user in reviewers if user.pk != target.author_id)
    ReviewReport.objects.get_or_create(
        review=target, reporter=reporter, defaults={"reason": "fake", "note": "Reads like an advert to me."}
    )
