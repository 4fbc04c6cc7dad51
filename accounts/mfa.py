"""The staff two-factor bar [ASVS 6.3.3], shared by the admin (``accounts.middleware``) and every staff-only page
outside it (``accounts.decorators.staff_mfa_required``).

* Staff without an authenticator app are sent to set one up.
* Staff with one must have passed it in this session: allauth's login flow asks for it; a session that started
  before TOTP was set up (or through a back door such as ``force_login``) is sent to re-authenticate with a code.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.receivers import MFA_SETUP_SESSION_KEY


def session_passed_mfa(request: HttpRequest) -> bool:
    from allauth.account.authentication import get_authentication_records

    if request.session.get(MFA_SETUP_SESSION_KEY) == str(request.user.pk):
        return True
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def user_has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def staff_mfa_redirect(request: HttpRequest, *, code_message: str) -> HttpResponse | None:
    """``None`` when the signed-in staff member passed two-factor in this session; else where they must go first.

    ``code_message`` is shown when only the code is missing (it names where the code leads).
    """
    next_query = urlencode({"next": request.get_full_path()})
    if not user_has_totp(request.user):
        messages.warning(request, _("Staff accounts need two-factor authentication. Set up an authenticator app."))
        return HttpResponseRedirect(f"{reverse('mfa_activate_totp')}?{next_query}")
    if not session_passed_mfa(request):
        messages.info(request, code_message)
        return HttpResponseRedirect(f"{reverse('mfa_reauthenticate')}?{next_query}")
    return None
