"""The merchant's side of the screening: review queue (one-click capture/cancel), weights, thresholds, report.

Every change goes through ``fraud.services`` (which calls the payments services for capture and cancel).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.errors import ApplicationError
from core.formatting import format_money
from core.money import Money
from core.money_input import MoneyInputsMixin
from fraud.models import IPCountryRange, ReviewDecision, RiskAssessment, RiskSettings, RiskSignalWeight
from fraud.reasons import signal_detail
from fraud.review_decisions import review_cancel, review_capture, review_judge
from fraud.selectors import review_queue, risk_report, shopper_history, signal_explanations
from orders.models import OFFLINE_METHODS
from payments import gateway

REVIEW_PERMISSION = "fraud.add_reviewdecision"


class ReviewForm(forms.Form):
    action = forms.ChoiceField(choices=[("capture", "capture"), ("cancel", "cancel")])
    was_fraud = forms.TypedChoiceField(
        label=gettext_lazy("Was it fraud?"),
        choices=[
            ("", gettext_lazy("Not sure yet")),
            ("no", gettext_lazy("No, legitimate")),
            ("yes", gettext_lazy("Yes, fraud")),
        ],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
        required=False,
    )
    note = forms.CharField(label=gettext_lazy("Note (for your team)"), max_length=500, required=False)


@admin.register(RiskSettings)
class RiskSettingsAdmin(MoneyInputsMixin, admin.ModelAdmin):
    list_display = ["__str__", "require_3ds_at", "review_at", "block_at", "high_value_display", "updated_at"]
    money_fields = ("high_value_amount",)

    @admin.display(description=gettext_lazy("high value from"))
    def high_value_display(self, obj: RiskSettings) -> str:
        return format_money(Money(obj.high_value_amount, "EUR"))

    def has_add_permission(self, request) -> bool:
        return not RiskSettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(RiskSignalWeight)
class RiskSignalWeightAdmin(admin.ModelAdmin):
    list_display = ["key", "description", "weight", "threshold", "enabled"]
    list_editable = ["weight", "threshold", "enabled"]
    readonly_fields = ["key"]
    fields = ["key", "description", "weight", "threshold", "enabled"]

    def has_add_permission(self, request) -> bool:
        return False  # the signals are code: one row each, seeded

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(IPCountryRange)
class IPCountryRangeAdmin(admin.ModelAdmin):
    list_display = ["network", "country", "note"]
    search_fields = ["network", "country", "note"]


class ReviewDecisionInline(admin.StackedInline):
    model = ReviewDecision
    extra = 0
    can_delete = False
    fields = ["decision", "merchant", "created_at", "was_fraud", "note"]
    readonly_fields = ["decision", "merchant", "created_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # decisions are made in the review queue, where the payment is captured or cancelled


@admin.register(RiskAssessment)
class RiskAssessmentAdmin(admin.ModelAdmin):
    """Every screened attempt, read-only: blocked, held and allowed alike are kept."""

    list_display = ["created_at", "order_link", "email", "decision", "score", "reasons", "client_ip", "ip_country"]
    list_filter = ["decision", "method", "created_at", "ip_country"]
    search_fields = ["order_number", "email", "client_ip", "card_key"]
    date_hierarchy = "created_at"
    inlines = [ReviewDecisionInline]
    readonly_fields = [
        "created_at",
        "order_link",
        "payment",
        "email",
        "user",
        "method",
        "decision",
        "score",
        "reasons",
        "client_ip",
        "ip_country",
        "device_id",
        "card_key",
        "card_country",
        "shipping_country",
        "amount_display",
        "stripe_risk_level",
    ]
    exclude = ["order", "order_number", "signals"]
    change_list_template = "fraud/admin/assessment_changelist.html"

    @admin.display(description=gettext_lazy("amount"))
    def amount_display(self, obj: RiskAssessment) -> str:
        return format_money(Money(obj.amount, obj.currency)) if obj.currency else str(obj.amount)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # blocking never loses data

    def has_change_permission(self, request, obj=None) -> bool:
        # The inline judgement ("was it fraud?") stays editable for reviewers; the assessment itself is read-only.
        return request.user.has_perm("fraud.change_reviewdecision")

    def save_formset(self, request, form, formset, change) -> None:
        """A later judgement ("it was fraud after all") goes through the service, like every change."""
        for review in formset.save(commit=False):
            review_judge(review=review, was_fraud=review.was_fraud, note=review.note)

    @admin.display(description=gettext_lazy("order"))
    def order_link(self, obj: RiskAssessment) -> str:
        if obj.order_id is None:
            return obj.order_number or "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:orders_order_change", args=[obj.order_id]), obj.order_number
        )

    @admin.display(description=gettext_lazy("reasons"))
    def reasons(self, obj: RiskAssessment) -> str:
        if not obj.signals:
            return _("none")
        return format_html_join(
            "", "<div>{} (+{})</div>", ((signal_detail(s), s.get("weight", 0)) for s in obj.signals)
        )

    # --- Review queue and report --------------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("review/", wrap(self.review_queue_view), name="fraud_review_queue"),
            path("<int:pk>/review/", wrap(require_POST(self.review_view)), name="fraud_review"),
            path("report/", wrap(self.report_view), name="fraud_report"),
            *super().get_urls(),
        ]

    def review_queue_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        items = []
        for assessment in review_queue():
            history = shopper_history(email=assessment.email, exclude_order_id=assessment.order_id)
            items.append(
                {
                    "assessment": assessment,
                    "reasons": signal_explanations(assessment=assessment),
                    "history": history,
                    "amount": format_money(Money(assessment.amount, assessment.currency)),
                    "form": ReviewForm(),
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Payments held for review"),
            "offline_methods": sorted(OFFLINE_METHODS),
            "items": items,
            "can_review": request.user.has_perm(REVIEW_PERMISSION),
        }
        return TemplateResponse(request, "fraud/admin/review_queue.html", context)

    def review_view(self, request, pk: int):
        if not request.user.has_perm(REVIEW_PERMISSION):
            raise PermissionDenied
        assessment = get_object_or_404(RiskAssessment, pk=pk)
        form = ReviewForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose capture or cancel."))
            return redirect("admin:fraud_review_queue")
        action = review_capture if form.cleaned_data["action"] == "capture" else review_cancel
        try:
            action(
                assessment=assessment,
                merchant=request.user,
                was_fraud=form.cleaned_data["was_fraud"],
                note=form.cleaned_data["note"],
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        except gateway.GatewayError as exc:
            messages.error(request, exc.shopper_message)
        else:
            if form.cleaned_data["action"] == "cancel":
                done = _("Order %(number)s: payment cancelled, nothing was charged and the stock is released.")
            elif assessment.method in OFFLINE_METHODS:
                done = _("Order %(number)s: confirmed, the shopper is told how to pay.")
            else:
                done = _("Order %(number)s: payment captured, the order is paid.")
            messages.success(request, done % {"number": assessment.order_number})
        return redirect("admin:fraud_review_queue")

    def report_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        report = risk_report(days=30)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Fraud screening: the last 30 days"),
            "report": report,
            "decision_rows": [
                (label, report.decisions.get(value, 0)) for value, label in RiskAssessment._meta.get_field(
                    "decision"
                ).choices
            ],
        }
        return TemplateResponse(request, "fraud/admin/report.html", context)
