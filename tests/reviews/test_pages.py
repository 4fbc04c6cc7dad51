"""What shoppers see and do over HTTP: the review block, forms, bad input, labels, votes, reports."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from orders.models import OrderStatusChange
from orders.states import OrderStatus
from reviews.models import HelpfulVote, MerchantReply, Review, ReviewReport
from reviews.services import review_submit, review_vote_helpful

from .conftest import make_order

pytestmark = pytest.mark.django_db

GOOD = {"rating": "4", "title": "Sturdy and soft", "body": "Washed it ten times, still looks new."}


def reviews_page(client, product, query=""):
    return client.get(reverse("reviews:product", kwargs={"slug": product.slug}) + query)


def write_url(product):
    return reverse("reviews:write", kwargs={"slug": product.slug})


def text(response) -> str:
    return response.content.decode()


class TestWriting:
    def test_buyer_writes_and_sees_it_published_with_the_label(self, client, buyer, product, review_settings):
        client.force_login(buyer)
        response = client.post(write_url(product), GOOD)
        assert response.status_code == 302
        assert response["Location"].endswith(product.get_absolute_url() + "#reviews")
        page = text(reviews_page(client, product))
        assert "Sturdy and soft" in page
        assert "Verified purchase" in page
        assert "Anna K." in page  # first name and initial, never the full surname

    def test_anonymous_is_sent_to_sign_in(self, client, product):
        response = client.get(write_url(product))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    def test_no_order_shows_why_and_posting_creates_nothing(self, client, shopper, product, review_settings):
        client.force_login(shopper)
        response = client.get(write_url(product))
        assert response.status_code == 403
        assert "Only buyers can review" in text(response)
        response = client.post(write_url(product), GOOD)
        assert response.status_code == 400
        assert "Only shoppers who bought this product" in text(response)
        assert Review.objects.count() == 0

    @pytest.mark.parametrize("rating", ["0", "6", "abc", "", "4.5"])
    def test_bad_rating_over_http(self, client, buyer, product, review_settings, rating):
        client.force_login(buyer)
        response = client.post(write_url(product), {**GOOD, "rating": rating})
        assert response.status_code == 400
        assert "Choose a rating from 1 to 5 stars." in text(response)
        assert Review.objects.count() == 0

    def test_overlong_text_over_http(self, client, buyer, product, review_settings):
        client.force_login(buyer)
        response = client.post(write_url(product), {**GOOD, "title": "t" * 500, "body": "b" * 5000})
        assert response.status_code == 400
        assert Review.objects.count() == 0
        page = text(response)
        assert "at most 120 characters" in page and "at most 4000 characters" in page

    def test_script_in_the_body_renders_escaped(self, client, buyer, other_shopper, product, review_settings):
        client.force_login(buyer)
        client.post(
            write_url(product),
            {**GOOD, "title": "<b>bold</b> claim", "body": "<script>alert('x')</script> <img src=x onerror=alert(1)>"},
        )
        client.force_login(other_shopper)
        page = text(reviews_page(client, product))
        assert "<script>alert" not in page and "<img src=x" not in page and "<b>bold</b>" not in page
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
        assert "&lt;b&gt;bold&lt;/b&gt; claim" in page

    def test_second_review_goes_to_edit(self, client, buyer, product, review_settings):
        client.force_login(buyer)
        client.post(write_url(product), GOOD)
        response = client.get(write_url(product))
        review = Review.objects.get()
        assert response.status_code == 302 and response["Location"] == reverse("reviews:edit", args=[review.pk])
        response = client.post(write_url(product), {**GOOD, "title": "Again"})
        assert Review.objects.count() == 1

    def test_rate_limit_message(self, client, shopper, review_settings):
        from shop.factories import ProductFactory

        products = [ProductFactory() for _ in range(6)]
        make_order(user=shopper, products=products)
        client.force_login(shopper)
        for product in products[:5]:
            assert client.post(write_url(product), GOOD).status_code == 302
        response = client.post(write_url(products[5]), GOOD)
        assert response.status_code == 400
        assert "in the last hour" in text(response)
        assert Review.objects.count() == 5


class TestEditDelete:
    def test_author_edit_is_shown_as_edited(self, client, buyer, product, review_settings):
        client.force_login(buyer)
        client.post(write_url(product), GOOD)
        review = Review.objects.get()
        response = client.post(
            reverse("reviews:edit", args=[review.pk]),
            {"rating": "2", "title": "Shrank after a month", "body": "Shrank after the third wash."},
        )
        assert response.status_code == 302
        page = text(reviews_page(client, product))
        assert "Shrank after a month" in page and "edited" in page

    def test_another_account_cannot_edit_or_delete(self, client, buyer, other_shopper, product, review_settings):
        review = review_submit(product=product, user=buyer, **GOOD)
        client.force_login(other_shopper)
        assert client.get(reverse("reviews:edit", args=[review.pk])).status_code == 403
        response = client.post(
            reverse("reviews:edit", args=[review.pk]),
            {"rating": "1", "title": "Hacked", "body": "Somebody else's words here"},
        )
        assert response.status_code == 403
        assert client.post(reverse("reviews:delete", args=[review.pk])).status_code == 403
        review.refresh_from_db()
        assert review.title == "Sturdy and soft" and review.rating == 4 and review.edited_at is None

    def test_author_deletes(self, client, buyer, product, review_settings):
        review = review_submit(product=product, user=buyer, **GOOD)
        client.force_login(buyer)
        assert client.get(reverse("reviews:delete", args=[review.pk])).status_code == 200
        assert client.post(reverse("reviews:delete", args=[review.pk])).status_code == 302
        assert not Review.objects.exists()


class TestLabels:
    def test_provenance_dates_without_the_order_number(self, client, shopper, product, review_settings):
        order = make_order(user=shopper, products=[product])
        tz = timezone.get_current_timezone()
        order.__class__.objects.filter(pk=order.pk).update(placed_at=dt.datetime(2026, 5, 3, 12, tzinfo=tz))
        OrderStatusChange.objects.filter(order=order, to_status=OrderStatus.DELIVERED).update(
            created_at=dt.datetime(2026, 5, 6, 12, tzinfo=tz)
        )
        review_submit(product=product, user=shopper, **GOOD)
        page = text(reviews_page(client, product))
        assert "ordered 3 May 2026, delivered 6 May 2026" in page
        assert order.number not in page
        assert reverse("reviews:policy") + "#verification" in page  # the label explains itself

    def test_unverified_review_is_clearly_labelled(self, client, shopper, product, review_settings):
        review_settings.allow_unverified = True
        review_settings.save()
        review_submit(product=product, user=shopper, **GOOD)
        page = text(reviews_page(client, product))
        assert "Unverified: no qualifying order found" in page
        assert "Verified purchase</a>" not in page

    def test_admin_cannot_make_a_review_verified(self, merchant_client, shopper, product, review_settings):
        """The admin form has no verification field; posting one changes nothing."""
        review_settings.allow_unverified = True
        review_settings.save()
        review = review_submit(product=product, user=shopper, **GOOD)
        other_order = make_order(user=shopper, products=[product])
        line = other_order.lines.get()
        url = reverse("admin:reviews_review_change", args=[review.pk])
        response = merchant_client.get(url)
        assert response.status_code == 200
        form_page = text(response)
        assert "Sturdy and soft" in form_page
        assert 'name="order_line"' not in form_page and 'name="verified"' not in form_page
        assert 'name="rating"' not in form_page and 'name="body"' not in form_page  # the shopper's words stay theirs
        response = merchant_client.post(
            url,
            {
                "order_line": line.pk,
                "verified": "on",
                "status": "published",
                "rating": "5",
                "reply-TOTAL_FORMS": "0",
                "reply-INITIAL_FORMS": "0",
            },
        )
        assert response.status_code == 302  # saved, and nothing it tried to set was taken
        review.refresh_from_db()
        assert review.order_line_id is None and review.rating == 4


class TestListing:
    def make_reviews(self, product, ratings):
        from accounts.factories import UserFactory

        reviews = []
        for n, rating in enumerate(ratings):
            user = UserFactory(username=f"r{product.pk}-{n}", first_name=f"R{n}")
            make_order(user=user, products=[product])
            reviews.append(
                review_submit(
                    product=product,
                    user=user,
                    rating=rating,
                    title=f"Title {n} {rating}",
                    body="A review long enough to pass.",
                )
            )
        return reviews

    def test_summary_counts_only_published(self, client, product, review_settings):
        reviews = self.make_reviews(product, [5, 4, 1])
        Review.objects.filter(pk=reviews[2].pk).update(status=Review.Status.PENDING)
        page = text(reviews_page(client, product))
        assert "<strong>4.5</strong> out of 5, from 2 published reviews" in page
        assert "Title 2 1" not in page
        assert re.search(r'5 stars</th>\s*<td class="bar"><progress max="100" value="50"', page)

    def test_sorting_and_filters(self, client, product, review_settings):
        from accounts.factories import UserFactory

        reviews = self.make_reviews(product, [3, 5, 1, 4])
        review_vote_helpful(review=reviews[0], user=UserFactory(username="voter"))

        def order(query):
            return re.findall(r'-title">Title \d (\d)</h3>', text(reviews_page(client, product, query)))

        assert order("?reviews_sort=lowest") == ["1", "3", "4", "5"]
        assert order("?reviews_sort=highest") == ["5", "4", "3", "1"]
        assert order("?reviews_sort=newest") == ["4", "1", "5", "3"]
        assert order("?reviews_sort=helpful")[0] == "3"
        assert order("?reviews_stars=5") == ["5"]
        assert order("?reviews_stars=abc&reviews_sort=nonsense") == ["4", "1", "5", "3"]  # bad input: defaults

    def test_verified_only_filter(self, client, shopper, product, review_settings):
        self.make_reviews(product, [5])
        review_settings.allow_unverified = True
        review_settings.save()
        review_submit(product=product, user=shopper, rating=1, title="Title 9 1", body="Never bought it, still angry.")
        all_titles = re.findall(r'-title">(Title \d \d)</h3>', text(reviews_page(client, product)))
        verified_titles = re.findall(
            r'-title">(Title \d \d)</h3>', text(reviews_page(client, product, "?reviews_verified=1"))
        )
        assert len(all_titles) == 2 and verified_titles == ["Title 0 5"]

    def test_pagination(self, client, product, review_settings):
        self.make_reviews(product, [5] * 12)
        first = text(reviews_page(client, product))
        second = text(reviews_page(client, product, "?reviews_page=2"))
        assert len(re.findall(r'-title">Title \d+ 5</h3>', first)) == 10
        assert len(re.findall(r'-title">Title \d+ 5</h3>', second)) == 2
        assert "reviews_page=2#reviews" in first
        assert reviews_page(client, product, "?reviews_page=999").status_code == 200

    def test_replies_with_name_and_date(self, client, product, review_settings, admin_user):
        review = self.make_reviews(product, [1])[0]
        MerchantReply.objects.create(
            review=review, author=admin_user, author_name="Marta (Trustmark)", body="Sorry! We sent a replacement."
        )
        page = text(reviews_page(client, product))
        assert "Reply from Marta (Trustmark)" in page and "Sorry! We sent a replacement." in page
        assert timezone.localdate().strftime("%Y-%m-%d") in page  # the reply's <time datetime>


class TestVotesAndReportsOverHttp:
    def test_vote_twice_and_own(self, client, buyer, other_shopper, product, review_settings):
        review = review_submit(product=product, user=buyer, **GOOD)
        client.force_login(other_shopper)
        url = reverse("reviews:helpful", args=[review.pk])
        client.post(url)
        response = client.post(url, follow=True)
        assert "already marked this review as helpful" in text(response)
        assert HelpfulVote.objects.count() == 1
        assert "1 person found this helpful" in text(reviews_page(client, product))
        client.force_login(buyer)
        response = client.post(url, follow=True)
        assert HelpfulVote.objects.count() == 1

    def test_anonymous_vote_goes_to_sign_in(self, client, buyer, product, review_settings):
        review = review_submit(product=product, user=buyer, **GOOD)
        response = client.post(reverse("reviews:helpful", args=[review.pk]))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert HelpfulVote.objects.count() == 0

    def test_report(self, client, buyer, other_shopper, product, review_settings):
        review = review_submit(product=product, user=buyer, **GOOD)
        client.force_login(other_shopper)
        url = reverse("reviews:report", args=[review.pk])
        assert client.post(url, {"reason": "nonsense"}).status_code == 400
        assert client.post(url, {"reason": "fake", "note": "Same text on another shop"}).status_code == 302
        assert ReviewReport.objects.get().reason == "fake"
        assert "Sturdy and soft" in text(reviews_page(client, product))  # still visible
