"""Public policy pages: the version in force, upcoming changes, the history with diffs, and each old version."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from policies.selectors import policy_page, policy_version_page


@require_GET
def policy_detail(request: HttpRequest, kind: str) -> HttpResponse:
    page = policy_page(kind=kind)
    if page is None:
        raise Http404
    return render(request, "policies/policy_detail.html", {"page": page, "policy": page.policy})


@require_GET
def policy_version_detail(request: HttpRequest, kind: str, number: int) -> HttpResponse:
    page = policy_version_page(kind=kind, number=number)
    if page is None:
        raise Http404
    return render(request, "policies/policy_version.html", {"page": page, "policy": page.policy})
