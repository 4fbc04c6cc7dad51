"""Writes for reviews: submit, edit, delete, vote, report, moderate, reply. Every rule is enforced here."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.selectors import greeting_name
from core.absolute import absolute_url
from core.emails import email_send
from core.errors import ApplicationError
from orders.models import Order, OrderLine
from reviews.models import (
    RATING_MAX,
    RATING_MIN,
    HelpfulVote,
    MerchantReply,
    RejectionReason,
    ReportReason,
    Review,
    ReviewPosting,
    ReviewReport,
    ReviewRequest,
)
from reviews.page_cache import reviews_changed
from reviews.selectors import (
    candidate_order_lines,
    qualifying_order_lines,
    review_settings_get,
)
from reviews.tokens import review_link_token
from shop.models import Product
from shop.services import catalogue_changed

logger = logging.getLogger(__name__)

RATE_LIMIT_COUNT = 5
RATE_LIMIT_WINDOW = timedelta(hours=1)


class ReviewNotAllowed(ApplicationError):
    pass


class ReviewRateLimited(ApplicationError):
    pass


def rating_parse(value: object) -> int:
    """The rating from a form or query: an integer 1-5, or an ApplicationError ("abc", 0, 6, 4.5, empty)."""
    text = str(value).strip() if value is not None else ""
    if not text.isdigit() or not RATING_MIN <= int(text) <= RATING_MAX:
        raise ApplicationError(
            _("Choose a rating from %(min)s to %(max)s stars.") % {"min": RATING_MIN, "max": RATING_MAX},
            field="rating",
        )
    return int(text)


def _display_name_for_user(user: AbstractBaseUser) -> str:
    first = (getattr(user, "first_name", "") or "").strip()
    last = (getattr(user, "last_name", "") or "").strip()
    if first:
        return f"{first} {last[:1]}." if last else first
    return _("A customer")


def _display_name_for_guest(order: Order) -> str:
    parts = order.full_name.split()
    if not parts:
        return _("A customer")
    return f"{parts[0]} {parts[-1][:1]}." if len(parts) > 1 else parts[0]


def _rate_limit_check(*, user: AbstractBaseUser | None, guest_order: Order | None) -> None:
    since = timezone.now() - RATE_LIMIT_WINDOW
    postings = ReviewPosting.objects.filter(created_at__gte=since)
    postings = postings.filter(user=user) if user is not None else postings.filter(guest_order=guest_order)
    if postings.count() >= RATE_LIMIT_COUNT:
        raise ReviewRateLimited(
            _("You have posted %(count)s reviews or edits in the last hour. Please try again later.")
            % {"count": RATE_LIMIT_COUNT}
        )


def _validate(review: Review) -> None:
    """Server-side checks (length caps, rating range); the model's validators are the one definition."""
    try:
        review.full_clean(exclude=["product", "order_line"])
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ApplicationError(" ".join(messages), field=None if field == "__all__" else field) from error


def _clean_text(value: str) -> str:
    # Stored as typed (templates escape it); only trim and normalise line endings.
    return (value or "").replace("\r\n", "\n").strip()


def _initial_status() -> tuple[str, bool]:
    held = review_settings_get().hold_for_approval
    return (Review.Status.PENDING if held else Review.Status.PUBLISHED), held


