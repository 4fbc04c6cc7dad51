"""Staff must use two-factor authentication for the admin [ASVS 6.3.3] (the rules: ``accounts.mfa``).

Staff-only pages outside the admin use ``accounts.decorators.staff_mfa_required``, which applies the same bar.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from accounts.mfa import staff_mfa_redirect

ADMIN_VIEWS_WITHOUT_MFA = {"logout", "login"}


class StaffMFARequiredMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or "admin" not in match.namespaces or match.url_name in ADMIN_VIEWS_WITHOUT_MFA:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_staff:
            return None  # the admin's own login (allauth's, see config/urls.py) deals with these
        return staff_mfa_redirect(
            request, code_message=_("Enter a code from your authenticator app to continue to the admin.")
        )
