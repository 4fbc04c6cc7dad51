"""Merchant admin for orders, payments, refunds, fees and delivery. Every change goes through a service."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import ApplicationError
from core.formatting import format_money
from core.money import Money
from core.validators import validate_single_line
from payments import gateway
from payments.models import (
    DeliveryOption,
    DeliveryZone,
    Order,
    OrderLine,
    OrderStatusChange,
    Payment,
    PaymentMethodFee,
    PaymentState,
    Refund,
    WebhookEvent,
)
from payments.services import (
    bank_transfer_mark_received,
    order_cancel,
    order_link_secret_rotate,
    order_mark_delivered,
    order_paid_total,
    order_refund,
    order_refunded_total,
    order_ship,
    payment_cancel_held,
    payment_capture,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    fields = ["sku", "name", "unit_price_amount", "quantity"]
    readonly_fields = fields


class StatusChangeInline(ReadOnlyInline):
    model = OrderStatusChange
    fields = ["created_at", "from_status", "to_status", "cause", "actor"]
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("Timeline")


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = [
        "created_at",
        "method",
        "state",
        "amount",
        "stripe_payment_intent_id",
        "authenticated_3ds",
        "last_error_code",
    ]
    readonly_fields = fields


class RefundInline(ReadOnlyInline):
    model = Refund
    fields = ["created_at", "amount", "reason", "restock", "stripe_refund_id", "actor"]
    readonly_fields = fields


class RefundForm(forms.Form):
    amount = forms.CharField(label=gettext_lazy("Amount (e.g. 12.50)"), max_length=12)
    reason = forms.CharField(
        label=gettext_lazy("Reason (shown to the shopper)"), max_length=300, validators=[validate_single_line]
    )
    restock = forms.BooleanField(label=gettext_lazy("Return the items to stock"), required=False)


class ShipForm(forms.Form):
    tracking_number = forms.CharField(
        label=gettext_lazy("Tracking number"), max_length=80, required=False, validators=[validate_single_line]
    )


class DelayForm(forms.Form):
    new_from = forms.DateField(
        label=gettext_lazy("New earliest delivery date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    new_to = forms.DateField(
        label=gettext_lazy("New latest delivery date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason (emailed to the shopper)"), max_length=300, validators=[validate_single_line]
    )


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
    list_display = ["number", "placed_at", "email", "status", "payment_method", "total_display", "flagged"]
    list_filter = ["status", "payment_method", "placed_at"]
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
        "user",
        "email",
        "payment_method",
        "currency",
        "items_amount",
        "delivery_amount",
        "payment_fee_amount",
        "duties_amount",
        "total_amount",
        "paid_display",
        "refunded_display",
        "delivery_option_name",
        "tracking_number",
        "accepted_terms",
        "accepted_returns_policy",
        "placed_at",
        "expires_at",
        "stock_reserved",
        "merchant_links",
    ]
    fieldsets = [
        (None, {"fields": ["number", "status", "merchant_links", "flagged_reason"]}),
        (gettext_lazy("Shopper"), {"fields": ["user", "email", "full_name", "phone"]}),
        (
            gettext_lazy("Address"),
            {"fields": ["address_line1", "address_line2", "postal_code", "city", "country"]},
        ),
        (
            gettext_lazy("Money (read-only, minor units)"),
            {
                "fields": [
                    "payment_method",
                    "currency",
                    "items_amount",
                    "delivery_amount",
                    "payment_fee_amount",
                    "duties_amount",
                    "total_amount",
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
                    "tracking_number",
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

    @admin.display(description=gettext_lazy("total"))
    def total_display(self, obj: Order) -> str:
        return format_money(obj.total)

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
        return format_html(
            '<a class="button" href="{}">{}</a> <a class="button" href="{}">{}</a>',
            reverse("admin:payments_order_refund", args=[obj.pk]),
            _("Refund…"),
            reverse("admin:payments_order_ship", args=[obj.pk]),
            _("Ship…"),
        ) + format_html(
            ' <a class="button" href="{}">{}</a>',
            reverse("admin:payments_order_delay", args=[obj.pk]),
            _("Mark shipment delayed…"),
        )

    def get_urls(self):
        custom = [
            path("<int:pk>/refund/", self.admin_site.admin_view(self.refund_view), name="payments_order_refund"),
            path("<int:pk>/ship/", self.admin_site.admin_view(self.ship_view), name="payments_order_ship"),
            path("<int:pk>/delay/", self.admin_site.admin_view(self.delay_view), name="payments_order_delay"),
        ]
        return custom + super().get_urls()

    def _order_for_change(self, request, pk: int) -> Order:
        order = get_object_or_404(Order, pk=pk)
        if not self.has_change_permission(request, order):
            raise PermissionDenied
        return order

    def refund_view(self, request, pk: int):
        order = self._order_for_change(request, pk)
        form = RefundForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                amount = Money.from_decimal(Decimal(form.cleaned_data["amount"].replace(",", ".")), order.currency)
            except (InvalidOperation, ValueError):
                form.add_error("amount", _("Enter an amount like 12.50."))
            else:
                if _run(
                    request,
                    order_refund,
                    order=order,
                    amount=amount,
                    reason=form.cleaned_data["reason"],
                    restock=form.cleaned_data["restock"],
                    actor=request.user,
                ):
                    messages.success(request, _("Refunded %(amount)s.") % {"amount": format_money(amount)})
                    return redirect("admin:payments_order_change", order.pk)
        refundable = order_paid_total(order=order) - order_refunded_total(order=order)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "order": order,
            "form": form,
            "title": _("Refund order %(number)s") % {"number": order.number},
            "refundable": format_money(refundable),
        }
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
                tracking_number=form.cleaned_data["tracking_number"],
                actor=request.user,
            )
        ):
            messages.success(request, _("Marked as shipped."))
            return redirect("admin:payments_order_change", order.pk)
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
        from payments.delivery import order_mark_delayed

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
                return redirect("admin:payments_order_change", order.pk)
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
        self._bulk(request, queryset, bank_transfer_mark_received, _("%(count)d order(s) marked as paid."))

    @admin.action(description=gettext_lazy("Mark delivered"), permissions=["change"])
    def mark_delivered(self, request, queryset):
        self._bulk(request, queryset, order_mark_delivered, _("%(count)d order(s) marked as delivered."))

    @admin.action(description=gettext_lazy("Cancel unpaid orders (releases stock)"), permissions=["change"])
    def cancel_orders(self, request, queryset):
        def cancel(*, order, actor):
            return order_cancel(order=order, cause=_("Cancelled by the shop"), actor=actor)

        self._bulk(request, queryset, cancel, _("%(count)d order(s) cancelled."))

    @admin.action(description=gettext_lazy("Capture payments held for review"), permissions=["change"])
    def capture_held(self, request, queryset):
        for order in queryset:
            for payment in order.payments.filter(state=PaymentState.REQUIRES_CAPTURE):
                if _run(request, payment_capture, payment=payment, actor=request.user):
                    messages.success(request, _("Captured the payment of %(number)s.") % {"number": order.number})

    @admin.action(description=gettext_lazy("Cancel payments held for review"), permissions=["change"])
    def cancel_held(self, request, queryset):
        for order in queryset:
            for payment in order.payments.filter(state=PaymentState.REQUIRES_CAPTURE):
                if _run(request, payment_cancel_held, payment=payment, actor=request.user):
                    messages.success(request, _("Cancelled the payment of %(number)s.") % {"number": order.number})

    @admin.action(description=gettext_lazy("Revoke order links"), permissions=["change"])
    def revoke_links(self, request, queryset):
        """E.g. an order email was forwarded or leaked: every link sent so far stops working. The shopper can ask
        for a fresh link, sent to the order's own address, from the page an old link opens."""
        self._bulk(
            request,
            queryset,
            order_link_secret_rotate,
            _("Links revoked for %(count)d order(s). The shopper can ask for a new link by email."),
        )


