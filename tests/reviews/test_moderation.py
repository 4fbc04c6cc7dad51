"""The merchant's side: held reviews, approve, reject with a reason (author told), reports, replies, settings,
and the public "How we handle reviews" page with its live figures."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from reviews.models import MerchantReply, Review, ReviewReport
from reviews.selectors import rating_summary, review_policy_figures
from reviews.services import review_approve, review_edit, review_reject, review_report, review_submit
from shop.models import Product
from shop.selectors import product_jsonld_data

from .conftest import make_order

pytestmark = pytest.mark.django_db
GOOD = {"rating": "2", "title": "Seams came apart", "body": "After two weeks the left seam opened up."}


def aggregate_rating(product) -> dict | None:
    """The AggregateRating of the product page's JSON-LD, from the rating stored on the product."""
    return product_jsonld_data(product=Product.objects.get(pk=product.pk)).get("aggregateRating")


@pytest.fixture
def held(review_settings):
    review_settings.hold_for_approval = True
    review_settings.save()
    return review_settings


def page_of(client, product):
    return client.get(reverse("reviews:product", kwargs={"slug": product.slug})).content.decode()


def changelist_action(client, model, action, ids, **extra):
    url = reverse(f"admin:reviews_{model}_changelist")
    return client.post(url, {"action": action, "_selected_action": [str(i) for i in ids], **extra})


class TestHeldReviews:
    def test_held_review_is_hidden_and_not_counted(self, client, buyer, product, held):
        review = review_submit(product=product, user=buyer, **GOOD)
        assert review.status == Review.Status.PENDING
        assert "Seams came apart" not in page_of(client, product)
        assert rating_summary(product=product).count == 0
        assert aggregate_rating(product) is None

    def test_approve_in_admin_publishes_and_emails_the_author(self, merchant_client, buyer, product, held, merchant):
        client = merchant_client
        review = review_submit(product=product, user=buyer, **GOOD)
        with self.captured() as callbacks:  # noqa: F841
            changelist_action(client, "review", "approve_reviews", [review.pk])
        review.refresh_from_db()
        assert review.status == Review.Status.PUBLISHED and review.moderated_by == merchant
        assert [m.to for m in mail.outbox] == [[buyer.email]]
        assert "is now published" in mail.outbox[0].body
        assert "Seams came apart" in page_of(client, product)
        assert aggregate_rating(product) == {
            "@type": "AggregateRating",
            "ratingValue": "2.0",
            "reviewCount": 1,
            "bestRating": 5,
            "worstRating": 1,
        }

    def captured(self):
        return self._capture(execute=True)

    @pytest.fixture(autouse=True)
    def _bind(self, django_capture_on_commit_callbacks):
        self._capture = django_capture_on_commit_callbacks

    def test_reject_with_reason_through_the_admin_form(self, merchant_client, buyer, product, held, merchant):
        client = merchant_client
        review = review_submit(product=product, user=buyer, **GOOD)
        response = changelist_action(client, "review", "reject_reviews", [review.pk])
        assert response.status_code == 200 and "Reason (sent to the author)" in response.content.decode()
        with self.captured():
            changelist_action(
                client,
                "review",
                "reject_reviews",
                [review.pk],
                apply="1",
                reason="personal_data",
                note="Please remove the courier's phone number.",
            )
        review.refresh_from_db()
        assert review.status == Review.Status.REJECTED and review.rejection_reason == "personal_data"
        body = mail.outbox[0].body
        assert "Contains personal data" in body and "courier's phone number" in body
        assert "never reject a review because it is negative" in body

    def test_reject_needs_a_published_reason(self, buyer, product, held, merchant):
        review = review_submit(product=product, user=buyer, **GOOD)
        with pytest.raises(Exception, match="published rejection reasons"):
            review_reject(review=review, moderator=merchant, reason="negative")
        review.refresh_from_db()
        assert review.status == Review.Status.PENDING

    def test_edit_goes_back_to_moderation_when_held(self, buyer, product, held, merchant):
        review = review_submit(product=product, user=buyer, **GOOD)
        review_approve(review=review, moderator=merchant)
        edited = review_edit(
            review=review, user=buyer, rating=3, title="Better after repair", body="Fixed by the shop."
        )
        assert edited.status == Review.Status.PENDING

    def test_edit_of_rejected_review_is_checked_again(self, buyer, product, review_settings, merchant):
        review = review_submit(product=product, user=buyer, **GOOD)
        review_reject(review=review, moderator=merchant, reason="abuse")
        edited = review_edit(review=review, user=buyer, rating=2, title="Calmer", body="The seam opened, sadly.")
        assert edited.status == Review.Status.PENDING and edited.rejection_reason == ""


