"""Trustmark settings, read from the environment.

One module for every mode; ``TRUSTMARK_ENV`` picks the mode:

* ``dev`` (default): the local demo, SQLite, console email, localstripe.
* ``test``: what pytest uses (see ``pytest.ini``), fast hashing, locmem email.
* ``production``: refuses to start without real secrets; HTTPS-only cookies, HSTS, Redis cache.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured
from django.http.request import validate_host
from django.utils.translation import gettext_lazy as _

from config.csp import build_csp
from config.secret_key import secret_key_from_file

BASE_DIR = Path(__file__).resolve().parent.parent

ENV = os.environ.get("TRUSTMARK_ENV", "dev")
if ENV not in {"dev", "test", "production"}:
    raise ImproperlyConfigured(f"TRUSTMARK_ENV must be dev, test or production, not {ENV!r}")
PRODUCTION = ENV == "production"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# SECRET_KEY signs order links, password resets and sessions. Production: from the environment only. The demo:
# random, made on the first run in var/secret_key (config/secret_key.py), never in git. Tests: a fixed key.
TEST_SECRET_KEY = "trustmark-tests-only-secret-key-refused-outside-TRUSTMARK_ENV-test"  # noqa: S105
# Keys that are public (the test key, and the demo key this repository once held): production refuses them.
PUBLIC_SECRET_KEYS = {TEST_SECRET_KEY, "demo-insecure-trustmark-secret-key-do-not-use-in-production"}
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and ENV == "test":
    SECRET_KEY = TEST_SECRET_KEY
elif not SECRET_KEY and ENV == "dev":
    SECRET_KEY = secret_key_from_file(Path(os.environ.get("SECRET_KEY_FILE", BASE_DIR / "var" / "secret_key")))
if PRODUCTION and (SECRET_KEY in PUBLIC_SECRET_KEYS or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    raise ImproperlyConfigured("Production needs a strong SECRET_KEY (50+ characters) from the environment.")

DEBUG = env_bool("DEBUG", ENV == "dev")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Production needs ALLOWED_HOSTS.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Content per language (docs/languages.md): registers name_en/name_pl/name_nl... before the admin loads.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "core",
    "shop",
    "policies",
    "orders",
    "payments",
    "checkout",
    "reviews",
    "accounts",
    "support",
    "trust",
    "fraud",
    "returns",
    "prices",
    "chat",
    "backoffice",
    "demo",
]
# The demo mailbox (/devmail/): every email the shop sends, kept and shown. Never in production: there the app,
# its table and its pages do not exist.
DEVMAIL = not PRODUCTION
if DEVMAIL:
    INSTALLED_APPS.append("devmail")

MIDDLEWARE = [
    # The security headers first: an error response made by any middleware further in still gets them
    # (core/security_headers.py).
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Cache-Control: private, no-store on every personal page (all but anonymous visits to catalogue pages).
    "core.private_pages.PrivatePagesMiddleware",
    # Home, category and product pages for cookie-free visitors from the pages cache (core/page_cache.py).
    "core.page_cache.AnonymousPageCacheMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "core.cache.CacheUnavailableMiddleware",  # 503 "sign-in unavailable" when Redis is down
    # Staff need two-factor authentication, passed in this session, for every admin page.
    "accounts.middleware.StaffMFARequiredMiddleware",
    # A random device id cookie on checkout pages, one input of the fraud screening (fraud/client.py).
    "fraud.client.DeviceCookieMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
# HTTP goes to Django, WebSockets to the live chat's consumers (config/asgi.py, docs/chat.md).
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.shop_context",
                "shop.context_processors.cart",
            ],
        },
    },
]


def database_from_url(url: str) -> dict:
    """Parse ``postgres://user:pass@host:port/name`` or ``sqlite:///path`` into a DATABASES entry."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": unquote(parsed.path[1:]) or BASE_DIR / "db.sqlite3"}
    if parsed.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(f"Unsupported DATABASE_URL scheme {parsed.scheme!r}")
    options = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
    name = unquote(parsed.path[1:])
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
        "CONN_MAX_AGE": int(os.environ.get("CONN_MAX_AGE", "60")),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": options,
        "TEST": {"NAME": os.environ.get("TEST_DATABASE_NAME", f"test_{name}")},
    }


DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    if PRODUCTION:
        raise ImproperlyConfigured("Production needs DATABASE_URL (PostgreSQL).")
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "var" / "trustmark.sqlite3")),
            # SQLite waits instead of failing when the worker and the web process write at once.
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }

# Two caches (core/cache.py, docs/operations-cache.md). "default" holds security state only: allauth's rate limits
# and its TOTP re-use guard (allauth reads the default alias). "pages" holds everything cached for speed, under
# keys built from validated input; it may evict anything. Anonymous traffic must never evict security state, so
# the two never share a store: production needs a Redis for each (security: maxmemory-policy noeviction).
REDIS_URL = os.environ.get("REDIS_URL", "")  # security state
REDIS_PAGES_URL = os.environ.get("REDIS_PAGES_URL", "")  # pages and other speed-ups
if PRODUCTION and not REDIS_URL:
    # allauth's rate limits and the TOTP re-use guard only hold with a cache shared by every process.
    raise ImproperlyConfigured("Production needs REDIS_URL: rate limits depend on a shared cache.")
if PRODUCTION and not REDIS_PAGES_URL:
    raise ImproperlyConfigured("Production needs REDIS_PAGES_URL: a Redis for cached pages, apart from REDIS_URL.")
if REDIS_URL and REDIS_URL == REDIS_PAGES_URL:
    raise ImproperlyConfigured("REDIS_PAGES_URL must not be REDIS_URL: cached pages would evict security state.")
