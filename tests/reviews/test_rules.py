"""The review rules, through the services (the views call the same functions)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.factories import UserFactory
from core.errors import ApplicationError
from orders.states import OrderStatus
from reviews.models import HelpfulVote, Review, ReviewPosting, ReviewReport
from reviews.selectors import review_is_verified
from reviews.services import (
    ReviewNotAllowed,
    ReviewRateLimited,
    review_delete,
    review_edit,
    review_report,
    review_submit,
    review_vote_helpful,
)
from shop.factories import ProductFactory

from .conftest import make_order

GOOD = {"rating": 4, "title": "Sturdy and soft", "body": "Washed it ten times, still looks new."}


def submit(user, product, **changes):
    return review_submit(product=product, user=user, **{**GOOD, **changes})


@pytest.mark.django_db
class TestWhoMayReview:
    def test_no_order_is_refused(self, shopper, product, review_settings):
        with pytest.raises(ReviewNotAllowed, match="Only shoppers who bought"):
            submit(shopper, product)
        assert Review.objects.count() == 0

    @pytest.mark.parametrize("status", [OrderStatus.PLACED, OrderStatus.PAID, OrderStatus.SHIPPED])
    def test_order_not_yet_delivered_is_refused(self, shopper, product, review_settings, status):
        make_order(user=shopper, products=[product], status=status)
        with pytest.raises(ReviewNotAllowed):
            submit(shopper, product)

    def test_delivered_order_allows_a_verified_review(self, buyer, product, review_settings):
        review = submit(buyer, product)
        assert review.status == Review.Status.PUBLISHED
        assert review_is_verified(review=review)

    def test_order_of_another_product_does_not_count(self, shopper, product, review_settings):
        make_order(user=shopper, products=[ProductFactory()])
        with pytest.raises(ReviewNotAllowed):
            submit(shopper, product)

    def test_someone_elses_order_does_not_count(self, shopper, other_shopper, product, review_settings):
        make_order(user=other_shopper, products=[product])
        with pytest.raises(ReviewNotAllowed):
            submit(shopper, product)

    def test_paid_threshold_lets_paid_orders_review(self, shopper, product, review_settings):
        review_settings.verification_threshold = "paid"
        review_settings.save()
        make_order(user=shopper, products=[product], status=OrderStatus.PAID)
        review = submit(shopper, product)
        assert review_is_verified(review=review)

    def test_verification_is_computed_at_read_time(self, shopper, product, review_settings):
        """The label follows the orders and the merchant's threshold; nothing stored says "verified"."""
        review_settings.verification_threshold = "paid"
        review_settings.save()
        make_order(user=shopper, products=[product], status=OrderStatus.PAID)
        review = submit(shopper, product)
        review_settings.verification_threshold = "delivered"
        review_settings.save()
        assert not review_is_verified(review=review)  # paid but not delivered yet

    def test_unverified_allowed_by_merchant(self, shopper, product, review_settings):
        review_settings.allow_unverified = True
        review_settings.save()
        review = submit(shopper, product)
        assert review.status == Review.Status.PUBLISHED
        assert not review_is_verified(review=review)

    def test_unverified_review_becomes_verified_when_the_order_is_delivered(self, shopper, product, review_settings):
        review_settings.allow_unverified = True
        review_settings.save()
        order = make_order(user=shopper, products=[product], status=OrderStatus.SHIPPED)
        review = submit(shopper, product)
        assert not review_is_verified(review=review)
        from orders.factories import order_move

        order_move(order=order, to_status=OrderStatus.DELIVERED, cause="test")
        assert review_is_verified(review=review)

    def test_once_per_product(self, buyer, product, review_settings):
        submit(buyer, product)
        with pytest.raises(ReviewNotAllowed, match="already reviewed"):
            submit(buyer, product, title="Second go")
        assert Review.objects.filter(author=buyer).count() == 1

    def test_database_refuses_a_second_review_too(self, buyer, product, review_settings):
        review = submit(buyer, product)
        with pytest.raises(IntegrityError), transaction.atomic():
            Review.objects.create(
                product=product,
                author=buyer,
                display_name="x",
                rating=5,
                title="t",
                body="b" * 20,
                status=review.status,
            )

    def test_database_refuses_rating_out_of_range(self, buyer, product):
        with pytest.raises(IntegrityError), transaction.atomic():
            Review.objects.create(product=product, author=buyer, display_name="x", rating=6, title="t", body="b" * 20)


