"""The delivery and payment facts a policy may show (``policies.facts``), read from the rows checkout charges by.

- ``[[delivery_table]]``: every zone's active options: destinations, carrier/option, business days, price,
  free-delivery threshold (``DeliveryZone.free_delivery_from_amount``), cut-off time.
- ``[[cutoff_time]]``: the order cut-off time(s) of the active options, e.g. "14:00 (Europe/Amsterdam)".
- ``[[payment_fees]]``: every offered payment method's fee to the shopper, how a refund reaches them and how
  long it takes (``PaymentMethodFee``).
- ``[[bank_details]]``: the account bank transfers go to (``settings.MERCHANT_*``, the one the order page shows).

A save or delete of a zone, option or fee republishes the policies that show them (``policies.facts``); the
bank details come from settings, so ``manage.py policy_facts_refresh`` picks up a change after a deploy.
Registered by ``CheckoutConfig.ready()``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from checkout.forms import COUNTRY_NAMES
from checkout.models import PaymentMethodFee
from core.formatting import format_money
from core.money import Money
from orders.methods import method_spec
from orders.models import DeliveryOption, DeliveryZone, PaymentMethod
from policies.facts import FactData, PolicyFact

# --- helpers ---------------------------------------------------------------------------------------------------


def _money(amount: int | None, currency: str) -> str:
    return format_money(Money(amount, currency)) if amount is not None else "—"


def _destination(zone: FactData) -> str:
    names = [str(COUNTRY_NAMES.get(code, code)) for code in zone["countries"]]
    return (
        ", ".join(names)
        if len(names) <= 3
        else _("%(zone)s (%(count)d countries)") % {"zone": _name(zone), "count": len(names)}
    )


def _days(option: FactData) -> str:
    low, high = option["min_days"], option["max_days"]
    if low == high:
        return ngettext("%(days)d business day", "%(days)d business days", high) % {"days": high}
    return _("%(min)d–%(max)d business days") % {"min": low, "max": high}


def _free_from(zone: FactData) -> str:
    if zone["free_from"] is None:
        return _("no free delivery")
    return _("free from %(amount)s") % {"amount": _money(zone["free_from"], zone["currency"])}


def _names(obj) -> dict[str, str]:
    """A zone's or option's name in each language (empty translations fall back to English when shown)."""
    return {code: getattr(obj, f"name_{code}", None) or "" for code, _label in settings.LANGUAGES}


def _name(entry: FactData) -> str:
    """The name in the active language: the snapshot's translation, else its English ``name``."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return (entry.get("names") or {}).get(language) or entry["name"]


def _cutoff(option: FactData) -> str:
    return f"{option['cutoff']} ({option['timezone']})"


# --- [[delivery_table]] ------------------------------------------------------------------------------------------


def delivery_table_collect() -> FactData:
    zones: dict[int, dict] = {}
    for option in (
        DeliveryOption.objects.filter(active=True)
        .select_related("zone")
        .order_by("zone__name", "position", "price_amount")
    ):
        zone = option.zone
        entry = zones.setdefault(
            zone.pk,
            {
                "name": zone.name_en or zone.name,
                "names": _names(zone),
                "countries": zone.country_codes,
                "currency": option.currency,
                "free_from": zone.free_delivery_from_amount,
                "options": [],
            },
        )
        entry["options"].append(
            {
                "name": option.name_en or option.name,
                "names": _names(option),
                "price": option.price_amount,
                "currency": option.currency,
                "min_days": option.min_days,
                "max_days": option.max_days,
                "cutoff": option.cutoff_time.strftime("%H:%M"),
                "timezone": option.cutoff_timezone,
            }
        )
    return list(zones.values())


def delivery_table_render(data: FactData) -> str:
    rows = []
    for zone in data:
        for option in zone["options"]:
            rows.append(
                (
                    _destination(zone),
                    _name(option),
                    _days(option),
                    _money(option["price"], option["currency"]),
                    _free_from(zone),
                    _cutoff(option),
                )
            )
    if not rows:
        return format_html("<p>{}</p>", _("We do not deliver anywhere at the moment."))
    body = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows)
    return format_html(
        '<table><caption>{}</caption><thead><tr><th scope="col">{}</th><th scope="col">{}</th>'
        '<th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr>'
        "</thead><tbody>{}</tbody></table>",
        _("Delivery times and costs"),
        _("Destination"),
        _("Option"),
        _("Delivery time"),
        _("Cost"),
        _("Free delivery"),
        _("Order before"),
        body,
    )