# The dev database cache is shared by the web process and the worker, unlike locmem; tests use locmem.
LOCAL_CACHE_BACKEND = (
    "django.core.cache.backends.db.DatabaseCache" if ENV == "dev" else "django.core.cache.backends.locmem.LocMemCache"
)
CACHES = {
    # Fails closed: without it, sign-in answers 503 rather than run without rate limits (core/cache.py).
    "default": {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": REDIS_URL, "OPTIONS": {"FAIL_CLOSED": True}}
    if REDIS_URL
    # Only allauth writes here (a few keys per sign-in attempt, expiring within minutes): never culled.
    else {"BACKEND": LOCAL_CACHE_BACKEND, "LOCATION": "trustmark_cache", "OPTIONS": {"MAX_ENTRIES": 1_000_000}},
    # Fails open: the shop keeps selling without it.
    "pages": {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": REDIS_PAGES_URL}
    if REDIS_PAGES_URL
    else {"BACKEND": LOCAL_CACHE_BACKEND, "LOCATION": "trustmark_pages_cache"},
}

# --- Live chat (Django Channels, docs/chat.md) -------------------------------------------------
# The channel layer carries chat messages between the ASGI server's workers: Redis (channels-redis), on
# CHAT_REDIS_URL or else REDIS_URL, under its own key prefix. Tests use the real Redis on 127.0.0.1 (their own
# database number and a prefix per test). Only the single-process demo without any Redis URL falls back to the
# in-memory layer, which cannot reach a second worker: production refuses to start without Redis (above).
CHAT_REDIS_URL = os.environ.get("CHAT_REDIS_URL", REDIS_URL or ("redis://127.0.0.1:6379/12" if ENV == "test" else ""))
CHANNEL_LAYERS = {
    "default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {"hosts": [CHAT_REDIS_URL], "prefix": os.environ.get("CHAT_CHANNEL_PREFIX", "trustmark-chat")},
    }
    if CHAT_REDIS_URL
    else {"BACKEND": "channels.layers.InMemoryChannelLayer"}
}
# A guest's link to their own conversation (a signed token in the widget) stops working after this many hours.
CHAT_TOKEN_MAX_AGE_HOURS = int(os.environ.get("CHAT_TOKEN_MAX_AGE_HOURS", "12"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# --- Languages -------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("pl", _("Polish")), ("nl", _("Dutch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Catalogue, delivery options, FAQ and policies hold a text per language (``<app>/translation.py``); an empty
# translation shows the English text (legal texts say so on the page).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "pl", "nl")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Amsterdam"

# --- Static and media ------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Email -----------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    {
        "test": "django.core.mail.backends.locmem.EmailBackend",
        "dev": "devmail.backend.EmailBackend",  # the demo mailbox at /devmail/
    }.get(ENV, "django.core.mail.backends.console.EmailBackend"),
)
if PRODUCTION and EMAIL_BACKEND.startswith("devmail."):
    raise ImproperlyConfigured("The demo mailbox (devmail) does not exist in production: set a real EMAIL_BACKEND.")
SHOP_EMAIL_DOMAIN = os.environ.get("SHOP_EMAIL_DOMAIN", "trustmark.example")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"Trustmark <orders@{SHOP_EMAIL_DOMAIN}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks (Django's task framework, database backend) ---------------------------
TASKS = {
    "default": {
        # Tests run tasks at once, in-process; the demo and production queue them for `db_worker`.
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if ENV == "test"
        else "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# --- Stripe ----------------------------------------------------------------------------------
# Defaults point at localstripe, started by `make demo` and by the tests; obviously fake test keys.
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "sk_test_trustmark_demo_not_a_real_key")
STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "pk_test_trustmark_demo_not_a_real_key")
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "http://127.0.0.1:8420")
STRIPE_JS_URL = os.environ.get("STRIPE_JS_URL", f"{STRIPE_API_BASE}/js.stripe.com/v3/")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "whsec_trustmark_demo_not_a_real_secret")
# `make loadtest` only: production settings against a localstripe on the loopback interface (plain http).
# Refused for any other host, so it cannot point a real deployment at an unencrypted Stripe.
LOCAL_STRIPE_ALLOWED = env_bool("TRUSTMARK_ALLOW_LOCAL_STRIPE", False) and urlparse(STRIPE_API_BASE).hostname in {
    "127.0.0.1",
    "localhost",
}
if PRODUCTION and (
    "demo" in STRIPE_SECRET_KEY
    or "demo" in STRIPE_WEBHOOK_SECRET
    or not (STRIPE_API_BASE.startswith("https://") or LOCAL_STRIPE_ALLOWED)
):
    raise ImproperlyConfigured("Production needs real STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET and an https API base.")

# --- Shop ------------------------------------------------------------------------------------
SHOP_NAME = "Trustmark"
SHOP_CURRENCY = "EUR"
DEMO_PORT = int(os.environ.get("DEMO_PORT", "8000"))
LOCALSTRIPE_PORT = int(os.environ.get("LOCALSTRIPE_PORT", "8420"))

# --- Payments --------------------------------------------------------------------------------
# Every absolute link (every email's, allauth's included, and structured data) starts with this, never with the
# request's Host header (core/absolute.py). Production: the shop's https origin, one of ALLOWED_HOSTS.
SHOP_BASE_URL = os.environ.get("SHOP_BASE_URL", f"http://127.0.0.1:{DEMO_PORT}").rstrip("/")
_shop_base = urlparse(SHOP_BASE_URL)
if (
    _shop_base.scheme not in {"http", "https"}
    or not _shop_base.hostname
    or _shop_base.path
    or _shop_base.query
    or _shop_base.fragment
    or _shop_base.username
    or _shop_base.password
):
    raise ImproperlyConfigured(f"SHOP_BASE_URL must be an origin like https://shop.example.com, not {SHOP_BASE_URL!r}")
if PRODUCTION and (_shop_base.scheme != "https" or not validate_host(_shop_base.hostname, ALLOWED_HOSTS)):
    raise ImproperlyConfigured(
        "Production needs SHOP_BASE_URL: the shop's https address (one of ALLOWED_HOSTS); email links start with it."
    )
