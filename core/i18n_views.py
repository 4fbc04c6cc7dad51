"""The language switcher's endpoint: Django's ``set_language``, made to work from every language's pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.i18n import set_language as django_set_language


def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the language and go to the same page in it (``next``: /nl/p/mug/ -> /p/mug/ for English).

    Django's view finds the page by resolving ``next`` in the *active* language. /i18n/setlang/ sits outside
    i18n_patterns, so the active language there comes from the cookie or the browser, and a /nl/ or /pl/ page
    could not be resolved from an English browser: the shopper stayed on the old language. Resolving ``next`` in
    the language of its own prefix (English when unprefixed) fixes that; Django still validates ``next`` and the
    language code.
    """
    next_url = request.POST.get("next") or request.META.get("HTTP_REFERER") or ""
    page_language = translation.get_language_from_path(urlsplit(next_url).path) or settings.LANGUAGE_CODE
    with translation.override(page_language):
        return django_set_language(request)
