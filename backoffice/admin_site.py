"""The admin's home page becomes the dashboard for the day (``backoffice.selectors.dashboard_get``); the apps list
stays below it. The order list gains the back office's bulk actions (ship, packing slips, CSV)."""

from __future__ import annotations

from django.contrib import admin
from django.utils import timezone

from backoffice.actions import bulk_ship, export_csv, print_packing_slips
from backoffice.selectors import dashboard_get
from orders.models import Order


def install(site: admin.AdminSite = admin.site) -> None:
    original_index = site.index

    def index(request, extra_context=None):
        context = {"dashboard": dashboard_get(user=request.user, now=timezone.now()), **(extra_context or {})}
        return original_index(request, extra_context=context)

    site.index = index
    site.index_template = "backoffice/dashboard.html"
    order_admin = site.get_model_admin(Order)
    order_admin.actions = [*order_admin.actions, bulk_ship, print_packing_slips, export_csv]
