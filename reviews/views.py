"""Thin views: parse input, call one service, render. Rules live in reviews/services.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from orders.views import order_link_page
from reviews import selectors, services
from reviews.forms import ReportForm, ReviewForm
from reviews.models import RejectionReason, Review
from reviews.tokens import BadReviewLink, review_link_parse
from shop.models import Product


def _product_reviews_url(product: Product) -> str:
    return product.get_absolute_url() + "#reviews"


def _form_error(form: ReviewForm | ReportForm, error: ApplicationError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _render_form(
    request: HttpRequest,
    *,
    product: Product,
    form: ReviewForm,
    review: Review | None = None,
    action: str,
    verified: bool,
    guest: bool = False,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "reviews/review_form.html",
        {"product": product, "form": form, "review": review, "action": action, "verified": verified, "guest": guest},
        status=status,
    )


def policy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reviews/policy.html",
        {"figures": selectors.review_policy_figures(), "reasons": RejectionReason.choices},
    )


def product_reviews(request: HttpRequest, slug: str) -> HttpResponse:
    """All reviews of one product on a page of their own (the product page embeds the same block)."""
    product = get_object_or_404(Product, slug=slug, is_active=True)
    return render(request, "reviews/product_reviews.html", {"product": product})


def _eligibility(request: HttpRequest, product: Product) -> tuple[bool, bool]:
    """(may write, would be verified) for the signed-in user; the service re-checks on submit."""
    review_settings = selectors.review_settings_get()
    verified = selectors.qualifying_order_lines(
        product=product, user=request.user, threshold=review_settings.verification_threshold
    ).exists()
    return verified or review_settings.allow_unverified, verified


@login_required
def review_write(request: HttpRequest, slug: str) -> HttpResponse:
    product = get_object_or_404(Product, slug=slug, is_active=True)
    existing = selectors.review_of_user(product=product, user=request.user)
    if existing is not None:
        messages.info(request, _("You have already reviewed this product. You can edit your review here."))
        return redirect("reviews:edit", pk=existing.pk)
    allowed, verified = _eligibility(request, product)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_submit(product=product, user=request.user, **form.cleaned_data)
        except ApplicationError as error:
            _form_error(form, error)
        else:
            return _after_submit(request, review)
    if not allowed and request.method != "POST":
        return render(request, "reviews/not_allowed.html", {"product": product}, status=403)
    return _render_form(
        request,
        product=product,
        form=form,
        action=request.path,
        verified=verified,
        status=400 if request.method == "POST" else 200,
    )


def _after_submit(request: HttpRequest, review: Review) -> HttpResponse:
    if review.status == Review.Status.PENDING:
        messages.success(request, _("Thank you. Your review will appear once a moderator has checked it."))
    else:
        messages.success(request, _("Thank you. Your review is published."))
    return redirect(_product_reviews_url(review.product))


@login_required
def review_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(Review.objects.select_related("product"), pk=pk)
    if review.author_id != request.user.pk:
        return render(request, "reviews/not_yours.html", {"product": review.product}, status=403)
    initial = {"rating": str(review.rating), "title": review.title, "body": review.body}
    form = ReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_edit(review=review, user=request.user, **form.cleaned_data)
        except ApplicationError as error:
            _form_error(form, error)
        else:
            return _after_submit(request, review)
    return _render_form(
        request,
        product=review.product,
        form=form,
        review=review,
        action=request.path,
        verified=selectors.review_is_verified(review=review),
        status=400 if request.method == "POST" else 200,
    )


@login_required
def review_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(Review.objects.select_related("product"), pk=pk)
    if review.author_id != request.user.pk:
        return render(request, "reviews/not_yours.html", {"product": review.product}, status=403)
    if request.method == "POST":
        services.review_delete(review=review, user=request.user)
        messages.success(request, _("Your review is deleted."))
        return redirect(_product_reviews_url(review.product))
    return render(request, "reviews/review_confirm_delete.html", {"review": review})


@require_POST
def review_helpful(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(Review.objects.select_related("product"), pk=pk, status=Review.Status.PUBLISHED)
    if not request.user.is_authenticated:
        return redirect_to_login(_product_reviews_url(review.product))
    try:
        services.review_vote_helpful(review=review, user=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Thank you for your vote."))
    return redirect(f"{review.product.get_absolute_url()}#review-{review.pk}")


@login_required
def review_report_view(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(Review.objects.select_related("product"), pk=pk, status=Review.Status.PUBLISHED)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_report(review=review, user=request.user, **form.cleaned_data)
        except ApplicationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Thank you. The merchant will look at your report."))
            return redirect(f"{review.product.get_absolute_url()}#review-{review.pk}")
    return render(
        request,
        "reviews/report_form.html",
        {"review": review, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@order_link_page
def review_write_from_order(request: HttpRequest, token: str) -> HttpResponse:
    """The signed link from the "how was your order?" email (see reviews/tokens.py for who may use it)."""
    try:
        link = review_link_parse(token)
    except BadReviewLink:
        return render(request, "reviews/bad_link.html", status=404)
    order, product = link.order, link.product
    if order.user_id is not None:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if request.user.pk != order.user_id:
            return render(request, "reviews/not_yours.html", {"product": product, "other_account": True}, status=403)
        existing = selectors.review_of_user(product=product, user=request.user)
        if existing is not None:
            return redirect("reviews:edit", pk=existing.pk)
        return review_write(request, product.slug)

    # A guest order: the signed link is the proof (no account to sign in to).
    existing = Review.objects.filter(
        product=product, author__isnull=True, guest_email=order.email.strip().lower()
    ).first()
    if request.method == "POST" and existing is not None and "delete" in request.POST:
        services.review_delete(review=existing, guest_order=order)
        messages.success(request, _("Your review is deleted."))
        return redirect(_product_reviews_url(product))
    initial = {"rating": str(existing.rating), "title": existing.title, "body": existing.body} if existing else None
    form = ReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if existing is None:
                review = services.review_submit(product=product, guest_order=order, **form.cleaned_data)
            else:
                review = services.review_edit(review=existing, guest_order=order, **form.cleaned_data)
        except ApplicationError as error:
            _form_error(form, error)
        else:
            return _after_submit(request, review)
    threshold = selectors.review_settings_get().verification_threshold
    verified = selectors.qualifying_order_lines(product=product, order=order, threshold=threshold).exists()
    if not verified and existing is None:
        return render(request, "reviews/not_allowed.html", {"product": product}, status=403)
    return _render_form(
        request,
        product=product,
        form=form,
        review=existing,
        action=request.path,
        verified=verified,
        guest=True,
        status=400 if request.method == "POST" else 200,
    )
