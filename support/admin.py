"""The merchant's side: answer tickets (a reply inline that emails the shopper), triage fraud reports, edit the FAQ."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.errors import ApplicationError
from core.translations import TranslatedAdmin
from orders.models import Order
from support.models import FaqEntry, FraudReport, SupportSettings, Ticket, TicketMessage
from support.selectors import faq_answer_sanitise
from support.services import faq_entry_save, ticket_reply


@admin.register(SupportSettings)
class SupportSettingsAdmin(admin.ModelAdmin):
    list_display = ["email", "phone", "opening_hours", "first_response_hours"]

    def has_add_permission(self, request):
        return not SupportSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class TicketReplyInline(admin.StackedInline):
    """An empty form for a new staff reply; saving it goes through ``ticket_reply`` (which emails the shopper)."""

    model = TicketMessage
    fields = ["body"]
    extra = 1
    max_num = 1
    can_delete = False
    verbose_name = _("reply to the shopper")
    verbose_name_plural = _("reply to the shopper (emailed when you save)")

    def get_queryset(self, request):
        return super().get_queryset(request).none()


def _when(moment) -> str:
    """A time as the merchant reads it: their time zone (``TIME_ZONE``), their language's format."""
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    list_display = ["reference", "topic", "name", "email", "status", "created_at", "first_response_at"]
    list_filter = ["status", "topic"]
    search_fields = ["reference", "email", "name", "order_number"]
    date_hierarchy = "created_at"
    fields = ["reference", "status", "name", "email", "order_number", "topic", "created_at", "first_response_at",
              "conversation"]
    readonly_fields = ["reference", "name", "email", "order_number", "topic", "created_at", "first_response_at",
                       "conversation"]
    inlines = [TicketReplyInline]

    def has_add_permission(self, request):
        return False  # tickets come from shoppers, through the contact form

    @admin.display(description=_("conversation"))
    def conversation(self, obj: Ticket):
        rows = obj.messages.order_by("created_at", "id").select_related("author")
        return format_html(
            "<div>{}</div>",
            format_html_join(
                "",
                "<p><strong>{}</strong> · {}<br>{}</p>",
                (
                    (_("Staff") if m.is_staff_reply else _("Shopper"), _when(m.created_at), m.body)
                    for m in rows
                ),
            ),
        )

    def save_formset(self, request, form, formset, change):
        if formset.model is not TicketMessage:
            return super().save_formset(request, form, formset, change)
        for inline_form in formset.forms:
            body = (inline_form.cleaned_data or {}).get("body", "").strip() if inline_form.has_changed() else ""
            if body:
                ticket_reply(ticket=form.instance, author=request.user, body=body)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        return None


@admin.register(FraudReport)
class FraudReportAdmin(admin.ModelAdmin):
    list_display = ["reference", "kind", "status", "contact_email", "order_number", "created_at"]
    list_filter = ["status", "kind"]
    list_editable = ["status"]
    search_fields = ["reference", "contact_email", "order_number", "sender"]
    date_hierarchy = "created_at"
    fields = ["reference", "status", "merchant_notes", "kind", "details", "order_number", "matching_order", "sender",
              "contact_email", "user", "created_at", "acknowledged_at"]
    readonly_fields = ["reference", "kind", "details", "order_number", "matching_order", "sender", "contact_email",
                       "user", "created_at", "acknowledged_at"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("matching order"))
    def matching_order(self, obj: FraudReport):
        """The order the report names, with whether its email matches the reporter's (a hint, not proof)."""
        if not obj.order_number:
            return "—"

        order = Order.objects.filter(number=obj.order_number).first()
        if order is None:
            return _("No order with this number")
        same = order.email.lower() == obj.contact_email.lower()
        try:
            url = reverse("admin:orders_order_change", args=[order.pk])
        except NoReverseMatch:
            url = ""
        note = _("reporter's email matches the order") if same else _("reporter's email differs from the order's")
        if url:
            return format_html('<a href="{}">{}</a> ({}, {})', url, order.number, order.get_status_display(), note)
        return format_html("{} ({}, {})", order.number, order.get_status_display(), note)


class FaqEntryForm(forms.ModelForm):
    class Meta:
        model = FaqEntry
        fields = ["question", "answer", "topic", "position", "published"]

    def clean(self):
        """Each language's answer is sanitised; English is required, an empty translation shows English."""
        cleaned = super().clean()
        for name in [field for field in self.fields if field.startswith("answer")]:
            raw = cleaned.get(name) or ""
            clean = faq_answer_sanitise(html=raw)
            if raw.strip() and not clean:
                self.add_error(name, _("The answer is empty once unsafe HTML is removed."))
            cleaned[name] = clean
        return cleaned


@admin.register(FaqEntry)
class FaqEntryAdmin(TranslatedAdmin):
    form = FaqEntryForm
    list_display = ["question", "topic", "position", "published", "updated_at"]
    list_editable = ["position", "published"]
    list_filter = ["topic", "published"]
    search_fields = ["question", "answer"]

    def save_model(self, request, obj, form, change):
        try:
            faq_entry_save(entry=obj)
        except ApplicationError as error:  # pragma: no cover - the form already checked
            raise ValidationError(error.message) from error