@transaction.atomic
def review_submit(
    *,
    product: Product,
    rating: object,
    title: str,
    body: str,
    user: AbstractBaseUser | None = None,
    guest_order: Order | None = None,
) -> Review:
    """Post a review, once per product per shopper, subject to the merchant's verification rules.

    ``user`` for shoppers with an account; ``guest_order`` for a guest who came through the signed link of that
    order (no account: the link itself is the proof, see ``reviews.tokens``).
    """
    if (user is None) == (guest_order is None):
        raise ValueError("pass exactly one of user and guest_order")
    review_settings = review_settings_get()
    threshold = review_settings.verification_threshold
    if user is not None:
        if not user.is_authenticated:
            raise ReviewNotAllowed(_("Sign in to write a review."))
        # Lock the user row so two parallel posts cannot both pass the rate limit and the once-only check.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        if Review.objects.filter(product=product, author=user).exists():
            raise ReviewNotAllowed(_("You have already reviewed this product. You can edit your review instead."))
        line = qualifying_order_lines(product=product, user=user, threshold=threshold).first()
        if line is None:
            if not review_settings.allow_unverified:
                raise ReviewNotAllowed(
                    _("Only shoppers who bought this product can review it, once their order has been %(state)s.")
                    % {"state": _("delivered") if threshold == "delivered" else _("paid")}
                )
            # Unverified reviews are allowed: still link a paid order if there is one, so the label turns
            # verified by itself once that order is delivered.
            line = candidate_order_lines(product=product, user=user).first()
        display_name = _display_name_for_user(user)
        guest_email = ""
    else:
        Order.objects.select_for_update().filter(pk=guest_order.pk).first()
        guest_email = guest_order.email.strip().lower()
        if Review.objects.filter(product=product, author__isnull=True, guest_email=guest_email).exists():
            raise ReviewNotAllowed(_("You have already reviewed this product."))
        line = qualifying_order_lines(product=product, order=guest_order, threshold=threshold).first()
        if line is None:
            # A guest has nothing but this order: no qualifying order, no review.
            raise ReviewNotAllowed(
                _("This order has not been %(state)s yet, so it cannot be reviewed.")
                % {"state": _("delivered") if threshold == "delivered" else _("paid")}
            )
        display_name = _display_name_for_guest(guest_order)
    _rate_limit_check(user=user, guest_order=guest_order)

    status, held = _initial_status()
    now = timezone.now()
    review = Review(
        product=product,
        author=user,
        guest_email=guest_email,
        order_line=line,
        display_name=display_name,
        rating=rating_parse(rating),
        title=_clean_text(title),
        body=_clean_text(body),
        status=status,
        submitted_for_moderation_at=now if held else None,
    )
    _validate(review)
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError as error:  # a parallel post won the once-only constraint
        raise ReviewNotAllowed(_("You have already reviewed this product.")) from error
    ReviewPosting.objects.create(user=user, guest_order=guest_order)
    return review


def _check_owner(*, review: Review, user: AbstractBaseUser | None, guest_order: Order | None) -> None:
    if user is not None and user.is_authenticated and review.author_id == user.pk:
        return
    if (
        guest_order is not None
        and review.author_id is None
        and guest_order.user_id is None
        and review.guest_email == guest_order.email.strip().lower()
    ):
        return
    raise ReviewNotAllowed(_("Only the author can change or delete this review."))


@transaction.atomic
def review_edit(
    *,
    review: Review,
    rating: object,
    title: str,
    body: str,
    user: AbstractBaseUser | None = None,
    guest_order: Order | None = None,
) -> Review:
    """The author edits their review; it is shown as edited, and re-enters moderation if the merchant holds reviews.

    A rejected review that is edited always goes back to the moderators.
    """
    review = Review.objects.select_for_update().get(pk=review.pk)
    _check_owner(review=review, user=user, guest_order=guest_order)
    _rate_limit_check(user=user if review.author_id else None, guest_order=None if review.author_id else guest_order)
    review.rating = rating_parse(rating)
    review.title = _clean_text(title)
    review.body = _clean_text(body)
    _validate(review)
    now = timezone.now()
    review.edited_at = now
    held = review_settings_get().hold_for_approval
    if held or review.status == Review.Status.REJECTED:
        review.status = Review.Status.PENDING
        review.submitted_for_moderation_at = now
        review.moderated_at = None
        review.moderated_by = None
        review.rejection_reason = ""
        review.rejection_note = ""
    review.save()
    ReviewPosting.objects.create(
        user=user if review.author_id else None, guest_order=None if review.author_id else guest_order
    )
    return review


