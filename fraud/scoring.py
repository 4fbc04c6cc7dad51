"""Every risk signal, computed in one place from real data. ``signals_compute`` is the only entry point.

Score = the sum of the weights of the signals that fired. Each fired signal carries a detail in plain words
("4 failed payments from 203.0.113.7 in the last hour"): the merchant reads it in the review queue, the shopper
never does.

Query budget (independent of how much history there is): settings 1, weights 1, IP table 1, velocity 1 (one
aggregate over earlier assessments), unscreened payment failures 1, shopper history 2, normal basket 2.
"""

from __future__ import annotations

import datetime
import ipaddress
from dataclasses import asdict, dataclass

from disposable_email_domains import blocklist as DISPOSABLE_DOMAINS
from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone

from core.cache import pages_cache
from fraud import defaults
from fraud.client import ClientContext
from fraud.models import Decision, IPCountryRange, RiskAssessment, RiskSettings, RiskSignalWeight
from fraud.reasons import money_param
from orders.models import Order
from orders.states import PAID_STATUSES
from payments.models import Payment, PaymentState

AUTH_FAILURE_CODE = "payment_intent_authentication_failure"


@dataclass(frozen=True)
class CardFacts:
    """What the screening knows about the card: Stripe's fingerprint (same card, any token) or just the token."""

    key: str = ""
    is_fingerprint: bool = False
    country: str = ""  # the card's billing-address country when given, else its issuing country


@dataclass(frozen=True)
class FiredSignal:
    key: str
    weight: int
    params: dict  # rendered by ``fraud.reasons.signal_detail`` in the reader's language

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Screening:
    ip_country: str
    signals: list[FiredSignal]

    @property
    def score(self) -> int:
        return sum(signal.weight for signal in self.signals)


@dataclass(frozen=True)
class RiskConfig:
    settings: RiskSettings
    weights: dict[str, RiskSignalWeight]

    def active(self, key: str) -> RiskSignalWeight | None:
        weight = self.weights.get(key)
        return weight if weight is not None and weight.enabled else None

    def threshold(self, key: str) -> int:
        weight = self.weights.get(key)
        if weight is not None and weight.threshold is not None:
            return weight.threshold
        return defaults.SIGNAL_BY_KEY[key].threshold or 1


def risk_config_get() -> RiskConfig:
    """The merchant's settings and weights; built from the defaults when the rows are missing (never fails open)."""
    settings_row = RiskSettings.objects.filter(pk=1).first() or RiskSettings(pk=1)
    weights = {row.key: row for row in RiskSignalWeight.objects.all()}
    for default in defaults.SIGNAL_DEFAULTS:
        weights.setdefault(
            default.key,
            RiskSignalWeight(
                key=default.key, weight=default.weight, threshold=default.threshold, description=default.description
            ),
        )
    return RiskConfig(settings=settings_row, weights=weights)


def decision_for_score(*, score: int, config: RiskConfig) -> str:
    s = config.settings
    if score >= s.block_at:
        return Decision.BLOCK
    if score >= s.review_at:
        return Decision.REVIEW
    if score >= s.require_3ds_at:
        return Decision.REQUIRE_3DS
    return Decision.ALLOW


# --- IP geography (offline) ----------------------------------------------------------------------------------


def ip_country_lookup(ip: str | None) -> str:
    """The country of ``ip`` from the merchant's IP range table; "" when unknown, private or loopback.

    Offline on purpose: a real GeoIP database (e.g. a licensed MaxMind file) would go here; never a network call.
    """
    if not ip:
        return ""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ""
    best: tuple[int, str] | None = None
    for network, country in IPCountryRange.objects.values_list("network", "country"):
        try:
            net = ipaddress.ip_network(network, strict=False)
        except ValueError:
            continue
        if address.version == net.version and address in net and (best is None or net.prefixlen > best[0]):
            best = (net.prefixlen, country)
    if best is not None:
        return best[1]
    return ""


# --- The signals ---------------------------------------------------------------------------------------------


def _email_domain_is_disposable(email: str) -> str:
    domain = email.rpartition("@")[2].strip().lower().rstrip(".")
    parts = domain.split(".")
    # "x.mailinator.com" is as throwaway as "mailinator.com".
    for i in range(len(parts) - 1):
        candidate = ".".join(parts[i:])
        if candidate in DISPOSABLE_DOMAINS:
            return candidate
    return ""


def _address_key(line1: str, postal_code: str, country: str) -> tuple[str, str, str]:
    def norm(value: str) -> str:
        return "".join(ch for ch in value.lower() if ch.isalnum())

    return norm(line1), norm(postal_code), country.upper()


