"""The CSRF failure page, and a second chance for the forms of shared catalogue pages sent without a script.

Forms on pages cached for every cookie-free visitor carry an empty CSRF field that static/js/csrf.js fills when
the form is used (``{% csrf_deferred %}``). Without JavaScript the post arrives with no token and no cookie, and
Django refuses it, as it must. For the few forms registered here (add to cart, "helpful") the refusal page
(still a 403: nothing was done) shows the same form again, with this visitor's token, so one more press sends
it. Only the registered fields are carried over, only to the address the post was sent to, and only a press on
our own page (which may not be framed: ``frame-ancestors 'none'``) sends them: a cross-site post still does
nothing by itself. Every other refusal is Django's usual 403 page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.views.csrf import csrf_failure as django_csrf_failure


@dataclass(frozen=True)
class RetryableForm:
    fields: tuple[str, ...]  # the form's fields carried over (validated again by the view, as any post)
    button: str  # the button's label, as on the form


_RETRYABLE: dict[str, RetryableForm] = {}


def csrf_retry_register(view_name: str, *, fields: tuple[str, ...], button: str) -> None:
    """Let the form posting to ``view_name`` ("shop:cart_add") be sent again from the refusal page."""
    _RETRYABLE[view_name] = RetryableForm(fields=fields, button=button)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: the registered forms again with a token (403), else Django's 403 page."""
    try:
        form = _RETRYABLE.get(resolve(request.path_info).view_name) if request.method == "POST" else None
    except Resolver404:
        form = None
    if form is None:
        return django_csrf_failure(request, reason=reason)
    values = [(name, request.POST.get(name, "")) for name in form.fields if name in request.POST]
    return render(
        request, "core/csrf_retry.html", {"action": request.path, "values": values, "button": form.button},
        status=403,
    )
