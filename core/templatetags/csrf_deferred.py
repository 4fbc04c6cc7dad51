"""``{% csrf_deferred %}``: a form's CSRF field that lets a page shared by every cookie-free visitor stay shared.

``{% csrf_token %}`` puts the visitor's own token in the page and sets the CSRF cookie, so the page can never be
served to anyone else, nor by a cache in front. On the catalogue pages (cached whole for cookie-free visitors,
core/page_cache.py) forms use this tag instead:

* a visitor who has a session already (a cart, an account: their page is their own anyway) gets the usual field
  with their token;
* anyone else gets the same field, empty, plus ``static/js/csrf.js`` (deferred, once per page), which fetches a
  token from ``csrf_token`` (``core.views.csrf_token``, which sets the CSRF cookie) when a form is first
  touched, and before it is sent. The check on POST is Django's, unchanged: without the cookie and the token
  that matches it, the post is refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()
_SCRIPT_ADDED = "_csrf_deferred_script"


@contextmanager
def csrf_deferred_fragment(request: HttpRequest) -> Iterator[None]:
    """Render a fragment that is cached and reused on its own: it carries the script itself when it has a
    deferred field, whatever the page around it has already added (the script runs once however often it is
    included)."""
    added = getattr(request, _SCRIPT_ADDED, False)
    setattr(request, _SCRIPT_ADDED, False)
    try:
        yield
    finally:
        setattr(request, _SCRIPT_ADDED, added or getattr(request, _SCRIPT_ADDED, False))


@register.simple_tag(takes_context=True)
def csrf_deferred(context) -> str:
    request = context.get("request")
    if request is None or settings.SESSION_COOKIE_NAME in request.COOKIES:
        token = get_token(request) if request is not None else context.get("csrf_token", "")
        return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
    field = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="" data-csrf-url="{}">', reverse("csrf_token")
    )
    if getattr(request, _SCRIPT_ADDED, False):
        return field
    setattr(request, _SCRIPT_ADDED, True)
    return format_html('{}<script src="{}" defer></script>', field, static("js/csrf.js"))
