"""The language switcher's endpoint: Django's ``set_language``, made to work from every language's pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.i18n import set_language as django_set_language

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def _page_language(next_url: str) -> str:
    return translation.get_language_from_path(urlsplit(next_url).path) or settings.LANGUAGE_CODE


def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the language and go to the same page in it (``next``: /nl/p/mug/ -> /p/mug/ for English).

    The footer's switcher is a GET form: the language is in the URL (/pl/, /nl/), so switching only redirects to
    the page's address in the other language. It changes nothing stored, needs no CSRF token and sets no cookie,
    so the pages that show it stay cookie-free for anonymous visitors (a shared cache in front may serve them).
    A POST (Django's own form, older pages) also stores the choice in the language cookie, through Django's view.

    Django's view finds the page by resolving ``next`` in the *active* language. /i18n/setlang/ sits outside
    i18n_patterns, so the active language there comes from the cookie or the browser, and a /nl/ or /pl/ page
    could not be resolved from an English browser: the shopper stayed on the old language. Resolving ``next`` in
    the language of its own prefix (English when unprefixed) fixes that; ``next`` and the language are validated.
    """
    if request.method != "POST":
        next_url = request.GET.get("next") or "/"
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = "/"
        language = request.GET.get("language") or ""
        if language in LANGUAGE_CODES:
            with translation.override(_page_language(next_url)):
                next_url = translate_url(next_url, language)
        return HttpResponseRedirect(next_url)
    next_url = request.POST.get("next") or request.META.get("HTTP_REFERER") or ""
    with translation.override(_page_language(next_url)):
        return django_set_language(request)