class TestReportsQueue:
    def test_report_queue_lists_reports_and_can_close_them(
        self, merchant_client, buyer, product, review_settings, merchant
    ):
        client = merchant_client
        review = review_submit(product=product, user=buyer, **GOOD)
        reporter = UserFactory(username="reporter")
        report = review_report(review=review, user=reporter, reason="fake", note="Copied from elsewhere")
        queue = client.get(reverse("admin:reviews_reviewreport_changelist")).content.decode()
        assert "Copied from elsewhere" in queue and "Seams came apart" in queue
        changelist_action(client, "reviewreport", "resolve_keep", [report.pk])
        report.refresh_from_db()
        assert report.resolved_by == merchant
        review.refresh_from_db()
        assert review.status == Review.Status.PUBLISHED

    def test_reject_from_the_report_queue(self, merchant_client, buyer, product, review_settings, merchant):
        client = merchant_client
        review = review_submit(product=product, user=buyer, **GOOD)
        report = review_report(review=review, user=UserFactory(username="r2"), reason="spam")
        changelist_action(client, "reviewreport", "reject_reported", [report.pk], apply="1", reason="spam")
        review.refresh_from_db()
        assert review.status == Review.Status.REJECTED
        assert ReviewReport.objects.get().resolved_at is not None

    def test_non_staff_cannot_open_the_queue(self, client, shopper):
        client.force_login(shopper)
        response = client.get(reverse("admin:reviews_reviewreport_changelist"))
        assert response.status_code == 302 and "login" in response["Location"]


class TestRepliesAndSettings:
    def test_reply_inline_is_signed_by_the_staff_member(
        self, merchant_client, buyer, product, review_settings, merchant
    ):
        client = merchant_client
        review = review_submit(product=product, user=buyer, **GOOD)
        url = reverse("admin:reviews_review_change", args=[review.pk])
        response = client.post(
            url,
            {
                "reply-TOTAL_FORMS": "1",
                "reply-INITIAL_FORMS": "0",
                "reply-MIN_NUM_FORMS": "0",
                "reply-MAX_NUM_FORMS": "1",
                "reply-0-body": "We are sorry: a replacement is on its way.",
                "reply-0-review": str(review.pk),
                "reply-0-id": "",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        reply = MerchantReply.objects.get()
        assert reply.author == merchant and reply.author_name == "Marta Nowak (Trustmark)"
        assert "Reply from Marta Nowak (Trustmark)" in page_of(client, product)

    def test_settings_singleton_in_admin(self, merchant_client, merchant, review_settings):
        client = merchant_client
        response = client.get(reverse("admin:reviews_reviewsettings_changelist"))
        assert response.status_code == 302
        url = reverse("admin:reviews_reviewsettings_change", args=[1])
        client.post(url, {"hold_for_approval": "on", "verification_threshold": "paid"})
        review_settings.refresh_from_db()
        assert review_settings.hold_for_approval and review_settings.verification_threshold == "paid"
        assert client.get(reverse("admin:reviews_reviewsettings_add")).status_code == 403


class TestPolicyPage:
    def test_live_figures(self, client, product, held, merchant):
        users = [UserFactory(username=f"p{n}") for n in range(4)]
        for user in users:
            make_order(user=user, products=[product])
        reviews = [review_submit(product=product, user=user, **GOOD) for user in users]
        now = timezone.now()
        review_approve(review=reviews[0], moderator=merchant)
        review_approve(review=reviews[1], moderator=merchant)
        review_reject(review=reviews[2], moderator=merchant, reason="spam")
        # 1 h, 3 h and 5 h from submission to decision: the median is 3 h.
        for review, hours in zip(reviews[:3], (1, 3, 5), strict=True):
            Review.objects.filter(pk=review.pk).update(
                submitted_for_moderation_at=now - timedelta(hours=hours), moderated_at=now
            )
        figures = review_policy_figures()
        assert (figures.published, figures.verified, figures.rejected, figures.pending) == (2, 2, 1, 1)
        assert figures.median_moderation_hours == 3.0
        page = client.get(reverse("reviews:policy")).content.decode()
        assert "100% (2)" in page and "3.0 hours" in page
        assert "Spam or advertising" in page
        assert "never reject or hide a review because it is negative" in page
        assert "checked by a person before they are published" in page

    def test_page_says_whether_unverified_reviews_exist(self, client, review_settings):
        assert "Shoppers without such an order cannot review." in client.get(reverse("reviews:policy")).content.decode()
        review_settings.allow_unverified = True
        review_settings.save()
        assert "clearly labelled “Unverified”" in client.get(reverse("reviews:policy")).content.decode()


def test_moderation_queue_lists_pending_reviews_with_the_computed_label(merchant_client, buyer, product, held):
    review_submit(product=product, user=buyer, **GOOD)
    response = merchant_client.get(reverse("admin:reviews_review_changelist") + "?status__exact=pending")
    page = response.content.decode()
    assert response.status_code == 200 and "Seams came apart" in page
    assert "verified purchase" in page.lower() and 'alt="True"' in page