def delivery_table_summarise(old: FactData, new: FactData) -> list[str]:
    lines: list[str] = []
    old_zones = {zone["name"]: zone for zone in old}
    new_zones = {zone["name"]: zone for zone in new}
    for name, zone in new_zones.items():
        before = old_zones.get(name)
        where = _destination(zone)
        if before is None:
            lines.append(_("Delivery to %(where)s added") % {"where": where})
            continue
        if before["free_from"] != zone["free_from"]:
            lines.append(
                _("Free delivery to %(where)s: %(old)s -> %(new)s")
                % {"where": where, "old": _free_from(before), "new": _free_from(zone)}
            )
        old_options = {option["name"]: option for option in before["options"]}
        for option in zone["options"]:
            was = old_options.pop(option["name"], None)
            label = _("Delivery to %(where)s (%(option)s)") % {"where": where, "option": _name(option)}
            if was is None:
                lines.append(
                    _("%(label)s added: %(price)s")
                    % {"label": label, "price": _money(option["price"], option["currency"])}
                )
                continue
            if (was["price"], was["currency"]) != (option["price"], option["currency"]):
                lines.append(
                    f"{label}: {_money(was['price'], was['currency'])} -> {_money(option['price'], option['currency'])}"
                )
            if (was["min_days"], was["max_days"]) != (option["min_days"], option["max_days"]):
                lines.append(f"{label}: {_days(was)} -> {_days(option)}")
            if (was["cutoff"], was["timezone"]) != (option["cutoff"], option["timezone"]):
                lines.append(
                    _("%(label)s, order before: %(old)s -> %(new)s")
                    % {"label": label, "old": _cutoff(was), "new": _cutoff(option)}
                )
        lines.extend(
            _("Delivery to %(where)s (%(option)s) withdrawn") % {"where": where, "option": option}
            for option in old_options
        )
    lines.extend(
        _("Delivery to %(where)s withdrawn") % {"where": _destination(zone)}
        for name, zone in old_zones.items()
        if name not in new_zones
    )
    return lines


DELIVERY_TABLE = PolicyFact(
    key="delivery_table",
    label=gettext_lazy("the delivery zones, options, prices, times, free-delivery thresholds and cut-off times"),
    collect=delivery_table_collect,
    render=delivery_table_render,
    summarise=delivery_table_summarise,
    senders=(DeliveryZone, DeliveryOption),
)


# --- [[cutoff_time]] --------------------------------------------------------------------------------------------


def cutoff_collect() -> FactData:
    """The distinct [time, time zone] pairs of the active options, e.g. [["14:00", "Europe/Amsterdam"]]."""
    pairs = DeliveryOption.objects.filter(active=True).values_list("cutoff_time", "cutoff_timezone").distinct()
    return [list(pair) for pair in sorted({(time.strftime("%H:%M"), zone) for time, zone in pairs})]


def cutoff_text(data: FactData) -> str:
    return ", ".join(f"{time} ({zone})" for time, zone in data) or "—"


CUTOFF_TIME = PolicyFact(
    key="cutoff_time",
    label=gettext_lazy("the order cut-off time of the delivery options"),
    collect=cutoff_collect,
    render=lambda data: format_html('<strong class="policy-fact">{}</strong>', cutoff_text(data)),
    summarise=lambda old, new: [
        _("Order cut-off: %(old)s -> %(new)s") % {"old": cutoff_text(old), "new": cutoff_text(new)}
    ],
    senders=(DeliveryOption,),
)


# --- [[payment_fees]] -------------------------------------------------------------------------------------------


def _fee_text(fee: FactData) -> str:
    fixed, percent = fee["fixed"], Decimal(fee["percent"])
    parts = []
    if fixed:
        parts.append(_money(fixed, fee["currency"]))
    if percent:
        parts.append(f"{percent.normalize()} %")
    return " + ".join(parts) if parts else _("no fee")


