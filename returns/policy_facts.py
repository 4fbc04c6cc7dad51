"""The returns facts a policy may show (``policies.facts``), from the data the returns feature itself uses.

- ``[[return_window]]``: the window of the returns terms in force (``ReturnsTerms.window_days``, what
  ``kind_last_day`` allows an order), e.g. "30 days".
- ``[[withdrawal_period]]``: the legal withdrawal period the returns pages count (``WITHDRAWAL_DAYS``).
- ``[[refund_time]]``: the days we take to refund (``REFUND_DAYS``, each request's ``refund_by``).

Registered by ``ReturnsConfig.ready()``; the returns terms of every new returns-policy version are carried
over by ``returns_terms_carry_over`` (a ``policy_published_hook``), so each version has the terms it shows.
"""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from policies.facts import FactData, PolicyFact
from returns.models import ReturnsTerms
from returns.selectors import REFUND_DAYS, WITHDRAWAL_DAYS, returns_terms_latest


def _days(days: int | None) -> str:
    if days is None:
        return _("no returns window beyond the legal withdrawal period")
    return ngettext("%(days)d day", "%(days)d days", days) % {"days": days}


def _render_days(data: FactData) -> str:
    return format_html('<strong class="policy-fact">{}</strong>', _days(data["days"]))


def _summary(label: str):
    def summarise(old: FactData, new: FactData) -> list[str]:
        return [f"{label()}: {_days(old['days'])} -> {_days(new['days'])}"]

    return summarise


def _return_window() -> FactData:
    terms = returns_terms_latest()
    return {"days": terms.window_days if terms else None}


RETURN_WINDOW = PolicyFact(
    key="return_window",
    label=gettext_lazy("the returns window of the returns terms in force"),
    collect=_return_window,
    render=_render_days,
    summarise=_summary(lambda: _("Returns window")),
    senders=(ReturnsTerms,),
)
WITHDRAWAL_PERIOD = PolicyFact(
    key="withdrawal_period",
    label=gettext_lazy("the legal withdrawal period"),
    collect=lambda: {"days": WITHDRAWAL_DAYS},
    render=_render_days,
    summarise=_summary(lambda: _("Withdrawal period")),
)
REFUND_TIME = PolicyFact(
    key="refund_time",
    label=gettext_lazy("the days we take to refund"),
    collect=lambda: {"days": REFUND_DAYS},
    render=_render_days,
    summarise=_summary(lambda: _("Time to refund")),
)
RETURNS_FACTS = (RETURN_WINDOW, WITHDRAWAL_PERIOD, REFUND_TIME)
