"""Merchant admin: the returns queue (deadlines, overdue flag) and approve / reject / received actions.

Every change goes through ``returns.services``; the admin never assigns a status.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, DateTimeField, F, Q, When
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import ApplicationError
from core.formatting import format_money
from orders.models import STRIPE_METHODS
from payments.selectors import refund_destination
from policies.models import PolicyVersion
from returns.forms import ApproveForm, RejectForm
from returns.iban import iban_masked
from returns.models import ComplaintPhoto, ReturnRequest, ReturnRequestLine, ReturnStatusChange, ReturnsTerms
from returns.services import (
    request_approve,
    request_mark_received,
    request_refund,
    request_refund_amount,
    request_reject,
    returns_terms_change,
    returns_terms_change_check,
)
from returns.states import RequestStatus

S = RequestStatus


class ReturnsTermsChangeForm(forms.ModelForm):
    class Meta:
        model = ReturnsTerms
        fields = ["window_days", "conditions", "return_shipping_paid_by"]

    def clean(self):
        cleaned = super().clean()
        try:
            returns_terms_change_check()
        except ApplicationError as error:
            self.add_error(error.field if error.field in self.fields else None, error.message)
        return cleaned


@admin.register(ReturnsTerms)
class ReturnsTermsAdmin(admin.ModelAdmin):
    """The window and conditions orders get, one set per returns-policy version.

    Adding terms publishes a new version of the returns policy that states them (``returns_terms_change``);
    saved terms never change, like the version itself.
    """

    list_display = ["policy_version", "window_days", "return_shipping_paid_by", "created_at"]
    autocomplete_fields: list[str] = []

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ReturnsTermsChangeForm
            kwargs["fields"] = ReturnsTermsChangeForm.Meta.fields
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return ReturnsTermsChangeForm.Meta.fields if obj is None else super().get_fields(request, obj)

    def save_model(self, request, obj: ReturnsTerms, form, change: bool) -> None:
        saved = returns_terms_change(
            window_days=obj.window_days,
            conditions=obj.conditions,
            return_shipping_paid_by=obj.return_shipping_paid_by,
            author=request.user,
        )
        obj.pk, obj.policy_version, obj.created_at = saved.pk, saved.policy_version, saved.created_at

    def get_readonly_fields(self, request, obj=None):
        # Orders have accepted these terms: like the policy version itself, they never change once saved.
        return ["policy_version", "window_days", "conditions", "return_shipping_paid_by"] if obj else []

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        missing = PolicyVersion.objects.filter(policy__kind="returns", returns_terms__isnull=True).order_by("number")
        for version in missing:
            messages.warning(
                request,
                _(
                    "Returns policy version %(number)d has no returns terms: orders that accepted it get only the "
                    "legal 14-day withdrawal. Add terms for it."
                )
                % {"number": version.number},
            )
        return super().changelist_view(request, extra_context)


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class LineInline(_ReadOnlyInline):
    model = ReturnRequestLine
    fields = ["order_line", "quantity"]
    readonly_fields = fields


class TimelineInline(_ReadOnlyInline):
    model = ReturnStatusChange
    fields = ["created_at", "from_status", "to_status", "note", "actor"]
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("Timeline")


class OverdueFilter(admin.SimpleListFilter):
    title = gettext_lazy("deadline")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("open", _("Waiting for us"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        late = Q(status=S.REQUESTED, respond_by__lt=now) | Q(status=S.RECEIVED, refund_by__lt=now)
        if self.value() == "yes":
            return queryset.filter(late)
        if self.value() == "open":
            return queryset.filter(status__in=[S.REQUESTED, S.RECEIVED])
        return queryset


def _run(http_request, action, /, **kwargs) -> bool:
    """Call a service; its ApplicationError becomes an admin message (the service's "request" is the return)."""
    try:
        action(**kwargs)
    except ApplicationError as exc:
        messages.error(http_request, exc.message)
        return False
    return True


@admin.register(ReturnRequest)
class ReturnRequestAdmin(admin.ModelAdmin):
    list_display = ["number", "order", "kind", "status", "deadline", "overdue", "created_at"]
    list_filter = [OverdueFilter, "status", "kind"]
    search_fields = ["number", "order__number", "order__email"]
    inlines = [LineInline, TimelineInline]
    actions = ["mark_received"]
    readonly_fields = [
        "number", "order", "kind", "status", "reason", "photos_display", "refund_to", "terms", "delivered_at",
        "respond_by", "send_by", "refund_by", "instructions", "rejection_code", "rejection_reason", "next_steps",
        "refund", "refund_amount_display", "created_at", "approved_at", "received_at", "refunded_at", "rejected_at",
        "merchant_links",
    ]  # fmt: skip
    fields = readonly_fields

    def get_queryset(self, request):
        # Open ones with the nearest deadline first.
        return (
            super()
            .get_queryset(request)
            .select_related("order")
            .annotate(
                _deadline=Case(
                    When(status=S.REQUESTED, then=F("respond_by")),
                    When(status=S.RECEIVED, then=F("refund_by")),
                    output_field=DateTimeField(),
                )
            )
        )

    def get_ordering(self, request):
        return [F("_deadline").asc(nulls_last=True), "-created_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=gettext_lazy("our deadline"), ordering="_deadline")
    def deadline(self, obj: ReturnRequest):
        return obj.current_deadline or "—"

    @admin.display(description=gettext_lazy("overdue"), boolean=True)
    def overdue(self, obj: ReturnRequest) -> bool:
        return obj.is_overdue

    @admin.display(description=gettext_lazy("refund to"))
    def refund_to(self, obj: ReturnRequest) -> str:
        if obj.iban:
            return f"{obj.iban} ({obj.account_holder})"
        if obj.order.payment_method not in STRIPE_METHODS:
            return _("not confirmed yet: waiting for the shopper to enter the code we emailed")
        return _("original payment method: %(method)s") % {"method": obj.order.get_payment_method_display()}

    @admin.display(description=gettext_lazy("refunded"))
    def refund_amount_display(self, obj: ReturnRequest) -> str:
        if obj.status in (S.REFUNDED,):
            return format_money(obj.refunded)
        return _("will refund %(amount)s") % {"amount": format_money(request_refund_amount(request=obj))}

    @admin.display(description=gettext_lazy("photos"))
    def photos_display(self, obj: ReturnRequest) -> str:
        photos = list(ComplaintPhoto.objects.filter(request=obj))
        if not photos:
            return "—"
        return format_html_join(
            " ",
            '<a href="{}">{}</a>',
            (
                (reverse("returns:staff_photo", args=[obj.number, p.pk]), _("Photo %(n)d") % {"n": i + 1})
                for i, p in enumerate(photos)
            ),
        )

    @admin.display(description=gettext_lazy("actions"))
    def merchant_links(self, obj: ReturnRequest) -> str:
        if not obj.pk:
            return "-"
        links = []
        if obj.status == S.REQUESTED:
            links.append((reverse("admin:returns_returnrequest_approve", args=[obj.pk]), _("Approve…")))
        if obj.status in (S.REQUESTED, S.APPROVED):
            links.append((reverse("admin:returns_returnrequest_reject", args=[obj.pk]), _("Reject…")))
        if obj.status in (S.APPROVED, S.RECEIVED):
            links.append(
                (
                    reverse("admin:returns_returnrequest_received", args=[obj.pk]),
                    _("Items received: refund…") if obj.status == S.APPROVED else _("Refund now…"),
                )
            )
        if not links:
            return "—"
        return format_html_join(" ", '<a class="button" href="{}">{}</a>', links)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/approve/", view(self.approve_view), name="returns_returnrequest_approve"),
            path("<int:pk>/reject/", view(self.reject_view), name="returns_returnrequest_reject"),
            path("<int:pk>/received/", view(self.received_view), name="returns_returnrequest_received"),
        ] + super().get_urls()

    def _for_change(self, request, pk: int) -> ReturnRequest:
        obj = get_object_or_404(ReturnRequest.objects.select_related("order"), pk=pk)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def _render(self, request, obj, form, title: str, button: str):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "rr": obj,
            "form": form,
            "title": title,
            "button": button,
            "refund_amount": format_money(request_refund_amount(request=obj)),
            "refund_destination": (
                _("bank transfer to %(iban)s") % {"iban": iban_masked(obj.iban)}
                if obj.iban
                else refund_destination(order=obj.order)
            )
            if form is None
            else "",
        }
        return TemplateResponse(request, "returns/admin/action.html", context)

    def approve_view(self, request, pk: int):
        obj = self._for_change(request, pk)
        form = ApproveForm(request.POST or None)
        if (
            request.method == "POST"
            and form.is_valid()
            and _run(
                request,
                request_approve,
                request=obj,
                instructions=form.cleaned_data["instructions"],
                actor=request.user,
            )
        ):
            messages.success(request, _("Approved; the shopper got the instructions and the label link."))
            return redirect("admin:returns_returnrequest_change", obj.pk)
        return self._render(request, obj, form, _("Approve %(number)s") % {"number": obj.number}, _("Approve"))

    def reject_view(self, request, pk: int):
        obj = self._for_change(request, pk)
        form = RejectForm(request.POST or None)
        if (
            request.method == "POST"
            and form.is_valid()
            and _run(
                request,
                request_reject,
                request=obj,
                code=form.cleaned_data["code"],
                note=form.cleaned_data["note"],
                next_steps=form.cleaned_data["next_steps"],
                actor=request.user,
            )
        ):
            messages.success(request, _("Rejected; the shopper was told why and what they can do next."))
            return redirect("admin:returns_returnrequest_change", obj.pk)
        return self._render(request, obj, form, _("Reject %(number)s") % {"number": obj.number}, _("Reject"))

    def received_view(self, request, pk: int):
        obj = self._for_change(request, pk)
        if request.method == "POST":
            action = request_refund if obj.status == S.RECEIVED else request_mark_received
            if _run(request, action, request=obj, actor=request.user):
                obj.refresh_from_db()
                messages.success(request, _("Refunded %(amount)s.") % {"amount": format_money(obj.refunded)})
            return redirect("admin:returns_returnrequest_change", obj.pk)
        return self._render(
            request,
            obj,
            None,
            _("Items of %(number)s received") % {"number": obj.number},
            _("Items received: refund now"),
        )

    @admin.action(description=gettext_lazy("Items received: refund them"), permissions=["change"])
    def mark_received(self, request, queryset):
        done = 0
        for obj in queryset:
            action = request_refund if obj.status == S.RECEIVED else request_mark_received
            done += _run(request, action, request=obj, actor=request.user)
        if done:
            messages.success(request, _("%(count)d request(s) received and refunded.") % {"count": done})
