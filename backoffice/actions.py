"""Bulk work on the order list, added to the order admin by ``backoffice.admin_site.install``: mark several
orders shipped (carrier and tracking number per order, on a page of its own), print their packing slips, export
them as CSV."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backoffice.documents import packing_slips_pdf
from backoffice.exports import ORDER_HEADER, csv_lines, order_rows
from core.errors import ApplicationError
from core.validators import validate_single_line
from orders.models import Carrier
from orders.services import order_ship

MAX_BULK = 100


class BulkShipRow(forms.Form):
    carrier = forms.ModelChoiceField(
        label=gettext_lazy("Carrier"), queryset=Carrier.objects.filter(active=True), empty_label=None
    )
    tracking_number = forms.CharField(
        label=gettext_lazy("Tracking number"), max_length=80, required=False, validators=[validate_single_line]
    )


@admin.action(description=gettext_lazy("Mark shipped (carrier and tracking per order)…"), permissions=["change"])
def bulk_ship(modeladmin, request, queryset):
    orders = list(queryset.order_by("placed_at")[:MAX_BULK])
    confirmed = request.POST.get("apply") == "yes"
    rows = [(order, BulkShipRow(request.POST if confirmed else None, prefix=f"o{order.pk}")) for order in orders]
    if confirmed and all(form.is_valid() for _order, form in rows):
        shipped = 0
        for order, form in rows:
            try:
                order_ship(order=order, carrier=form.cleaned_data["carrier"],
                           tracking_number=form.cleaned_data["tracking_number"], actor=request.user)  # fmt: skip
            except ApplicationError as exc:
                messages.error(request, f"{order.number}: {exc.message}")
            else:
                shipped += 1
        if shipped:
            messages.success(request, _("%(count)d order(s) marked as shipped; the shoppers are being emailed.")
                             % {"count": shipped})  # fmt: skip
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": _("Mark orders shipped"),
        "rows": rows,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "backoffice/bulk_ship.html", context)


@admin.action(description=gettext_lazy("Print packing slips (PDF)"), permissions=["view"])
def print_packing_slips(modeladmin, request, queryset):
    orders = list(queryset.order_by("placed_at")[:MAX_BULK])
    response = HttpResponse(packing_slips_pdf(orders=orders), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="packing-slips.pdf"'
    return response


@admin.action(description=gettext_lazy("Export as CSV"), permissions=["view"])
def export_csv(modeladmin, request, queryset):
    response = HttpResponse("".join(csv_lines(ORDER_HEADER, order_rows(queryset))), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="orders.csv"'
    return response
