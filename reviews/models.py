"""Product reviews that can be trusted.

What a review *is* lives here; the rules (who may post, when a review counts as verified, moderation) live in
``reviews/services.py`` and ``reviews/selectors.py``.

"Verified purchase" is never a stored flag. A review stores, at most, a link to the order line it was written
from (``order_line``, set by ``review_submit`` only, not editable anywhere); whether that order has reached the
merchant's verification threshold (delivered, or paid) is computed from the order's status history every time a
review is read (``reviews.selectors.reviews_with_verification``). The link exists for listing performance: one
indexed join per review instead of searching every order of every author on every page view. Nothing a form or
the admin can set makes a review "verified".
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinLengthValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.validators import validate_single_line
from orders.models import Order, OrderLine
from shop.models import RATING_MAX, RATING_MIN, Product

TITLE_MAX_LENGTH = 120
BODY_MIN_LENGTH = 10
BODY_MAX_LENGTH = 4000
REPLY_MAX_LENGTH = 2000


class VerificationThreshold(models.TextChoices):
    DELIVERED = "delivered", _("Delivered: the order reached the shopper")
    PAID = "paid", _("Paid: the order was paid for")


class ReviewSettings(models.Model):
    """The merchant's review rules: one row (pk=1), edited in the admin, read through ``review_settings_get``."""

    hold_for_approval = models.BooleanField(
        _("hold new reviews for approval"),
        default=False,
        help_text=_("New and edited reviews stay hidden until a moderator approves them."),
    )
    verification_threshold = models.CharField(
        _("a purchase counts as verified once the order is"),
        max_length=16,
        choices=VerificationThreshold.choices,
        default=VerificationThreshold.DELIVERED,
    )
    allow_unverified = models.BooleanField(
        _("allow reviews without a qualifying order"),
        default=False,
        help_text=_("If on, shoppers without a qualifying order may review; their reviews are labelled unverified."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("review settings")
        verbose_name_plural = _("review settings")

    def __str__(self) -> str:
        return str(_("Review settings"))

    def save(self, *args, **kwargs) -> None:
        self.pk = 1  # a singleton: there is one set of rules
        super().save(*args, **kwargs)


class RejectionReason(models.TextChoices):
    """Why a review may be rejected. "It is negative" is deliberately not a reason."""

    SPAM = "spam", _("Spam or advertising")
    ABUSE = "abuse", _("Abusive, hateful or offensive language")
    PERSONAL_DATA = "personal_data", _("Contains personal data (names, addresses, phone numbers)")
    OFF_TOPIC = "off_topic", _("Not about this product")
    CONFLICT = "conflict", _("Written by someone with a conflict of interest")
    ILLEGAL = "illegal", _("Illegal content")


class Review(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")

    product = models.ForeignKey(Product, related_name="reviews", on_delete=models.CASCADE, verbose_name=_("product"))
    # A shopper with an account is the author; a guest order's review has no account, only ``guest_email``.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        related_name="reviews",
        on_delete=models.CASCADE,
        verbose_name=_("author"),
        editable=False,
    )
    guest_email = models.EmailField(_("guest email"), blank=True, editable=False)
    # See the module docstring: a performance link, never a verification flag. Set by the service only.
    order_line = models.ForeignKey(
        OrderLine, null=True, blank=True, related_name="reviews", on_delete=models.SET_NULL, editable=False
    )
    display_name = models.CharField(_("shown as"), max_length=80, editable=False)
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(RATING_MIN), MaxValueValidator(RATING_MAX)]
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH, validators=[validate_single_line])
    body = models.TextField(
        _("review"), validators=[MinLengthValidator(BODY_MIN_LENGTH), MaxLengthValidator(BODY_MAX_LENGTH)]
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING, editable=False
    )
    rejection_reason = models.CharField(
        _("rejection reason"), max_length=32, choices=RejectionReason.choices, blank=True, editable=False
    )
    rejection_note = models.TextField(_("note to the author"), blank=True, editable=False)
    # Kept by ``review_vote_helpful`` in the same transaction as the vote row (unique per account), so the
    # "most helpful" sort reads an indexed column instead of counting votes for every review on every view.
    helpful_count = models.PositiveIntegerField(_("helpful votes"), default=0, editable=False)
    created_at = models.DateTimeField(_("written"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True, editable=False)
    # The moment a moderator decided (approve or reject); the "median time to moderate" figure reads these.
    submitted_for_moderation_at = models.DateTimeField(null=True, blank=True, editable=False)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True, editable=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL, editable=False
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        indexes = [
            models.Index(fields=["product", "status", "created_at"], name="review_product_status_idx"),
            models.Index(fields=["product", "status", "rating"], name="review_product_rating_idx"),
            models.Index(fields=["product", "status", "helpful_count"], name="review_product_helpful_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=RATING_MIN, rating__lte=RATING_MAX), name="review_rating_1_to_5"
            ),
            # Once per product per shopper: accounts by id, guests by their order email.
            models.UniqueConstraint(
                fields=["product", "author"], condition=models.Q(author__isnull=False), name="review_once_per_account"
            ),
            models.UniqueConstraint(
                fields=["product", "guest_email"],
                condition=models.Q(author__isnull=True),
                name="review_once_per_guest_email",
            ),
            models.CheckConstraint(
                condition=models.Q(author__isnull=False) | ~models.Q(guest_email=""), name="review_has_an_author"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rating}★ {self.title} ({self.product_id})"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class MerchantReply(models.Model):
    """The merchant's public answer, shown under the review with the replier's name and date."""

    review = models.OneToOneField(Review, related_name="reply", on_delete=models.CASCADE, verbose_name=_("review"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL, editable=False
    )
    author_name = models.CharField(_("signed as"), max_length=80, editable=False)
    body = models.TextField(_("reply"), validators=[MaxLengthValidator(REPLY_MAX_LENGTH)])
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("merchant reply")
        verbose_name_plural = _("merchant replies")

    def __str__(self) -> str:
        return f"{self.author_name}: {self.body[:40]}"


class HelpfulVote(models.Model):
    review = models.ForeignKey(Review, related_name="votes", on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="+", on_delete=models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "user"], name="helpful_vote_once")]

    def __str__(self) -> str:
        return f"{self.user_id} found {self.review_id} helpful"


class ReportReason(models.TextChoices):
    FAKE = "fake", _("I think it is fake or not written by a buyer")
    ABUSE = "abuse", _("Abusive, hateful or offensive")
    PERSONAL_DATA = "personal_data", _("It contains personal data")
    SPAM = "spam", _("Spam or advertising")
    OFF_TOPIC = "off_topic", _("Not about this product")
    OTHER = "other", _("Something else")


class ReviewReport(models.Model):
    """A shopper's report; the merchant's report queue. A report never hides a review by itself."""

    review = models.ForeignKey(Review, related_name="reports", on_delete=models.CASCADE, verbose_name=_("review"))
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.CASCADE, verbose_name=_("reported by")
    )
    reason = models.CharField(_("reason"), max_length=32, choices=ReportReason.choices)
    note = models.TextField(_("details"), blank=True, validators=[MaxLengthValidator(1000)])
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True, editable=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL, editable=False
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("review report")
        verbose_name_plural = _("review reports")
        constraints = [models.UniqueConstraint(fields=["review", "reporter"], name="review_report_once")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} — {self.review}"


class ReviewPosting(models.Model):
    """One row per review posted or edited: the rate limit counts these (a DB count holds without Redis).

    Kept separately from ``Review`` so that deleting and re-posting does not reset the count.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.CASCADE)
    guest_order = models.ForeignKey(Order, null=True, related_name="+", on_delete=models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"review posting by {self.user_id or self.guest_order_id} at {self.created_at}"


class ReviewRequest(models.Model):
    """ "Please review what you bought" was sent for this order: the unique order makes it one email per order."""

    order = models.OneToOneField(Order, related_name="review_request", on_delete=models.CASCADE)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("review request")
        verbose_name_plural = _("review requests")

    def __str__(self) -> str:
        return f"review request for order {self.order_id}"
