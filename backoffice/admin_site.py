"""The admin's home page becomes the dashboard for the day (``backoffice.selectors.dashboard_get``); the apps list
stays below it."""

from __future__ import annotations

from django.contrib import admin
from django.utils import timezone

from backoffice.selectors import dashboard_get


def install(site: admin.AdminSite = admin.site) -> None:
    original_index = site.index

    def index(request, extra_context=None):
        context = {"dashboard": dashboard_get(user=request.user, now=timezone.now()), **(extra_context or {})}
        return original_index(request, extra_context=context)

    site.index = index
    site.index_template = "backoffice/dashboard.html"