def _velocity(
    *, email: str, client: ClientContext, card: CardFacts, now: datetime.datetime
) -> dict[str, int]:
    """One aggregate query over earlier assessments in the last 24 hours, by email, IP, card and device.

    Plain SQL (portable: CASE inside SUM/COUNT DISTINCT): the same aggregate through the ORM spent most of the
    screening's time compiling twelve filtered counts.
    """
    ops = connection.ops
    a, p = RiskAssessment._meta.db_table, Payment._meta.db_table
    day_ago = ops.adapt_datetimefield_value(now - datetime.timedelta(hours=24))
    hour_ago = ops.adapt_datetimefield_value(now - datetime.timedelta(hours=1))
    never = ("1 = 0", [])
    by_email = ("a.email = %s", [email])
    by_ip = ("a.client_ip = %s", [client.ip]) if client.ip else never
    by_card = ("a.card_key = %s", [card.key]) if card.key else never
    by_device = ("a.device_id = %s", [client.device_id]) if client.device_id else never
    hour = ("a.created_at >= %s", [hour_ago])
    failed = ("(a.decision = %s OR p.state = %s)", [Decision.BLOCK.value, PaymentState.FAILED.value])
    auth_failed = ("p.last_error_code = %s", [AUTH_FAILURE_CODE])

    def both(*parts: tuple[str, list]) -> tuple[str, list]:
        return " AND ".join(f"({sql})" for sql, _params in parts), [x for _sql, params in parts for x in params]

    def either(*parts: tuple[str, list]) -> tuple[str, list]:
        return " OR ".join(f"({sql})" for sql, _params in parts), [x for _sql, params in parts for x in params]

    counts_sql: list[tuple[str, str, list]] = [
        ("email_attempts_1h", "SUM", both(by_email, hour)),
        ("email_failures_24h", "SUM", both(by_email, failed)),
        ("three_ds_failures_24h", "SUM", both(either(by_email, by_card), auth_failed)),
        ("ip_attempts_1h", "SUM", both(by_ip, hour)),
        ("ip_failures_1h", "SUM", both(by_ip, hour, failed)),
        ("card_failures_24h", "SUM", both(by_card, failed)),
        ("device_attempts_1h", "SUM", both(by_device, hour)),
        ("device_failures_24h", "SUM", both(by_device, failed)),
    ]
    columns, params = [], []
    for name, _fn, (cond, cond_params) in counts_sql:
        columns.append(f"COALESCE(SUM(CASE WHEN {cond} THEN 1 ELSE 0 END), 0) AS {name}")
        params += cond_params
    cond, cond_params = both(by_ip, hour, ("a.card_key <> ''", []))
    columns.append(f"COUNT(DISTINCT CASE WHEN {cond} THEN a.card_key END) AS ip_cards_1h")
    params += cond_params
    cond, cond_params = both(by_card, ("a.email <> %s", [email]))
    columns.append(f"COUNT(DISTINCT CASE WHEN {cond} THEN a.email END) AS card_other_emails_24h")
    params += cond_params
    where, where_params = either(by_email, by_ip, by_card, by_device)
    sql = (
        f"SELECT {', '.join(columns)} FROM {a} a LEFT OUTER JOIN {p} p ON p.id = a.payment_id "  # noqa: S608
        f"WHERE a.created_at >= %s AND ({where})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, day_ago, *where_params])
        row = cursor.fetchone()
    names = [name for name, _fn, _cond in counts_sql] + ["ip_cards_1h", "card_other_emails_24h"]
    counts = {name: int(value or 0) for name, value in zip(names, row, strict=True)}
    # Signals about an identifier the attempt does not have stay silent.
    for missing, keys in (
        (not client.ip, ("ip_attempts_1h", "ip_failures_1h", "ip_cards_1h")),
        (not card.key, ("card_failures_24h", "card_other_emails_24h")),
        (not client.device_id, ("device_attempts_1h", "device_failures_24h")),
    ):
        if missing:
            for key in keys:
                counts.pop(key)
    # Failures of payments that were never screened (SEPA, or attempts from before screening existed).
    unscreened = Payment.objects.filter(
        order__email__iexact=email,
        risk_assessment__isnull=True,
        state=PaymentState.FAILED,
        updated_at__gte=now - datetime.timedelta(hours=24),
    ).aggregate(
        failures=Count("id"),
        three_ds=Count("id", filter=Q(last_error_code=AUTH_FAILURE_CODE)),
    )
    counts["email_failures_24h"] += unscreened["failures"]
    counts["three_ds_failures_24h"] += unscreened["three_ds"]
    return counts


BASKET_CACHE_SECONDS = 15 * 60


def _basket_p90(*, order: Order, config: RiskConfig, now: datetime.datetime) -> int | None:
    """The 90th percentile of paid order totals (same currency, within the window), or None without enough orders.

    A shop-wide figure that moves slowly: cached for 15 minutes (it costs a sort of the window's paid orders).
    """
    window, minimum = config.settings.basket_window_days, config.settings.basket_min_orders
    cache_key = f"fraud:basket-p90:{order.currency}:{window}:{minimum}"
    cached = pages_cache.get(cache_key)
    if cached is not None:
        return cached or None
    paid = Order.objects.filter(
        currency=order.currency, status__in=PAID_STATUSES, placed_at__gte=now - datetime.timedelta(days=window)
    ).order_by("total_amount")
    count = paid.count()
    p90 = paid.values_list("total_amount", flat=True)[int(0.9 * (count - 1))] if count >= minimum else 0
    pages_cache.set(cache_key, p90, BASKET_CACHE_SECONDS)
    return p90 or None


def signals_compute(
    *, order: Order, client: ClientContext, card: CardFacts, config: RiskConfig | None = None,
    now: datetime.datetime | None = None,
) -> Screening:
    """Compute every enabled signal for one payment attempt on ``order``. Reads only; writes nothing."""
    config = config or risk_config_get()
    now = now or timezone.now()
    email = order.email.strip().lower()
    fired: list[FiredSignal] = []

    def fire(key: str, **params) -> None:
        weight = config.active(key)
        if weight is not None and weight.weight > 0:
            fired.append(FiredSignal(key=key, weight=weight.weight, params=params))

    # Velocity.
    counts = _velocity(email=email, client=client, card=card, now=now)
    limit = config.threshold
    velocity = [
        ("email_attempts_1h", email),
        ("email_failures_24h", email),
        ("ip_attempts_1h", client.ip),
        ("ip_failures_1h", client.ip),
        ("ip_cards_1h", client.ip),
        ("card_failures_24h", card.key),
        ("device_attempts_1h", ""),
        ("device_failures_24h", ""),
        ("three_ds_failures_24h", ""),
    ]
    for key, who in velocity:
        n = counts.get(key)
        if n is not None and n >= limit(key):
            fire(key, n=n, who=who)
    other_emails = counts.get("card_other_emails_24h")
    if other_emails is not None and other_emails + 1 >= limit("card_emails_24h"):
        fire("card_emails_24h", n=other_emails)

    # Geography.
    ip_country = ip_country_lookup(client.ip) if config.active("ip_shipping_country") or config.active(
        "new_country_for_account"
    ) else ""
    shipping = order.country.upper()
    if card.country and card.country.upper() != shipping:
        fire("billing_shipping_country", card=card.country.upper(), ship=shipping)
    if ip_country and ip_country != shipping:
        fire("ip_shipping_country", ip=client.ip, country=ip_country, ship=shipping)

    # Order value against the shop's normal basket.
    if config.active("basket_outlier"):
        p90 = _basket_p90(order=order, config=config, now=now)
        if p90 and order.total_amount * 100 > limit("basket_outlier") * p90:
            fire(
                "basket_outlier",
                total=money_param(order.total_amount, order.currency),
                p90=money_param(p90, order.currency),
            )

    # A new account with a high-value order.
    user = order.user
    high_value = order.total_amount >= config.settings.high_value_amount
    if user is not None and high_value:
        age = now - user.date_joined
        if age < datetime.timedelta(hours=limit("new_account_high_value")):
            fire(
                "new_account_high_value",
                hours=int(age.total_seconds() // 3600),
                total=money_param(order.total_amount, order.currency),
            )

    # Throwaway email.
    disposable = _email_domain_is_disposable(email)
    if disposable:
        fire("disposable_email", domain=disposable)

    # Account takeover pattern: a returning shopper, somewhere new.
    if config.active("new_address_for_account") or config.active("new_country_for_account"):
        # A signed-in shopper: their paid orders (by the indexed user column). A guest: paid orders reached
        # through earlier screenings with the same (normalised, indexed) email.
        if user is not None:
            shopper = Q(user=user)
            earlier = Order.objects.filter(user=user, status__in=PAID_STATUSES).exclude(pk=order.pk)
            previous = list(earlier.values_list("address_line1", "postal_code", "country")[:200])
        else:
            shopper = Q(email=email)
            earlier = RiskAssessment.objects.filter(email=email, order__status__in=PAID_STATUSES).exclude(
                order_id=order.pk
            )
            previous = list(
                earlier.values_list("order__address_line1", "order__postal_code", "order__country").distinct()[:200]
            )
        if previous:
            known_addresses = {_address_key(*row) for row in previous}
            if _address_key(order.address_line1, order.postal_code, order.country) not in known_addresses:
                fire("new_address_for_account", n=len(previous), address=order.address_line1, country=shipping)
            if ip_country:
                seen = {row[2].upper() for row in previous}
                seen |= set(
                    RiskAssessment.objects.filter(shopper)
                    .exclude(ip_country="")
                    .values_list("ip_country", flat=True)
                    .distinct()[:50]
                )
                if ip_country not in seen:
                    fire("new_country_for_account", country=ip_country, seen=", ".join(sorted(seen)))
    return Screening(ip_country=ip_country, signals=fired)


def stripe_outcome_signals(*, risk_level: str, config: RiskConfig | None = None) -> list[FiredSignal]:
    """Signals from Stripe's own evaluation (``charge.outcome.risk_level``), when the API gives one."""
    config = config or risk_config_get()
    key = {"elevated": "stripe_risk_elevated", "highest": "stripe_risk_highest"}.get((risk_level or "").lower())
    weight = config.active(key) if key else None
    if weight is None or weight.weight <= 0:
        return []
    return [FiredSignal(key=key, weight=weight.weight, params={"level": risk_level})]