@admin.register(PaymentMethodFee)
class PaymentMethodFeeAdmin(admin.ModelAdmin):
    """``PaymentMethodFee.clean()`` refuses fees that break PSD2 art. 62(4) or CRD art. 19."""

    list_display = [
        "method",
        "active",
        "shopper_fee_fixed",
        "shopper_fee_percent",
        "merchant_cost_fixed",
        "merchant_cost_percent",
        "position",
    ]
    list_editable = ["active", "position"]


class DeliveryOptionInline(admin.TabularInline):
    model = DeliveryOption
    extra = 1
    fields = [
        "name",
        "price_amount",
        "currency",
        "min_days",
        "max_days",
        "cutoff_time",
        "cutoff_timezone",
        "tracking_url_template",
        "active",
        "position",
    ]


@admin.register(DeliveryZone)
class DeliveryZoneAdmin(admin.ModelAdmin):
    list_display = ["name", "countries", "is_eu", "customs_treatment", "duty_percent", "import_vat_percent"]
    inlines = [DeliveryOptionInline]


@admin.register(WebhookEvent)
class WebhookEventAdmin(admin.ModelAdmin):
    list_display = ["stripe_event_id", "type", "received_at", "processed_at"]
    search_fields = ["stripe_event_id", "type"]
    readonly_fields = ["stripe_event_id", "type", "payload", "received_at", "processed_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
