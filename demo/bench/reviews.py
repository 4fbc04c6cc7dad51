"""Bench section for reviews (run by `manage.py bench`): the product page as its reviews grow to 1,000.

Every review is verified the real way (a delivered order with status history), has helpful votes, and every
other one a merchant reply, so the page does all its work: summary, distribution, verification subqueries,
replies and the viewer's votes. The query count must not change with the number of reviews.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from demo.bench.catalogue import catalogue_grow_to
from demo.bench.harness import BenchContext, BenchTable
from orders.models import Order, OrderLine, OrderStatusChange
from orders.states import OrderStatus
from reviews.models import HelpfulVote, MerchantReply, Review
from reviews.selectors import review_settings_get
from reviews.services import product_rating_refresh
from shop.models import Product

REVIEW_COUNTS = (10, 100, 1_000)


def _product():
    if not Product.objects.exists():
        catalogue_grow_to(1)
    return Product.objects.order_by("id").first()


def reviews_grow_to(product, size: int) -> None:
    """Bulk-create verified reviews (user, delivered order, line, timeline, votes, replies) up to ``size``."""
    User = get_user_model()
    start = Review.objects.filter(product=product).count()
    if start >= size:
        return
    now = timezone.now()
    users = User.objects.bulk_create(
        [
            User(
                username=f"bench-reviewer-{product.pk}-{n}",
                email=f"bench{product.pk}-{n}@example.com",
                first_name=f"Reader{n}",
                last_name="Bench",
            )
            for n in range(start, size)
        ]
    )
    orders = Order.objects.bulk_create(
        [
            Order(
                user=user,
                email=user.email,
                full_name="Bench Reader",
                address_line1="Street 1",
                postal_code="1011",
                city="Amsterdam",
                country="NL",
                payment_method="card",
                status=OrderStatus.DELIVERED,
            )
            for user in users
        ]
    )
    lines = OrderLine.objects.bulk_create(
        [
            OrderLine(
                order=order,
                product=product,
                sku=product.sku,
                name=product.name,
                unit_price_amount=product.price_amount,
                quantity=1,
            )
            for order in orders
        ]
    )
    steps = [("placed", "paid"), ("paid", "shipped"), ("shipped", "delivered")]
    OrderStatusChange.objects.bulk_create(
        [
            OrderStatusChange(order=order, from_status=a, to_status=b, cause="bench")
            for order in orders
            for a, b in steps
        ]
    )
    reviews = Review.objects.bulk_create(
        [
            Review(
                product=product,
                author=user,
                order_line=line,
                display_name=f"{user.first_name} B.",
                rating=1 + (n * 7) % 5,
                title=f"Bench review {n}",
                body="A plain review body for the bench. " * 4,
                status=Review.Status.PUBLISHED,
                created_at=now - timedelta(minutes=n),
            )
            for n, (user, line) in enumerate(zip(users, lines, strict=True), start=start)
        ]
    )
    MerchantReply.objects.bulk_create(
        [MerchantReply(review=review, author_name="Trustmark", body="Thank you.") for review in reviews[::2]]
    )
    voters = users[:3]
    votes = [HelpfulVote(review=r, user=voter) for r in reviews for voter in voters if voter.pk != r.author_id]
    HelpfulVote.objects.bulk_create(votes)
    counts: dict[int, int] = {}
    for vote in votes:
        counts[vote.review_id] = counts.get(vote.review_id, 0) + 1
    for review in reviews:
        review.helpful_count = counts.get(review.pk, 0)
    Review.objects.bulk_update(reviews, ["helpful_count"], batch_size=500)
    product_rating_refresh(product_id=product.pk)  # bulk writes send no signal


def reviews_section(ctx: BenchContext) -> BenchTable:
    review_settings_get()
    table = BenchTable(
        title="Product page with reviews",
        columns=["page", "reviews", "queries/request", "median ms"],
        notes=[
            "Every review verified from a delivered order; half have merchant replies; votes on each.",
            "Signed-in viewer: their own votes and reports are looked up in the same page query.",
        ],
    )
    product = _product()
    User = get_user_model()
    viewer, _ = User.objects.get_or_create(username="bench-viewer", defaults={"email": "viewer@example.com"})
    signed_in = Client()
    signed_in.force_login(viewer)
    url = product.get_absolute_url()
    for size in REVIEW_COUNTS:
        reviews_grow_to(product, size)
        pages = [
            ("product page (anonymous)", url, None),
            ("product page (signed in)", url, signed_in),
            (
                "most helpful, verified only, page 3",
                url + "?reviews_sort=helpful&reviews_verified=1&reviews_page=3",
                None,
            ),
            ("1-star filter, lowest first", url + "?reviews_stars=1&reviews_sort=lowest", None),
        ]
        for label, path, client in pages:
            result = ctx.measure(path, client=client)
            if result.status != 200:
                raise RuntimeError(f"{path} answered {result.status}")
            table.rows.append([label, f"{size:,}", result.queries, f"{result.median_ms:.1f}"])
    return table

