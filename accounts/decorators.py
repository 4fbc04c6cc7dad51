"""``staff_mfa_required``: the admin's bar (staff, two-factor passed in this session, a model permission) for the
staff-only pages that live outside ``/admin/``.

Every staff-only view outside the admin must use it: ``tests/security/test_staff_views.py`` finds the decorated
views through the URL conf (the ``staff_permission`` attribute set here) and fails on a view module that checks
staff status by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.mfa import staff_mfa_redirect


def staff_mfa_required(*, perm: str) -> Callable:
    """Anonymous -> the sign-in page; not staff -> 403; staff without an authenticator app -> set one up; staff
    whose session has not passed the code -> enter one; staff without ``perm`` -> 403. Then the view runs."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path(), login_url=reverse("account_login"))
            if not user.is_staff:
                raise PermissionDenied
            response = staff_mfa_redirect(
                request, code_message=_("Enter a code from your authenticator app to continue.")
            )
            if response is not None:
                return response
            if not user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.staff_permission = perm  # read by the test that lists every staff-only URL
        return wrapper

    return decorator
