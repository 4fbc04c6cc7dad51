"""The badge registry: every trust claim is a function that checks live data and shows its evidence.

Each ``badge_<name>(*, request) -> BadgeResult`` reads the real state of the shop (settings, models, orders,
tickets, policies) and says whether the claim holds *right now*. A badge that fails says so; the trust centre
shows every badge, passing or not, with the facts behind it. Where a badge appears is one rule for all of them
(``trust.selectors.badge_strip``): no badge has its own exception.

Register a new badge with ``@badge("key", cached=True|False)``; ``trust.selectors`` evaluates and caches them.
"""

from __future__ import annotations

import datetime
import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlparse

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.selectors import staff_with_permission_count
from orders.delivery_dates import business_days_between
from orders.models import Order, OrderStatusChange
from orders.states import OrderStatus
from policies.facts import fact_keys
from returns.policy_facts import RETURN_WINDOW
from returns.selectors import REFUND_DAYS, returns_figures, returns_terms_in_force
from reviews.models import Review
from reviews.selectors import review_settings_get, reviews_with_verification
from support.selectors import support_settings_get, ticket_first_response_stats
from trust.models import TrustSettings


@dataclass
class BadgeResult:
    key: str
    title: str
    passed: bool
    state: str
    evidence: list[tuple[str, str]] = field(default_factory=list)
    computed_at: datetime.datetime = field(default_factory=timezone.now)
    evidence_url: str = ""
    evidence_link_text: str = ""

    @property
    def anchor(self) -> str:
        return f"badge-{self.key.replace('_', '-')}"


BadgeFunction = Callable[..., BadgeResult]


@dataclass(frozen=True)
class BadgeSpec:
    key: str
    function: BadgeFunction
    cached: bool
    # A badge that is not cached because it reads the request: what of the request (and settings) its result
    # depends on, so a cached page can be keyed on that instead of evaluating the badge (trust/page_cache.py).
    request_key: Callable[[HttpRequest], str] | None = None


REGISTRY: dict[str, BadgeSpec] = {}


def badge(
    key: str, *, cached: bool = True, request_key: Callable[[HttpRequest], str] | None = None
) -> Callable[[BadgeFunction], BadgeFunction]:
    def register(function: BadgeFunction) -> BadgeFunction:
        REGISTRY[key] = BadgeSpec(key=key, function=function, cached=cached, request_key=request_key)
        return function

    return register


# --- helpers -------------------------------------------------------------------------------------


def trust_settings_get() -> TrustSettings:
    """The merchant's promises; unsaved defaults until saved in the admin."""
    return TrustSettings.objects.order_by("pk").first() or TrustSettings()