@transaction.atomic
def product_rating_refresh(*, product_id: int) -> None:
    """Store the average and number of the product's published reviews on the product (``Product.rating_*``):
    shop's cards, rating filter and JSON-LD read them. Called after every review save and delete.

    The product row is locked first, so the count that follows sees every review committed before: two reviews
    published at once cannot leave a stale figure behind.
    """
    if not Product.objects.select_for_update().filter(pk=product_id).exists():
        return  # no such product (any more)
    published = Review.objects.filter(product_id=product_id, status=Review.Status.PUBLISHED)
    figures = published.aggregate(average=Avg("rating"), count=Count("id"))
    Product.objects.filter(pk=product_id).update(rating_average=figures["average"], rating_count=figures["count"])
    catalogue_changed()  # ``.update()`` sends no signal; cached cards and pages show the rating


@transaction.atomic
def review_delete(*, review: Review, user: AbstractBaseUser | None = None, guest_order: Order | None = None) -> None:
    review = Review.objects.select_for_update().get(pk=review.pk)
    _check_owner(review=review, user=user, guest_order=guest_order)
    review.delete()


@transaction.atomic
def review_vote_helpful(*, review: Review, user: AbstractBaseUser) -> HelpfulVote:
    """One helpful vote per account per review; never on your own review; only on published reviews."""
    if not user.is_authenticated:
        raise ApplicationError(_("Sign in to vote."))
    if review.author_id == user.pk:
        raise ApplicationError(_("You cannot vote on your own review."))
    if review.status != Review.Status.PUBLISHED:
        raise ApplicationError(_("This review is not published."))
    try:
        with transaction.atomic():
            vote = HelpfulVote.objects.create(review=review, user=user)
    except IntegrityError as error:
        raise ApplicationError(_("You have already marked this review as helpful.")) from error
    Review.objects.filter(pk=review.pk).update(helpful_count=F("helpful_count") + 1)
    reviews_changed()  # ``.update()`` sends no signal; cached product pages show the count
    return vote


@transaction.atomic
def review_report(*, review: Review, user: AbstractBaseUser, reason: str, note: str = "") -> ReviewReport:
    """A shopper reports a review to the merchant's queue. The review stays visible until a moderator decides."""
    if not user.is_authenticated:
        raise ApplicationError(_("Sign in to report a review."))
    if reason not in ReportReason.values:
        raise ApplicationError(_("Choose a reason for the report."), field="reason")
    if review.author_id == user.pk:
        raise ApplicationError(_("You cannot report your own review; you can edit or delete it."))
    report = ReviewReport(review=review, reporter=user, reason=reason, note=_clean_text(note))
    try:
        report.full_clean(exclude=["review", "reporter"])
    except ValidationError as error:
        raise ApplicationError(_("The details are too long (1,000 characters at most)."), field="note") from error
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as error:
        raise ApplicationError(_("You have already reported this review. The merchant will look at it.")) from error
    return report


# --- Moderation (admin) --------------------------------------------------------------------------------------


def _notify_author(*, review: Review, subject: object, template: str, context: dict) -> None:
    email = review.author.email if review.author_id else review.guest_email
    if not email:
        return
    language = settings.LANGUAGE_CODE
    order = review.order_line.order if review.order_line_id and review.order_line else None
    if order is not None:
        language = order.language or language
    with translation.override(language):
        body = render_to_string(template, {"review": review, **context})
        email_send(subject=str(subject), body=body, to=[email], order=order)


@transaction.atomic
def review_approve(*, review: Review, moderator: AbstractBaseUser) -> Review:
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.status == Review.Status.PUBLISHED:
        return review
    review.status = Review.Status.PUBLISHED
    review.rejection_reason = ""
    review.rejection_note = ""
    review.moderated_at = timezone.now()
    review.moderated_by = moderator
    review.save()
    product_url = absolute_url(review.product.get_absolute_url())
    transaction.on_commit(
        lambda: _notify_author(
            review=review,
            subject=gettext_lazy("Your review is published"),
            template="reviews/email/approved.txt",
            context={"product_url": product_url},
        )
    )
    return review


