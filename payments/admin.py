"""Merchant admin for orders with their payments and refunds, and webhook events. Every change goes through a
service. Here, not in orders/, because an order's page refunds, captures and cancels payments."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.countries import COUNTRY_CHOICES
from core.errors import ApplicationError
from core.formatting import format_money
from orders.models import Order, OrderLine, OrderStatusChange
from orders.services import order_link_secret_rotate, order_mark_delayed, order_ship
from orders.states import UNPAID_OPEN_STATUSES
from payments import gateway
from payments.forms import DelayForm, RefundLinesForm, ShipForm
from payments.models import Payment, PaymentState, Refund, RefundLine, WebhookEvent
from payments.selectors import order_refundable_lines, refund_destination
from payments.services import (
    bank_transfer_mark_received,
    order_cancel,
    order_mark_delivered,
    order_paid_total,
    order_refund_lines,
    order_refund_quote,
    order_refundable,
    order_refunded_total,
    payment_cancel_held,
    payment_capture,
)

COUNTRY_NAMES = dict(COUNTRY_CHOICES)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    fields = ["sku", "name", "unit_price_display", "quantity", "line_total_display"]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("unit price"))
    def unit_price_display(self, obj: OrderLine) -> str:
        return format_money(obj.unit_price)

    @admin.display(description=gettext_lazy("line total"))
    def line_total_display(self, obj: OrderLine) -> str:
        return format_money(obj.unit_price * obj.quantity)


class StatusChangeInline(ReadOnlyInline):
    model = OrderStatusChange
    fields = ["created_at", "from_status", "to_status", "event", "cause_text", "actor"]
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("Timeline")


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = [
        "created_at",
        "method",
        "state",
        "amount_display",
        "stripe_payment_intent_id",
        "authenticated_3ds",
        "last_error_code",
    ]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("amount"))
    def amount_display(self, obj: Payment) -> str:
        return format_money(obj.money)


class RefundInline(ReadOnlyInline):
    model = Refund
    fields = ["created_at", "amount_display", "lines_display", "state", "code", "reason", "stripe_refund_id",
              "last_error", "actor"]  # fmt: skip
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("lines", queryset=RefundLine.objects.select_related("order_line")))
        )

    @admin.display(description=gettext_lazy("amount"))
    def amount_display(self, obj: Refund) -> str:
        return format_money(obj.money)

    @admin.display(description=gettext_lazy("what"))
    def lines_display(self, obj: Refund) -> str:
        parts = []
        for line in obj.lines.all():
            name = f"{line.quantity} × {line.order_line.name}" if line.order_line_id else str(_("Delivery"))
            parts.append(name + (f" ({_('back to stock')})" if line.restock else ""))
        if not parts:
            return str(_("Whole order, back to stock")) if obj.restock else "—"
        return ", ".join(parts)


def _confirm_page(modeladmin, request, queryset, *, action: str, question: str):
    """Actions that move money or cannot be undone ask first: a page listing the orders, with a confirm button that
    posts the same action again with ``confirmed=yes``. Returns None once confirmed."""
    if request.POST.get("confirmed") == "yes":
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": question,
        "orders": list(queryset),
        "action": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "payments/admin/action_confirm.html", context)


def _run(request, action, *args, **kwargs) -> bool:
    try:
        action(*args, **kwargs)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return False
    except gateway.GatewayError as exc:
        messages.error(request, exc.shopper_message)
        return False
    return True


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    # The columns that matter first, so the list fits a 1366-pixel screen; name, email and method
    # are found by search and filters.
    list_display = [
        "number",
        "flagged",
        "placed",
        "status",
        "payment",
        "parcel",
        "total_display",
        "country_name",
    ]
    list_filter = ["status", "payment_status", "fulfilment_status", "payment_method", "placed_at"]
    search_fields = ["number", "email", "full_name"]
    date_hierarchy = "placed_at"
    inlines = [OrderLineInline, PaymentInline, RefundInline, StatusChangeInline]
    actions = [
        "mark_bank_transfer_received",
        "mark_delivered",
        "cancel_orders",
        "capture_held",
        "cancel_held",
        "revoke_links",
    ]
    readonly_fields = [
        "number",
        "status",
        "payment_status",
        "fulfilment_status",
        "shipped_at",
        "delivered_at",
        "user",
        "email",
        "payment_method",
        "currency",
        "items_display",
        "delivery_display",
        "payment_fee_display",
        "duties_display",
        "total_display",
        "paid_display",
        "refunded_display",
        "delivery_option_name",
        "carrier",
        "tracking_link",
        "accepted_terms",
        "accepted_returns_policy",
        "placed_at",
        "expires_at",
        "stock_reserved",
        "merchant_links",
    ]
    fieldsets = [
        (
            None,
            {"fields": ["number", "status", "payment_status", "fulfilment_status", "merchant_links", "flagged_reason"]},
        ),
        (gettext_lazy("Shopper"), {"fields": ["user", "email", "full_name", "phone"]}),
        (
            gettext_lazy("Address"),
            {"fields": ["address_line1", "address_line2", "postal_code", "city", "country"]},
        ),
        (
            gettext_lazy("Money"),
            {
                "fields": [
                    "payment_method",
                    "items_display",
                    "delivery_display",
                    "payment_fee_display",
                    "duties_display",
                    "total_display",
                    "paid_display",
                    "refunded_display",
                ]
            },
        ),
        (
            gettext_lazy("Delivery and policies"),
            {
                "fields": [
                    "delivery_option_name",
                    "carrier",
                    "tracking_link",
                    "accepted_terms",
                    "accepted_returns_policy",
                    "placed_at",
                    "expires_at",
                    "stock_reserved",
                ]
            },
        ),
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_fieldsets(self, request, obj=None):
        """A paid order has no "unpaid order expires" field: that deadline only exists while it is unpaid."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or obj.status in UNPAID_OPEN_STATUSES:
            return fieldsets
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f != "expires_at"]}) for name, opts in fieldsets
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        """Countries by name; a code outside the list (an older order) stays selectable as it is."""
        form = super().get_form(request, obj, change=change, **kwargs)
        if "country" in form.base_fields:
            choices = list(COUNTRY_CHOICES)
            if obj is not None and obj.country and obj.country not in COUNTRY_NAMES:
                choices.append((obj.country, obj.country))
            form.base_fields["country"].widget = forms.Select(choices=choices)
        return form

    @admin.display(description=gettext_lazy("payment"), ordering="payment_status")
    def payment(self, obj: Order) -> str:
        return obj.get_payment_status_display()

    @admin.display(description=gettext_lazy("parcel"), ordering="fulfilment_status")
    def parcel(self, obj: Order) -> str:
        return obj.get_fulfilment_status_display()

    @admin.display(description=gettext_lazy("placed"), ordering="placed_at")
    def placed(self, obj: Order) -> str:
        """Short, in the merchant's time zone: "6 Dec 15:51" (the full time is on the order's page)."""
        return date_format(timezone.localtime(obj.placed_at), "j M H:i")

    @admin.display(description=gettext_lazy("total"), ordering="total_amount")
    def total_display(self, obj: Order) -> str:
        return format_money(obj.total)

    @admin.display(description=gettext_lazy("items"))
    def items_display(self, obj: Order) -> str:
        return format_money(obj.items_total)

    @admin.display(description=gettext_lazy("delivery"))
    def delivery_display(self, obj: Order) -> str:
        return format_money(obj.delivery_total)

    @admin.display(description=gettext_lazy("payment fee"))
    def payment_fee_display(self, obj: Order) -> str:
        return format_money(obj.payment_fee)

    @admin.display(description=gettext_lazy("duties and import VAT"))
    def duties_display(self, obj: Order) -> str:
        return format_money(obj._money(obj.duties_amount))

    @admin.display(description=gettext_lazy("country"), ordering="country")
    def country_name(self, obj: Order) -> str:
        return str(COUNTRY_NAMES.get(obj.country, obj.country))

    @admin.display(description=gettext_lazy("tracking"))
    def tracking_link(self, obj: Order) -> str:
        if not obj.tracking_number:
            return "—"
        if obj.tracking_url:
            return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', obj.tracking_url, obj.tracking_number)
        return obj.tracking_number

    @admin.display(description=gettext_lazy("flagged"), boolean=True)
    def flagged(self, obj: Order) -> bool:
        return bool(obj.flagged_reason)

    @admin.display(description=gettext_lazy("paid"))
    def paid_display(self, obj: Order) -> str:
        return format_money(order_paid_total(order=obj))

    @admin.display(description=gettext_lazy("refunded"))
    def refunded_display(self, obj: Order) -> str:
        return format_money(order_refunded_total(order=obj))

    @admin.display(description=gettext_lazy("actions"))
    def merchant_links(self, obj: Order) -> str:
        if not obj.pk:
            return "-"
        links = [
            ("admin:orders_order_refund", _("Refund…")),
            ("admin:orders_order_ship", _("Ship…")),
            ("admin:orders_order_delay", _("Mark shipment delayed…")),
            ("backoffice:packing_slip", _("Packing slip (PDF)")),
            ("backoffice:invoice", _("Invoice (PDF)")),
        ]
        return format_html_join(
            " ", '<a class="button" href="{}">{}</a>', ((reverse(name, args=[obj.pk]), text) for name, text in links)
        )

    def get_urls(self):
        custom = [
            path("<int:pk>/refund/", self.admin_site.admin_view(self.refund_view), name="orders_order_refund"),
            path("<int:pk>/ship/", self.admin_site.admin_view(self.ship_view), name="orders_order_ship"),
            path("<int:pk>/delay/", self.admin_site.admin_view(self.delay_view), name="orders_order_delay"),
        ]
        return custom + super().get_urls()

    def _order_for_change(self, request, pk: int) -> Order:
        order = get_object_or_404(Order, pk=pk)
        if not self.has_change_permission(request, order):
            raise PermissionDenied
        return order

    def refund_view(self, request, pk: int):
        """Refund by lines: choose quantities, stock and delivery; a second page shows the amount and where it goes
        ("Refund €18.00 to Visa ending 4242") and only its confirm button sends the refund."""
        order = get_object_or_404(Order, pk=pk)
        if not (self.has_view_permission(request, order) and request.user.has_perm("payments.add_refund")):
            raise PermissionDenied
        lines, delivery_open = order_refundable_lines(order=order)
        form = RefundLinesForm(
            request.POST or None,
            lines=lines,
            delivery_open=delivery_open,
            delivery_label=_("Refund the delivery cost (%(amount)s)") % {"amount": format_money(order.delivery_total)},
        )
        refundable = order_refundable(order=order)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "order": order,
            "form": form,
            "title": _("Refund order %(number)s") % {"number": order.number},
            "refundable": format_money(refundable),
        }
        if request.method == "POST" and form.is_valid():
            try:
                quote = order_refund_quote(order=order, wanted=form.wanted())
                if quote.amount > refundable:
                    at_most = _("At most %(amount)s can be refunded.") % {"amount": format_money(refundable)}
                    raise ApplicationError(at_most)
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                destination = refund_destination(order=order)
                if request.POST.get("confirm") == "yes":
                    if _run(
                        request,
                        order_refund_lines,
                        order=order,
                        wanted=form.wanted(),
                        code=form.cleaned_data["code"],
                        reason=form.cleaned_data["reason"],
                        actor=request.user,
                    ):
                        messages.success(
                            request,
                            _("Refunded %(amount)s to %(destination)s.")
                            % {"amount": format_money(quote.amount), "destination": destination},
                        )
                        return redirect("admin:orders_order_change", order.pk)
                else:
                    context.update(
                        quote=quote,
                        summary=_("Refund %(amount)s to %(destination)s")
                        % {"amount": format_money(quote.amount), "destination": destination},
                        title=_("Confirm the refund of order %(number)s") % {"number": order.number},
                    )
                    return TemplateResponse(request, "payments/admin/refund_confirm.html", context)
        return TemplateResponse(request, "payments/admin/refund.html", context)

    def ship_view(self, request, pk: int):
        order = self._order_for_change(request, pk)
        form = ShipForm(request.POST or None)
        if (
            request.method == "POST"
            and form.is_valid()
            and _run(
                request,
                order_ship,
                order=order,
                carrier=form.cleaned_data["carrier"],
                tracking_number=form.cleaned_data["tracking_number"],
                actor=request.user,
            )
        ):
            messages.success(request, _("Marked as shipped."))
            return redirect("admin:orders_order_change", order.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "order": order,
            "form": form,
            "title": _("Ship order %(number)s") % {"number": order.number},
        }
        return TemplateResponse(request, "payments/admin/ship.html", context)

    def delay_view(self, request, pk: int):
        """Mark the shipment delayed with a new window: recorded on the order and emailed to the shopper."""
        order = self._order_for_change(request, pk)
        form = DelayForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                order_mark_delayed(
                    order=order,
                    new_from=form.cleaned_data["new_from"],
                    new_to=form.cleaned_data["new_to"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            except ApplicationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("Delay recorded; the shopper is being emailed the new estimate."))
                return redirect("admin:orders_order_change", order.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "order": order,
            "form": form,
            "title": _("Shipment delayed: order %(number)s") % {"number": order.number},
        }
        return TemplateResponse(request, "payments/admin/delay.html", context)

    def _bulk(self, request, queryset, action, done: str) -> None:
        count = sum(1 for order in queryset if _run(request, action, order=order, actor=request.user))
        if count:
            messages.success(request, done % {"count": count})

    @admin.action(description=gettext_lazy("Mark bank transfer received"), permissions=["change"])
    def mark_bank_transfer_received(self, request, queryset):
        question = _("Mark these orders as paid by bank transfer?")
        page = _confirm_page(self, request, queryset, action="mark_bank_transfer_received", question=question)
        if page is not None:
            return page
        self._bulk(request, queryset, bank_transfer_mark_received, _("%(count)d order(s) marked as paid."))

    @admin.action(description=gettext_lazy("Mark delivered"), permissions=["change"])
    def mark_delivered(self, request, queryset):
        self._bulk(request, queryset, order_mark_delivered, _("%(count)d order(s) marked as delivered."))

    @admin.action(description=gettext_lazy("Cancel unpaid orders (releases stock)"), permissions=["change"])
    def cancel_orders(self, request, queryset):
        question = _("Cancel these orders? This cannot be undone.")
        page = _confirm_page(self, request, queryset, action="cancel_orders", question=question)
        if page is not None:
            return page

        def cancel(*, order, actor):
            return order_cancel(order=order, cause="cancelled_by_shop", actor=actor)

        self._bulk(request, queryset, cancel, _("%(count)d order(s) cancelled."))

    @admin.action(description=gettext_lazy("Capture payments held for review"), permissions=["change"])
    def capture_held(self, request, queryset):
        question = _("Capture the held payments of these orders? The shoppers are charged.")
        page = _confirm_page(self, request, queryset, action="capture_held", question=question)
        if page is not None:
            return page
        for order in queryset:
            for payment in order.payments.filter(state=PaymentState.REQUIRES_CAPTURE):
                if _run(request, payment_capture, payment=payment, actor=request.user):
                    messages.success(request, _("Captured the payment of %(number)s.") % {"number": order.number})

    @admin.action(description=gettext_lazy("Cancel payments held for review"), permissions=["change"])
    def cancel_held(self, request, queryset):
        question = _("Cancel the held payments of these orders? This cannot be undone.")
        page = _confirm_page(self, request, queryset, action="cancel_held", question=question)
        if page is not None:
            return page
        for order in queryset:
            for payment in order.payments.filter(state=PaymentState.REQUIRES_CAPTURE):
                if _run(request, payment_cancel_held, payment=payment, actor=request.user):
                    messages.success(request, _("Cancelled the payment of %(number)s.") % {"number": order.number})

    @admin.action(description=gettext_lazy("Revoke order links"), permissions=["change"])
    def revoke_links(self, request, queryset):
        """E.g. an order email was forwarded or leaked: every link sent so far stops working. The shopper can ask
        for a fresh link, sent to the order's own address, from the page an old link opens."""
        question = _("Revoke every link sent for these orders? This cannot be undone.")
        page = _confirm_page(self, request, queryset, action="revoke_links", question=question)
        if page is not None:
            return page
        self._bulk(
            request,
            queryset,
            order_link_secret_rotate,
            _("Links revoked for %(count)d order(s). The shopper can ask for a new link by email."),
        )


@admin.register(WebhookEvent)
class WebhookEventAdmin(admin.ModelAdmin):
    list_display = ["stripe_event_id", "type", "received_at", "processed_at", "last_error"]
    search_fields = ["stripe_event_id", "type"]
    readonly_fields = ["stripe_event_id", "type", "payload", "received_at", "processed_at", "last_error"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