def _reverse_or_blank(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _origin(url: str) -> str:
    parsed = urlparse(url)
    return f"{parsed.scheme}://{parsed.netloc}" if parsed.scheme and parsed.netloc else ""


def _percent(part: int, whole: int) -> int:
    """Rounded down, so a badge never claims more than was measured."""
    return (100 * part) // whole if whole else 0


def _hours(delta: datetime.timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return _("%(hours)s hours") % {"hours": formats.number_format(round(hours, 1), decimal_pos=1)}


def _date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT")


# --- 1. Secure connection (depends on the request: never cached) --------------------------------


def _secure_connection_depends_on(request: HttpRequest) -> str:
    return f"{request.is_secure()}:{getattr(settings, 'SECURE_HSTS_SECONDS', 0) or 0}"


@badge("secure_connection", cached=False, request_key=_secure_connection_depends_on)
def badge_secure_connection(*, request: HttpRequest | None) -> BadgeResult:
    secure = bool(request is not None and request.is_secure())
    hsts = getattr(settings, "SECURE_HSTS_SECONDS", 0) or 0
    evidence = [
        (_("This page was loaded over"), "HTTPS" if secure else "HTTP"),
        (_("Browsers told to always use HTTPS (HSTS)"),
         ngettext("%(days)d day", "%(days)d days", hsts // 86400) % {"days": hsts // 86400} if hsts else _("No")),
    ]
    return BadgeResult(
        key="secure_connection",
        title=_("Secure connection"),
        passed=secure,
        state=_("This page was loaded over HTTPS: what you send is encrypted.")
        if secure
        else _("This page was not loaded over HTTPS. Do not enter personal or payment details here."),
        evidence=evidence,
        evidence_url=_reverse_or_blank("policies:policy", "payment-security"),
        evidence_link_text=_("Payment security policy"),
    )


# --- 2. Card data handled only by Stripe ----------------------------------------------------------

CARD_FIELD_PATTERN = re.compile(
    r"(^|_)(card_?number|card_?no|cc_?number|pan|cvc2?|cvv2?|cvn|csc|card_?security_code|"
    r"expiry|expiry_date|exp_month|exp_year|expiration_date|card_?expiry|card_?exp)($|_)",
    re.IGNORECASE,
)


def card_data_fields_find(*, models=None) -> list[str]:
    """Every model field in the project whose name suggests it could hold card data (``app.Model.field``)."""
    found = []
    for model in models if models is not None else apps.get_models():
        for model_field in model._meta.get_fields():
            if not getattr(model_field, "concrete", False):
                continue
            names = {model_field.name, getattr(model_field, "column", "") or ""}
            if any(CARD_FIELD_PATTERN.search(name) for name in names if name):
                found.append(f"{model._meta.label}.{model_field.name}")
    return sorted(found)


@badge("card_data_stripe")
def badge_card_data_stripe(*, request: HttpRequest | None) -> BadgeResult:
    stripe_origin = _origin(getattr(settings, "STRIPE_JS_URL", ""))
    directives = getattr(settings, "CONTENT_SECURITY_POLICY", {}).get("DIRECTIVES", {})
    script_sources = list(directives.get("script-src", []))
    frame_sources = list(directives.get("frame-src", []))
    third_party_scripts = [s for s in script_sources if s not in {"'self'", stripe_origin}]
    card_fields = card_data_fields_find()
    live_stripe = stripe_origin == "https://js.stripe.com"

    problems = []
    if not stripe_origin:
        problems.append(_("No Stripe.js address is configured."))
    elif stripe_origin not in script_sources or stripe_origin not in frame_sources:
        problems.append(_("The content security policy does not limit card forms to Stripe's origin."))
    if third_party_scripts:
        problems.append(_("Scripts from other origins are allowed: %(origins)s") % {
            "origins": ", ".join(third_party_scripts)})
    if card_fields:
        problems.append(_("The database has fields that could hold card data: %(fields)s") % {
            "fields": ", ".join(card_fields)})
    passed = not problems
    evidence = [
        (_("Card form loaded from"), stripe_origin or _("not configured")),
        (_("Mode"), _("Stripe live service") if live_stripe else _("Test stand-in for Stripe (no real cards)")),
        (_("Scripts allowed on our pages from"), ", ".join(script_sources) or _("none listed")),
        (_("Frames (card fields) allowed from"), ", ".join(frame_sources) or _("none listed")),
        (_("Database fields that could hold a card number, expiry or CVC"),
         ", ".join(card_fields) if card_fields else _("none (all %(count)d models checked)") % {
             "count": len(apps.get_models())}),
    ]
    return BadgeResult(
        key="card_data_stripe",
        title=_("Card details handled only by Stripe"),
        passed=passed,
        state=_("Your card number, expiry date and security code go straight to Stripe; our servers never see "
                "or store them.") if passed else " ".join(problems),
        evidence=evidence,
        evidence_url=_reverse_or_blank("policies:policy", "payment-security"),
        evidence_link_text=_("Payment security policy"),
    )


# --- 3. 3-D Secure / strong customer authentication ------------------------------------------------


@badge("three_d_secure")
def badge_three_d_secure(*, request: HttpRequest | None) -> BadgeResult:
    trust = trust_settings_get()
    since = timezone.now() - datetime.timedelta(days=30)
    total = authenticated = 0
    measured = False
    try:
        Payment = apps.get_model("payments", "Payment")
        field_names = {f.name for f in Payment._meta.get_fields()}
    except LookupError:
        field_names = set()
    if {"authenticated_3ds", "method", "state", "created_at"} <= field_names:
        measured = True
        card_payments = Payment.objects.filter(method="card", state="succeeded", created_at__gte=since)
        total = card_payments.count()
        authenticated = card_payments.filter(authenticated_3ds=True).count()
    share = _percent(authenticated, total)
    passed = measured and total > 0 and share >= trust.sca_min_percent
    if not measured or total == 0:
        state = _("No card payments measured yet in the last 30 days, so we make no claim.")
    elif passed:
        state = _("%(share)d%% of card payments in the last 30 days were confirmed by the cardholder's bank "
                  "(3-D Secure).") % {"share": share}
    else:
        state = _("Only %(share)d%% of card payments in the last 30 days were confirmed with 3-D Secure "
                  "(our bar is %(min)d%%).") % {"share": share, "min": trust.sca_min_percent}
    return BadgeResult(
        key="three_d_secure",
        title=_("Card payments confirmed by your bank (3-D Secure)"),
        passed=passed,
        state=state,
        evidence=[
            (_("Successful card payments, last 30 days"), str(total)),
            (_("Confirmed with 3-D Secure"), str(authenticated)),
            (_("Share"), f"{share}%" if total else "—"),
            (_("Threshold"), f"{trust.sca_min_percent}%"),
        ],
        evidence_url=_reverse_or_blank("policies:policy", "payment-security"),
        evidence_link_text=_("Payment security policy"),
    )


# --- 4. Verified reviews ---------------------------------------------------------------------------


def _review_figures() -> tuple[int, int]:
    """(published, verified), with "verified" computed by the reviews app's own selector from order history.

    Counted with ``.filter(verified=True).count()`` rather than an aggregate over the annotation: the
    ``Count(filter=Q(verified=True))`` form returned 0 for verified reviews in our tests.
    """
    published = Review.objects.filter(status=Review.Status.PUBLISHED)
    threshold = review_settings_get().verification_threshold
    verified = reviews_with_verification(published, threshold=threshold).filter(verified=True).count()
    return published.count(), verified


@badge("verified_reviews")
def badge_verified_reviews(*, request: HttpRequest | None) -> BadgeResult:
    trust = trust_settings_get()
    published, verified = _review_figures()
    share = _percent(verified, published)
    passed = published > 0 and share >= trust.verified_reviews_min_percent
    if published == 0:
        state = _("No published reviews yet, so we make no claim about them.")
    elif passed:
        state = _("%(share)d%% of published reviews come from a customer whose order we can match.") % {
            "share": share}
    else:
        state = _("Only %(share)d%% of published reviews are from verified buyers (our bar is %(min)d%%).") % {
            "share": share, "min": trust.verified_reviews_min_percent}
    return BadgeResult(
        key="verified_reviews",
        title=_("Reviews from verified buyers"),
        passed=passed,
        state=state,
        evidence=[
            (_("Published reviews"), str(published)),
            (_("From a verified order"), str(verified)),
            (_("Share"), f"{share}%" if published else "—"),
            (_("Threshold"), f"{trust.verified_reviews_min_percent}%"),
        ],
        evidence_url=_reverse_or_blank("reviews:policy"),
        evidence_link_text=_("How we handle reviews"),
    )


# --- 5. Returns window -------------------------------------------------------------------------------


def _returns_figures_evidence(figures) -> list[tuple[str, str]]:
    median = figures.median_days_to_refund
    return [
        (_("Return requests, last %(days)d days") % {"days": figures.window_days}, str(figures.requests)),
        (_("Requests approved"),
         f"{figures.approved_percent}% ({figures.approved}/{figures.decided})" if figures.decided else "—"),
        (_("Refunded within the %(days)d days we promise after receiving the items") % {"days": REFUND_DAYS},
         f"{figures.on_time_percent}% ({figures.refunded_on_time}/{figures.refunded})" if figures.refunded else "—"),
        (_("Median time from items received to refund"),
         ngettext("%(days)s day", "%(days)s days", 1 if median == 1 else 2) % {"days": formats.number_format(median)}
         if median is not None else "—"),
    ]


# A claim that depends on staff work holds only while an active staff member can do that work (accounts/roles.py).
RETURNS_STAFF_PERMISSION = "returns.change_returnrequest"
SUPPORT_STAFF_PERMISSION = "support.change_ticket"


@badge("returns_window")
def badge_returns_window(*, request: HttpRequest | None) -> BadgeResult:
    """The window is the returns terms' (the data ``kind_last_day`` applies to orders), never a number read from
    the policy's prose; the policy must show it through its ``[[return_window]]`` block."""
    version, terms = returns_terms_in_force()
    days = terms.window_days if terms is not None else None
    shows_window = version is not None and RETURN_WINDOW.key in fact_keys(version.body_html)
    passed = terms is not None and shows_window
    figures = returns_figures(days=90)  # live: requests, approvals, refund times
    late_refunds = figures.refunded - figures.refunded_on_time
    evidence = [
        (_("Returns window of the terms in force"),
         ngettext("%(days)d day", "%(days)d days", days) % {"days": days} if days else _("none")),
    ]
    if version is None:
        state = _("No returns policy is in force, so we make no claim.")
    else:
        evidence += [
            (_("Returns policy in force"), _("version %(number)d, effective %(date)s") % {
                "number": version.number, "date": _date(version.effective_date)}),
            (_("Where the policy states it"),
             _("in its returns-window block, filled in from these terms") if shows_window
             else _("nowhere: the policy has no returns-window block")),
        ]
        if terms is None:
            state = _("The returns policy in force (version %(number)d) has no returns terms, so only the legal "
                      "withdrawal period applies and we claim no returns window.") % {"number": version.number}
        elif passed:
            state = _("You can return items within %(days)d days; the returns policy in force (version "
                      "%(number)d) states the same window, from the same terms.") % {
                "days": days, "number": version.number}
        else:
            state = _("The returns policy in force (version %(number)d) does not state its %(days)d-day window, "
                      "so we do not claim it.") % {"days": days, "number": version.number}
    evidence += _returns_figures_evidence(figures)
    handlers = staff_with_permission_count(perm=RETURNS_STAFF_PERMISSION)
    evidence.append((_("Staff who can handle returns"), str(handlers)))
    if passed and not handlers:
        passed = False
        state = _("No active staff member can handle returns right now, so we do not claim this.")
    if passed and late_refunds:
        passed = False
        state = ngettext(
            "%(late)d of %(count)d refunds in the last %(days)d days came later than the %(promise)d days we "
            "promise, so we do not claim this.",
            "%(late)d of %(count)d refunds in the last %(days)d days came later than the %(promise)d days we "
            "promise, so we do not claim this.",
            late_refunds,
        ) % {"late": late_refunds, "count": figures.refunded, "days": figures.window_days, "promise": REFUND_DAYS}
    return BadgeResult(
        key="returns_window",
        title=ngettext("%(days)d-day returns", "%(days)d-day returns", days) % {"days": days} if days
        else _("Returns window"),
        passed=passed,
        state=state,
        evidence=evidence,
        evidence_url=_reverse_or_blank("policies:policy", "returns"),
        evidence_link_text=_("Returns policy"),
    )


# --- 6. Delivery promise -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeliveryStats:
    delivered: int
    on_time: int
    median_business_days: float | None
    window_days: int
    with_own_promise: int  # orders measured against the delivery option's maximum shown at checkout


def delivery_stats(*, promised_days: int, window_days: int = 90, now: datetime.datetime | None = None) -> DeliveryStats:
    """Orders delivered in the last ``window_days``: business days from paid (or shipped) to delivered.

    Each order is measured against its own promise (the delivery option's maximum business days, snapshotted
    on the order at checkout) when it has one, else against ``promised_days``. Times come from the order
    timeline (``OrderStatusChange``), the one record every status move writes.
    """
    now = now or timezone.now()
    since = now - datetime.timedelta(days=window_days)
    delivered_rows = (
        OrderStatusChange.objects.filter(to_status=OrderStatus.DELIVERED, created_at__gte=since)
        .order_by("order_id", "created_at")
        .values_list("order_id", "created_at")
    )
    delivered_at: dict[int, datetime.datetime] = {}
    for order_id, created_at in delivered_rows:
        delivered_at.setdefault(order_id, created_at)
    start_rows = (
        OrderStatusChange.objects.filter(
            order_id__in=list(delivered_at), to_status__in=[OrderStatus.PAID, OrderStatus.SHIPPED]
        )
        .order_by("created_at")
        .values_list("order_id", "to_status", "created_at")
    )
    paid_at: dict[int, datetime.datetime] = {}
    shipped_at: dict[int, datetime.datetime] = {}
    for order_id, to_status, created_at in start_rows:
        (paid_at if to_status == OrderStatus.PAID else shipped_at).setdefault(order_id, created_at)
    own_promise: dict[int, int] = {}
    if "delivery_max_days" in {f.name for f in Order._meta.get_fields()}:
        own_promise = dict(
            Order.objects.filter(pk__in=list(delivered_at), delivery_max_days__gt=0).values_list(
                "pk", "delivery_max_days"
            )
        )
    durations = []
    on_time = 0
    for order_id, delivered in delivered_at.items():
        start = paid_at.get(order_id) or shipped_at.get(order_id)
        if start is None:
            continue
        taken = business_days_between(timezone.localdate(start), timezone.localdate(delivered))
        durations.append(taken)
        if taken <= own_promise.get(order_id, promised_days):
            on_time += 1
    return DeliveryStats(
        delivered=len(durations),
        on_time=on_time,
        median_business_days=statistics.median(durations) if durations else None,
        window_days=window_days,
        with_own_promise=sum(1 for order_id in own_promise if order_id in paid_at or order_id in shipped_at),
    )


@badge("delivery_promise")
def badge_delivery_promise(*, request: HttpRequest | None) -> BadgeResult:
    trust = trust_settings_get()
    stats = delivery_stats(promised_days=trust.promised_delivery_days)
    share = _percent(stats.on_time, stats.delivered)
    enough = stats.delivered >= trust.delivery_min_orders
    passed = enough and share >= trust.on_time_min_percent
    if not enough:
        state = _("Not enough data yet: %(count)d delivered orders in the last %(days)d days (we need "
                  "%(min)d before we make a claim).") % {
            "count": stats.delivered, "days": stats.window_days, "min": trust.delivery_min_orders}
    elif passed:
        state = _("%(share)d%% of orders arrived within the delivery time we promised for them.") % {"share": share}
    else:
        state = _("Only %(share)d%% of orders arrived within the delivery time we promised for them (our bar "
                  "is %(min)d%%).") % {"share": share, "min": trust.on_time_min_percent}
    median = stats.median_business_days
    return BadgeResult(
        key="delivery_promise",
        title=_("Delivered on time"),
        passed=passed,
        state=state,
        evidence=[
            (_("Promise"), _("the maximum business days of the delivery option chosen at checkout; "
                             "otherwise %(days)d business days") % {"days": trust.promised_delivery_days}),
            (_("Orders delivered, last %(days)d days") % {"days": stats.window_days}, str(stats.delivered)),
            (_("Measured against their delivery option"), str(stats.with_own_promise)),
            (_("Delivered within the promise"), str(stats.on_time)),
            (_("On-time share"), f"{share}%" if stats.delivered else "—"),
            (_("Median time from payment to delivery"),
             ngettext("%(days)s business day", "%(days)s business days", int(median or 0)) % {
                 "days": formats.number_format(median)} if median is not None else "—"),
            (_("Threshold"), f"{trust.on_time_min_percent}%"),
        ],
        evidence_url=_reverse_or_blank("policies:policy", "shipping"),
        evidence_link_text=_("Shipping and customs policy"),
    )


# --- 7. Support response time ----------------------------------------------------------------------------


@badge("support_response")
def badge_support_response(*, request: HttpRequest | None) -> BadgeResult:
    promised = support_settings_get().first_response_hours
    stats = ticket_first_response_stats(days=30, promised_hours=promised)
    passed = stats.median is not None and stats.median <= datetime.timedelta(hours=promised)
    agents = staff_with_permission_count(perm=SUPPORT_STAFF_PERMISSION)
    if not agents:
        passed = False
        state = _("No active staff member can answer support messages right now, so we do not claim this.")
    elif stats.median is None:
        state = _("No support messages measured in the last 30 days yet, so we make no claim.")
    elif passed:
        state = _("Half of all messages got a first answer within %(median)s; we promise %(promise)d hours.") % {
            "median": _hours(stats.median), "promise": promised}
    else:
        state = _("Our median first answer took %(median)s, longer than the %(promise)d hours we promise.") % {
            "median": _hours(stats.median), "promise": promised}
    return BadgeResult(
        key="support_response",
        title=_("Support answers within %(hours)d hours") % {"hours": promised},
        passed=passed,
        state=state,
        evidence=[
            (_("Promised first response"), _("%(hours)d hours") % {"hours": promised}),
            (_("Median first response, last 30 days"), _hours(stats.median) if stats.median is not None else "—"),
            (_("Messages answered"), str(stats.answered)),
            (_("Still waiting past the promise"), str(stats.waiting_past_promise)),
            (_("Staff who can answer"), str(agents)),
        ],
        evidence_url=_reverse_or_blank("support:contact"),
        evidence_link_text=_("Contact us"),
    )


# --- 8. Two-factor authentication for merchant accounts ----------------------------------------------------


@badge("staff_two_factor")
def badge_staff_two_factor(*, request: HttpRequest | None) -> BadgeResult:
    from allauth.mfa.models import Authenticator

    User = get_user_model()
    has_mfa = Authenticator.objects.filter(
        user_id=OuterRef("pk"), type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    )
    staff = User.objects.filter(is_active=True).filter(is_staff=True) | User.objects.filter(
        is_active=True, is_superuser=True
    )
    counts = staff.distinct().annotate(mfa=Exists(has_mfa))
    total = counts.count()
    with_mfa = counts.filter(mfa=True).count()
    without = total - with_mfa
    passed = total > 0 and without == 0
    if total == 0:
        state = _("No active merchant accounts to check.")
    elif passed:
        state = ngettext(
            "Our %(count)d staff account needs a second factor (an authenticator app) to sign in.",
            "All %(count)d of our staff accounts need a second factor (an authenticator app) to sign in.",
            total,
        ) % {"count": total}
    else:
        state = ngettext(
            "%(count)d staff account can sign in without a second factor, so we do not claim this.",
            "%(count)d staff accounts can sign in without a second factor, so we do not claim this.",
            without,
        ) % {"count": without}
    return BadgeResult(
        key="staff_two_factor",
        title=_("Two-factor sign-in for all staff"),
        passed=passed,
        state=state,
        evidence=[
            (_("Active staff accounts"), str(total)),
            (_("With an authenticator app"), str(with_mfa)),
            (_("Without"), str(without)),
        ],
        evidence_url=_reverse_or_blank("policies:policy", "payment-security"),
        evidence_link_text=_("Payment security policy"),
    )
