from django.http import HttpRequest, JsonResponse
from django.middleware.csrf import get_token
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.security_headers import security_headers_add
from core.selectors import health_check


@never_cache
@require_GET
def healthz(request):
    checks = health_check()
    healthy = all(checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": {k: "ok" if v else "down" for k, v in checks.items()}},
        status=200 if healthy else 503,
    )


def bad_request(request, exception):
    """``handler400``: Django's 400 page, with the security headers even when the error came from the outermost
    middleware (see core/security_headers.py)."""
    return security_headers_add(request=request, response=defaults.bad_request(request, exception))


@never_cache
@require_GET
def csrf_token(request: HttpRequest) -> JsonResponse:
    """This visitor's CSRF token (and its cookie, set by ``CsrfViewMiddleware``) for a form on a page shared by
    every cookie-free visitor (``{% csrf_deferred %}``, static/js/csrf.js)."""
    return JsonResponse({"token": get_token(request)})
