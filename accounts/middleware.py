"""Staff must use two-factor authentication for the admin [ASVS 6.3.3].

* Staff without an authenticator app are sent to set one up before any admin page.
* Staff with one must have passed it in this session: allauth's login flow asks for it; a session that
  started before TOTP was set up (or through a back door such as ``force_login``) is sent to re-authenticate
  with a code.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.receivers import MFA_SETUP_SESSION_KEY

ADMIN_VIEWS_WITHOUT_MFA = {"logout", "login"}


def session_passed_mfa(request: HttpRequest) -> bool:
    from allauth.account.authentication import get_authentication_records

    if request.session.get(MFA_SETUP_SESSION_KEY) == str(request.user.pk):
        return True
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def user_has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


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
        next_query = urlencode({"next": request.get_full_path()})
        if not user_has_totp(user):
            messages.warning(request, _("Staff accounts need two-factor authentication. Set up an authenticator app."))
            return HttpResponseRedirect(f"{reverse('mfa_activate_totp')}?{next_query}")
        if not session_passed_mfa(request):
            messages.info(request, _("Enter a code from your authenticator app to continue to the admin."))
            return HttpResponseRedirect(f"{reverse('mfa_reauthenticate')}?{next_query}")
        return None