# Where bank transfers go (demo values: a valid-format example IBAN, not a real account).
MERCHANT_BANK_ACCOUNT_NAME = os.environ.get("MERCHANT_BANK_ACCOUNT_NAME", "Trustmark B.V.")
MERCHANT_IBAN = os.environ.get("MERCHANT_IBAN", "NL91 ABNA 0417 1643 00")
MERCHANT_BIC = os.environ.get("MERCHANT_BIC", "ABNANL2A")
# Unpaid orders expire (cancelled, stock released) after this long. A bank-transfer order's items are held for
# OFFLINE_HOLD_HOURS and the shopper is told until when; the same window applies to an offline order waiting for
# the merchant's review (fraud screening "hold"). Cash-on-delivery orders, once confirmed, wait for shipping.
OFFLINE_HOLD_HOURS = int(os.environ.get("OFFLINE_HOLD_HOURS", "72"))
CARD_PAYMENT_WINDOW_MINUTES = int(os.environ.get("CARD_PAYMENT_WINDOW_MINUTES", "60"))
# Open unpaid orders paid by bank transfer, cash on delivery or SEPA Direct Debit (they hold stock for days) one
# shopper may have at a time, counted in the database per email address, per client IP and per browser (device
# cookie or session), and the items they may hold together.
UNPAID_ORDERS_MAX_PER_EMAIL = int(os.environ.get("UNPAID_ORDERS_MAX_PER_EMAIL", "3"))
UNPAID_ORDERS_MAX_PER_IP = int(os.environ.get("UNPAID_ORDERS_MAX_PER_IP", "3"))
UNPAID_ORDERS_MAX_PER_SESSION = int(os.environ.get("UNPAID_ORDERS_MAX_PER_SESSION", "3"))
UNPAID_UNITS_MAX = int(os.environ.get("UNPAID_UNITS_MAX", "20"))
# (task path, every N seconds): run by the periodic scheduler next to the task worker. Expiry runs every minute
# so a hold ends within a minute of the time the shopper was told.
PERIODIC_TASKS = [
    ("payments.tasks.reconcile_payments_task", 60),
    ("payments.tasks.expire_unpaid_orders_task", 60),
]

# --- Order links ----------------------------------------------------------------------------
# A signed order link (in every order and return email) works this many days after it was sent. 90 days cover
# the life of an order and its returns: delivery (up to ~2 weeks), the 14-day withdrawal period, 14 days to send
# the items back and 14 days for us to refund, with room to spare; every later email carries a fresh link, and an
# expired one opens a page that emails a new link to the order's address. A forwarded or leaked email stops
# working after this, and the admin's "Revoke order links" ends every link of an order at once.
ORDER_LINK_MAX_AGE_DAYS = int(os.environ.get("ORDER_LINK_MAX_AGE_DAYS", "90"))

# --- Accounts (django-allauth) ---------------------------------------------------------------
SITE_ID = 1
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory" if PRODUCTION else "optional"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# Builds every link in allauth's emails from SHOP_BASE_URL and refuses control characters in typed emails.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SHOP_NAME}] "  # allauth's default is the request's host name
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/m/key",
    "change_password": "5/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Trustmark"
USERSESSIONS_TRACK_ACTIVITY = True
# MFA_TOTP_INSECURE_BYPASS_CODE is deliberately never set (tests/security checks it): every code is real.
# Rate limits key on the client IP: behind N trusted reverse proxies, read it from X-Forwarded-For.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# The same count for the fraud screening's client IP (fraud/client.py): X-Forwarded-For is read from the right.
TRUSTED_PROXY_COUNT = ALLAUTH_TRUSTED_PROXY_COUNT

# --- Security headers ------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# Forms of shared catalogue pages sent without JavaScript get a second chance with a token (core/csrf.py).
CSRF_FAILURE_VIEW = "core.csrf.csrf_failure"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = build_csp(stripe_js_url=STRIPE_JS_URL, stripe_api_base=STRIPE_API_BASE)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO" if ENV != "test" else "WARNING")},
}