@pytest.mark.django_db
class TestInput:
    @pytest.mark.parametrize("rating", [0, 6, "abc", "", None, "4.5", "-1", " ", "5; drop table"])
    def test_bad_ratings_are_refused(self, buyer, product, review_settings, rating):
        with pytest.raises(ApplicationError, match="rating from 1 to 5"):
            submit(buyer, product, rating=rating)
        assert Review.objects.count() == 0

    @pytest.mark.parametrize("rating", [1, "5", " 3 "])
    def test_good_ratings(self, buyer, product, review_settings, rating):
        assert submit(buyer, product, rating=rating).rating == int(str(rating))

    def test_overlong_title_refused_server_side(self, buyer, product, review_settings):
        with pytest.raises(ApplicationError, match="at most 120"):
            submit(buyer, product, title="x" * 121)
        assert Review.objects.count() == 0

    def test_overlong_body_refused_server_side(self, buyer, product, review_settings):
        with pytest.raises(ApplicationError, match="at most 4000"):
            submit(buyer, product, body="y" * 4001)
        assert Review.objects.count() == 0

    def test_empty_body_refused(self, buyer, product, review_settings):
        with pytest.raises(ApplicationError):
            submit(buyer, product, body="   ")


@pytest.mark.django_db
class TestAuthorOnly:
    def test_author_edits_and_it_is_marked_edited(self, buyer, product, review_settings):
        review = submit(buyer, product)
        edited = review_edit(review=review, user=buyer, rating=2, title="Shrank", body="It shrank after a month.")
        assert edited.rating == 2 and edited.edited_at is not None

    def test_other_account_cannot_edit(self, buyer, other_shopper, product, review_settings):
        review = submit(buyer, product)
        with pytest.raises(ReviewNotAllowed, match="Only the author"):
            review_edit(review=review, user=other_shopper, rating=1, title="Hacked", body="Changed by someone else")
        review.refresh_from_db()
        assert review.title == GOOD["title"] and review.rating == 4

    def test_other_account_cannot_delete(self, buyer, other_shopper, product, review_settings):
        review = submit(buyer, product)
        with pytest.raises(ReviewNotAllowed):
            review_delete(review=review, user=other_shopper)
        assert Review.objects.filter(pk=review.pk).exists()

    def test_author_deletes(self, buyer, product, review_settings):
        review = submit(buyer, product)
        review_delete(review=review, user=buyer)
        assert not Review.objects.filter(pk=review.pk).exists()


@pytest.mark.django_db
class TestRateLimit:
    def test_sixth_review_within_an_hour_is_refused(self, shopper, review_settings):
        products = [ProductFactory() for _ in range(6)]
        make_order(user=shopper, products=products)
        for product in products[:5]:
            submit(shopper, product)
        with pytest.raises(ReviewRateLimited, match="last hour"):
            submit(shopper, products[5])
        assert Review.objects.filter(author=shopper).count() == 5

    def test_deleting_does_not_reset_the_limit(self, shopper, review_settings):
        products = [ProductFactory() for _ in range(2)]
        make_order(user=shopper, products=products)
        for _ in range(5):
            review = submit(shopper, products[0])
            review_delete(review=review, user=shopper)
        with pytest.raises(ReviewRateLimited):
            submit(shopper, products[1])

    def test_limit_lifts_after_an_hour(self, shopper, review_settings):
        products = [ProductFactory() for _ in range(6)]
        make_order(user=shopper, products=products)
        for product in products[:5]:
            submit(shopper, product)
        ReviewPosting.objects.update(created_at=timezone.now() - timedelta(minutes=61))
        submit(shopper, products[5])

    def test_limit_is_per_account(self, shopper, other_shopper, review_settings):
        products = [ProductFactory() for _ in range(5)]
        make_order(user=shopper, products=products)
        make_order(user=other_shopper, products=products)
        for product in products:
            submit(shopper, product)
        submit(other_shopper, products[0])


@pytest.mark.django_db
class TestVotesAndReports:
    def test_one_vote_per_account(self, buyer, other_shopper, product, review_settings):
        review = submit(buyer, product)
        review_vote_helpful(review=review, user=other_shopper)
        with pytest.raises(ApplicationError, match="already"):
            review_vote_helpful(review=review, user=other_shopper)
        assert HelpfulVote.objects.filter(review=review).count() == 1
        review.refresh_from_db()
        assert review.helpful_count == 1

    def test_no_vote_on_own_review(self, buyer, product, review_settings):
        review = submit(buyer, product)
        with pytest.raises(ApplicationError, match="own review"):
            review_vote_helpful(review=review, user=buyer)
        assert HelpfulVote.objects.count() == 0

    def test_report_reasons_and_once_only(self, buyer, other_shopper, product, review_settings):
        review = submit(buyer, product)
        with pytest.raises(ApplicationError):
            review_report(review=review, user=other_shopper, reason="i-dont-like-it")
        review_report(review=review, user=other_shopper, reason="fake", note="Looks copied")
        with pytest.raises(ApplicationError, match="already reported"):
            review_report(review=review, user=other_shopper, reason="spam")
        assert ReviewReport.objects.count() == 1
        review.refresh_from_db()
        assert review.status == Review.Status.PUBLISHED  # a report alone never hides a review

    def test_many_accounts_vote(self, buyer, product, review_settings):
        review = submit(buyer, product)
        for n in range(3):
            review_vote_helpful(review=review, user=UserFactory(username=f"voter{n}"))
        assert review.votes.count() == 3
