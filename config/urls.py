from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from core.i18n_views import set_language
from core.views import csrf_token, healthz

# A 400 can come from the outermost middleware (a Host that is not allowed): this one adds the security headers.
handler400 = "core.views.bad_request"

# The admin signs in through allauth: the same rate limits and two-factor step as the shop's sign-in.
admin.site.login = secure_admin_login(admin.site.login)

# Language-neutral endpoints: machines call these.
urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("csrf/", csrf_token, name="csrf_token"),  # a form's token on a shared catalogue page (core/views.py)
    path("i18n/setlang/", set_language, name="set_language"),
    path("webhooks/", include("payments.webhook_urls")),
]

# Shopper-facing pages: English at /, Polish at /pl/, Dutch at /nl/.
urlpatterns += i18n_patterns(
    # The catalogue first: its addresses overlap no other app's, and Django tries patterns in order, so home,
    # category and product pages resolve without first failing through every other app's list (issue 20).
    path("", include("shop.urls")),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("account/", include("accounts.urls")),
    path("reviews/", include("reviews.urls")),
    path("support/", include("support.urls")),
    path("chat/", include("chat.urls")),
    path("trust/", include("trust.urls")),
    path("policies/", include("policies.urls")),
    path("", include("backoffice.urls")),
    path("", include("returns.urls")),
    path("", include("checkout.urls")),
    path("", include("checkout.order_urls")),
    prefix_default_language=False,
)

if settings.DEVMAIL:  # the demo mailbox: dev and test only, absent from production
    urlpatterns += [path("devmail/", include("devmail.urls"))]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
