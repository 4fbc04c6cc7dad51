from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from trust.selectors import anti_phishing_facts, badges_evaluate, url_or_blank


@require_GET
def centre(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "trust/centre.html",
        {
            "badges": badges_evaluate(request=request),
            "facts": anti_phishing_facts(),
            "fees_url": url_or_blank("checkout:fees"),
        },
    )