@transaction.atomic
def review_reject(*, review: Review, moderator: AbstractBaseUser, reason: str, note: str = "") -> Review:
    """Reject with one of the published reasons; the author is told why. "Negative" is not a reason."""
    if reason not in RejectionReason.values:
        raise ApplicationError(_("Choose one of the published rejection reasons."), field="reason")
    review = Review.objects.select_for_update().get(pk=review.pk)
    review.status = Review.Status.REJECTED
    review.rejection_reason = reason
    review.rejection_note = _clean_text(note)[:2000]
    review.moderated_at = timezone.now()
    review.moderated_by = moderator
    if review.submitted_for_moderation_at is None:  # a published review taken down after a report
        review.submitted_for_moderation_at = review.created_at
    review.save()
    policy_url = absolute_url(reverse("reviews:policy"))
    transaction.on_commit(
        lambda: _notify_author(
            review=review,
            subject=gettext_lazy("Your review was not published"),
            template="reviews/email/rejected.txt",
            context={"policy_url": policy_url},
        )
    )
    return review


@transaction.atomic
def report_resolve(*, report: ReviewReport, moderator: AbstractBaseUser) -> ReviewReport:
    report = ReviewReport.objects.select_for_update().get(pk=report.pk)
    if report.resolved_at is None:
        report.resolved_at = timezone.now()
        report.resolved_by = moderator
        report.save(update_fields=["resolved_at", "resolved_by"])
    return report


@transaction.atomic
def reply_save(*, review: Review, author: AbstractBaseUser, body: str) -> MerchantReply:
    """The merchant's public reply, signed with the replier's name and dated."""
    body = _clean_text(body)
    if not body:
        raise ApplicationError(_("Write a reply."), field="body")
    name = (author.get_full_name() or "").strip() or settings.SHOP_NAME
    reply = MerchantReply.objects.filter(review=review).first() or MerchantReply(review=review)
    reply.author = author
    reply.author_name = f"{name} ({settings.SHOP_NAME})" if name != settings.SHOP_NAME else name
    reply.body = body
    try:
        reply.full_clean(exclude=["review"])
    except ValidationError as error:
        raise ApplicationError(" ".join(next(iter(error.message_dict.values()))), field="body") from error
    reply.save()
    return reply


# --- Review requests after delivery ----------------------------------------------------------------------------


def review_request_send(*, order_id: int) -> bool:
    """Send the one "how was it?" email for a delivered order: one signed link per product. True if sent now."""
    order = Order.objects.filter(pk=order_id).first()
    if order is None:
        return False
    lines: list[OrderLine] = list(order.lines.filter(product__isnull=False).select_related("product"))
    if not lines:
        return False
    try:
        with transaction.atomic():
            ReviewRequest.objects.create(order=order)
    except IntegrityError:
        return False  # already sent: the unique order makes it one email per order
    seen: set[int] = set()
    items = []
    for line in lines:
        if line.product_id in seen:
            continue
        seen.add(line.product_id)
        with translation.override(order.language or settings.LANGUAGE_CODE):
            token = review_link_token(order=order, product=line.product)
            path = reverse("reviews:write_from_order", kwargs={"token": token})
        items.append({"name": line.name, "url": absolute_url(path)})
    with translation.override(order.language or settings.LANGUAGE_CODE):
        greeting = greeting_name(name=order.full_name, user_id=order.user_id, email=order.email)
        body = render_to_string(
            "reviews/email/review_request.txt", {"order": order, "items": items, "greeting_name": greeting}
        )
        email_send(subject=_("How was your order? Tell other shoppers"), body=body, to=[order.email], order=order)
    return True
