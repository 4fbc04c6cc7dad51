"""Delivery windows, the shopper's "ship to" country and the delivered price before checkout.

``delivery_estimate`` is the one function behind every delivery date the shop shows: product page, cart,
checkout, the order confirmation email and the order page (which show the window stored at placement).
``delivered_price_options`` prices each delivery option with ``checkout_quote``, the function that charges.
"""

from __future__ import annotations

import datetime
import logging
import zoneinfo
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.money import Money
from core.validators import single_line_clean
from payments.checkout_config import CheckoutConfig, checkout_config
from payments.models import DeliveryOption, Order, ShipmentDelay
from payments.pricing import Quote, checkout_quote
from payments.states import OrderStatus

logger = logging.getLogger(__name__)

SHIP_TO_SESSION_KEY = "ship_to"
DEFAULT_SHIP_TO = "NL"


def _business_days_after(day: datetime.date, count: int) -> datetime.date:
    """``count`` business days (Monday to Friday) after ``day``; 0 gives ``day`` itself."""
    while count > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def ship_date(*, option: DeliveryOption, now: datetime.datetime) -> datetime.date:
    """The day the parcel leaves: today if it is a business day before the cut-off (in the merchant's time
    zone), else the next business day. Public holidays are not modelled (weekends only)."""
    local = timezone.localtime(now, zoneinfo.ZoneInfo(option.cutoff_timezone))
    day = local.date()
    if day.weekday() < 5 and local.time() < option.cutoff_time:
        return day
    day += datetime.timedelta(days=1)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def delivery_estimate(*, option: DeliveryOption, now: datetime.datetime) -> tuple[datetime.date, datetime.date]:
    """The delivery window for an order placed at ``now``: ship date + the option's business-day range."""
    shipped = ship_date(option=option, now=now)
    return _business_days_after(shipped, option.min_days), _business_days_after(shipped, option.max_days)


# --- The shopper's destination country ---------------------------------------------------------------------


def ship_to_get(*, request: HttpRequest, config: CheckoutConfig | None = None) -> str:
    """The country the shopper picked (``?ship_to=CH`` remembers it in the session); a code we deliver to."""
    valid = set((config or checkout_config()).country_codes)
    raw = (request.GET.get("ship_to") or "").strip().upper()
    if raw in valid:
        if request.session.get(SHIP_TO_SESSION_KEY) != raw:
            request.session[SHIP_TO_SESSION_KEY] = raw
        return raw
    remembered = request.session.get(SHIP_TO_SESSION_KEY) or ""
    if remembered in valid:
        return remembered
    checkout = request.session.get("checkout") or {}
    if checkout.get("country") in valid:
        return checkout["country"]
    if DEFAULT_SHIP_TO in valid or not valid:
        return DEFAULT_SHIP_TO
    return sorted(valid)[0]


@dataclass(frozen=True)
class DeliveredOption:
    option: DeliveryOption
    quote: Quote  # the checkout quote before a payment method is chosen
    estimate_from: datetime.date
    estimate_to: datetime.date

    @property
    def delivered_price(self) -> Money:
        return self.quote.total


def delivered_price_options(
    *,
    items_total: Money,
    country: str,
    now: datetime.datetime | None = None,
) -> list[DeliveredOption]:
    """Every active option to ``country``: price, duties (DDP) or the on-delivery estimate (DAP) and the window,
    each priced by ``checkout_quote`` (no payment method yet: card and SEPA never add a fee)."""
    now = now or timezone.now()
    result = []
    for option in checkout_config().options_to(country):
        quote = checkout_quote(items_total=items_total, country=country, delivery_option=option, payment_method=None)
        start, end = delivery_estimate(option=option, now=now)
        result.append(DeliveredOption(option=option, quote=quote, estimate_from=start, estimate_to=end))
    return result


def delivery_panel_context(*, request: HttpRequest, items_total: Money, now: datetime.datetime | None = None) -> dict:
    """What the product page and the cart show: the country picker and, per option, the delivered price and
    window. No queries once ``checkout_config`` is cached."""
    from payments.forms import COUNTRY_NAMES, country_choices

    country = ship_to_get(request=request)
    countries = country_choices()
    return {
        "ship_to": country,
        "ship_to_name": str(COUNTRY_NAMES.get(country, country)),
        "ship_to_countries": countries,
        "delivered_options": delivered_price_options(items_total=items_total, country=country, now=now),
    }


# --- Delays ------------------------------------------------------------------------------------------------

S = OrderStatus
DELAYABLE_STATUSES = frozenset({S.PLACED, S.AWAITING_PAYMENT, S.HELD_FOR_REVIEW, S.PAID, S.SHIPPED})


def order_mark_delayed(
    *,
    order: Order,
    new_from: datetime.date,
    new_to: datetime.date,
    reason: str,
    actor: AbstractBaseUser | None,
    today: datetime.date | None = None,
) -> ShipmentDelay:
    """Record a new delivery window for an order not yet delivered and email the shopper after commit.

    The order's status does not change; the promised window does, and the delay is on the order's timeline.
    """
    today = today or timezone.localdate()
    reason = single_line_clean(reason, field="reason", label=_("Reason"), max_length=300)
    if not reason:
        raise ApplicationError(_("Tell the shopper why the delivery is late."), field="reason")
    if new_from > new_to:
        raise ApplicationError(_("The new window must end on or after its first day."), field="new_to")
    if new_from < today:
        raise ApplicationError(_("The new window cannot start in the past."), field="new_from")
    with transaction.atomic():
        locked = Order.objects.select_for_update().get(pk=order.pk)
        if locked.status not in DELAYABLE_STATUSES:
            raise ApplicationError(_("Only an order that is not yet delivered or cancelled can be delayed."))
        delay = ShipmentDelay(
            order=locked,
            previous_from=locked.delivery_estimate_from,
            previous_to=locked.delivery_estimate_to,
            new_from=new_from,
            new_to=new_to,
            reason=reason,
            actor=actor,
        )
        delay.full_clean()
        delay.save()
        locked.delivery_estimate_from, locked.delivery_estimate_to = new_from, new_to
        locked.save(update_fields=["delivery_estimate_from", "delivery_estimate_to", "updated_at"])
        order.delivery_estimate_from, order.delivery_estimate_to = new_from, new_to
        transaction.on_commit(lambda: _queue_delay_email(order_id=locked.pk))
    return delay


def _queue_delay_email(*, order_id: int) -> None:
    from payments.tasks import send_order_status_email

    try:
        send_order_status_email.enqueue(order_id, "delayed")
    except Exception:  # noqa: BLE001 - the delay is recorded; the email is side work
        logger.exception("Could not queue the delay email for order %s", order_id)