def _method(fee: FactData) -> str:
    return str(PaymentMethod(fee["method"]).label) if fee["method"] in PaymentMethod.values else fee["method"]


def payment_fees_collect() -> FactData:
    """The fees, and the merchant's own refund texts only: an empty one means the method registry's text, which
    is rendered at display time in the reader's language (never stored in one language)."""
    return [
        {
            "method": fee.method,
            "fixed": fee.shopper_fee_fixed,
            "currency": settings.SHOP_CURRENCY,
            "percent": str(fee.shopper_fee_percent),
            "refund_route": fee.refund_route,
            "refund_time": fee.refund_time,
        }
        for fee in PaymentMethodFee.objects.filter(active=True).order_by("position", "method")
    ]


def _registry_text(fee: FactData, key: str) -> str:
    """The merchant's text if the snapshot has one, else the registry's in the active language."""
    if fee.get(key):
        return fee[key]
    try:
        return str(getattr(method_spec(fee["method"]), key))
    except (KeyError, LookupError, AttributeError):
        return ""


def payment_fees_render(data: FactData) -> str:
    rows = [
        (_method(fee), _fee_text(fee), _registry_text(fee, "refund_route"), _registry_text(fee, "refund_time"))
        for fee in data
    ]
    body = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows)
    return format_html(
        '<table><caption>{}</caption><thead><tr><th scope="col">{}</th><th scope="col">{}</th>'
        '<th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
        _("Payment methods and their fees"),
        _("Method"),
        _("Fee to you"),
        _("How a refund reaches you"),
        _("How long a refund takes"),
        body,
    )


def payment_fees_summarise(old: FactData, new: FactData) -> list[str]:
    before = {fee["method"]: fee for fee in old}
    lines = []
    for fee in new:
        was = before.pop(fee["method"], None)
        if was is None:
            lines.append(_("Payment by %(method)s added: %(fee)s") % {"method": _method(fee), "fee": _fee_text(fee)})
        elif _fee_text(was) != _fee_text(fee):
            lines.append(
                _("Payment fee for %(method)s: %(old)s -> %(new)s")
                % {"method": _method(fee), "old": _fee_text(was), "new": _fee_text(fee)}
            )
        elif was != fee:
            lines.append(
                _("Refunds for %(method)s: %(old)s -> %(new)s")
                % {"method": _method(fee), "old": was["refund_time"], "new": fee["refund_time"]}
            )
    lines.extend(_("Payment by %(method)s withdrawn") % {"method": _method(fee)} for fee in before.values())
    return lines


PAYMENT_FEES = PolicyFact(
    key="payment_fees",
    label=gettext_lazy("the payment methods offered, their fees and refund times"),
    collect=payment_fees_collect,
    render=payment_fees_render,
    summarise=payment_fees_summarise,
    senders=(PaymentMethodFee,),
)


# --- [[bank_details]] -------------------------------------------------------------------------------------------


def bank_details_collect() -> FactData:
    return {
        "name": settings.MERCHANT_BANK_ACCOUNT_NAME,
        "iban": settings.MERCHANT_IBAN,
        "bic": settings.MERCHANT_BIC,
    }


BANK_DETAILS = PolicyFact(
    key="bank_details",
    label=gettext_lazy("the bank account bank transfers go to"),
    collect=bank_details_collect,
    render=lambda data: format_html(
        "<dl><dt>{}</dt><dd>{}</dd><dt>{}</dt><dd><code>{}</code></dd><dt>{}</dt><dd><code>{}</code></dd></dl>",
        _("Account holder"),
        data["name"],
        _("IBAN"),
        data["iban"],
        _("BIC"),
        data["bic"],
    ),
    summarise=lambda old, new: [
        _("Bank account: %(old)s -> %(new)s")
        % {"old": f"{old['name']}, {old['iban']}", "new": f"{new['name']}, {new['iban']}"}
    ],
)

CHECKOUT_FACTS = (DELIVERY_TABLE, CUTOFF_TIME, PAYMENT_FEES, BANK_DETAILS)
