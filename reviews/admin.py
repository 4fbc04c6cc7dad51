"""The merchant's side: moderation queue, report queue, replies, settings. Every change goes through services."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.errors import ApplicationError
from reviews import services
from reviews.models import MerchantReply, RejectionReason, Review, ReviewReport, ReviewSettings
from reviews.selectors import review_settings_get, reviews_with_verification


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason (sent to the author)"), choices=RejectionReason.choices)
    note = forms.CharField(
        label=_("Note to the author (optional)"), required=False, max_length=2000, widget=forms.Textarea
    )


def _reject_with_reason(
    modeladmin, request: HttpRequest, reviews: QuerySet[Review], *, action: str, selected: list[str], on_done=None
):
    """The "reject with a reason" intermediate page, shared by the review and report queues."""
    if "apply" in request.POST:
        form = RejectForm(request.POST)
        if form.is_valid():
            count = 0
            for review in reviews:
                services.review_reject(review=review, moderator=request.user, **form.cleaned_data)
                count += 1
            if on_done:
                on_done()
            modeladmin.message_user(
                request,
                _("%(count)s review(s) rejected; the authors were told why.") % {"count": count},
                messages.SUCCESS,
            )
            return None
    else:
        form = RejectForm()
    return TemplateResponse(
        request,
        "reviews/admin_reject.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": _("Reject reviews"),
            "form": form,
            "reviews": reviews,
            "selected": selected,
            "action": action,
            "opts": modeladmin.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        },
    )


class MerchantReplyInline(admin.StackedInline):
    model = MerchantReply
    fields = ["body", "author_name", "created_at"]
    readonly_fields = ["author_name", "created_at"]
    extra = 1
    max_num = 1
    can_delete = True
    verbose_name = _("public reply (signed with your name and dated)")

    # Replying is part of moderating: whoever may change reviews may write the reply.
    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("reviews.change_review")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("reviews.change_review")


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "product",
        "rating",
        "display_name",
        "status",
        "verified_column",
        "open_reports",
        "created_at",
    ]
    list_filter = ["status", "rating", "rejection_reason"]
    search_fields = ["title", "body", "product__name", "display_name"]
    list_select_related = ["product"]
    date_hierarchy = "created_at"
    actions = ["approve_reviews", "reject_reviews"]
    inlines = [MerchantReplyInline]
    # The shopper's words, the rating and the verification are never editable here: moderation only decides
    # (approve/reject through the actions) and replies.
    fields = [
        "product",
        "display_name",
        "rating",
        "title",
        "body",
        "status",
        "verified_column",
        "rejection_reason",
        "rejection_note",
        "created_at",
        "edited_at",
        "moderated_at",
        "moderated_by",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        threshold = review_settings_get().verification_threshold
        queryset = (
            super()
            .get_queryset(request)
            .annotate(open_report_count=Count("reports", filter=Q(reports__resolved_at__isnull=True)))
        )
        return reviews_with_verification(queryset, threshold=threshold)

    def has_add_permission(self, request):
        return False  # reviews come from shoppers

    @admin.display(description=_("verified purchase"), boolean=True)
    def verified_column(self, obj: Review) -> bool:
        return bool(getattr(obj, "verified", False))

    @admin.display(description=_("open reports"), ordering="open_report_count")
    def open_reports(self, obj: Review) -> int:
        return getattr(obj, "open_report_count", 0)

    @admin.action(description=_("Approve and publish selected reviews (authors are emailed)"),
                  permissions=["change"])
    def approve_reviews(self, request, queryset):
        for review in queryset:
            services.review_approve(review=review, moderator=request.user)
        self.message_user(request, _("Reviews approved and published."), messages.SUCCESS)

    @admin.action(description=_("Reject selected reviews with a reason…"), permissions=["change"])
    def reject_reviews(self, request, queryset):
        return _reject_with_reason(
            self,
            request,
            queryset,
            action="reject_reviews",
            selected=request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        )

    def save_formset(self, request, form, formset, change):
        if formset.model is not MerchantReply:
            return super().save_formset(request, form, formset, change)
        replies = formset.save(commit=False)  # also fills new/changed/deleted_objects for the admin's log
        for deleted in formset.deleted_objects:
            deleted.delete()
        for reply in replies:
            try:
                services.reply_save(review=form.instance, author=request.user, body=reply.body)
            except ApplicationError as error:
                self.message_user(request, error.message, messages.ERROR)
        return None


@admin.register(ReviewReport)
class ReviewReportAdmin(admin.ModelAdmin):
    list_display = ["review_link", "reason", "note", "reporter", "created_at", "resolved_at"]
    list_filter = [("resolved_at", admin.EmptyFieldListFilter), "reason"]
    list_select_related = ["review", "reporter"]
    readonly_fields = ["review", "reporter", "reason", "note", "created_at", "resolved_at", "resolved_by"]
    actions = ["resolve_keep", "reject_reported"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("review"))
    def review_link(self, obj: ReviewReport) -> str:
        url = reverse("admin:reviews_review_change", args=[obj.review_id])
        return format_html(
            '<a href="{}">{}</a> ({}★, {})', url, obj.review.title, obj.review.rating, obj.review.get_status_display()
        )

    @admin.action(description=_("Close selected reports and keep the reviews"), permissions=["change"])
    def resolve_keep(self, request, queryset):
        for report in queryset:
            services.report_resolve(report=report, moderator=request.user)
        self.message_user(request, _("Reports closed; the reviews stay as they are."), messages.SUCCESS)

    @admin.action(description=_("Reject the reported reviews with a reason…"), permissions=["change"])
    def reject_reported(self, request, queryset):
        reports = list(queryset)
        reviews = Review.objects.filter(pk__in=[report.review_id for report in reports])

        def close_reports():
            for report in reports:
                services.report_resolve(report=report, moderator=request.user)

        return _reject_with_reason(
            self,
            request,
            reviews,
            action="reject_reported",
            selected=request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            on_done=close_reports,
        )


@admin.register(ReviewSettings)
class ReviewSettingsAdmin(admin.ModelAdmin):
    fields = ["hold_for_approval", "verification_threshold", "allow_unverified", "updated_at"]
    readonly_fields = ["updated_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        settings_row = review_settings_get()
        return HttpResponseRedirect(reverse("admin:reviews_reviewsettings_change", args=[settings_row.pk]))
