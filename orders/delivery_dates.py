"""Delivery dates: when a parcel leaves and the window it arrives in, counted in business days.

``delivery_estimate`` is the one function behind every delivery date the shop shows: product page, cart,
checkout, the order confirmation email and the order page (which show the window stored at placement).
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.utils import timezone

from orders.models import DeliveryOption


def is_business_day(day: datetime.date) -> bool:
    """Monday to Friday (public holidays are not modelled)."""
    return day.weekday() < 5


def business_days_between(start: datetime.date, end: datetime.date) -> int:
    """Business days after ``start`` up to and including ``end``; 0 when ``end`` is not after ``start``."""
    days = 0
    current = start
    while current < end:
        current += datetime.timedelta(days=1)
        days += is_business_day(current)
    return days


def business_days_after(day: datetime.date, count: int) -> datetime.date:
    """``count`` business days (Monday to Friday) after ``day``; 0 gives ``day`` itself."""
    while count > 0:
        day += datetime.timedelta(days=1)
        if is_business_day(day):
            count -= 1
    return day


def ship_date(*, option: DeliveryOption, now: datetime.datetime) -> datetime.date:
    """The day the parcel leaves: today if it is a business day before the cut-off (in the merchant's time
    zone), else the next business day. Public holidays are not modelled (weekends only)."""
    local = timezone.localtime(now, zoneinfo.ZoneInfo(option.cutoff_timezone))
    day = local.date()
    if is_business_day(day) and local.time() < option.cutoff_time:
        return day
    day += datetime.timedelta(days=1)
    while not is_business_day(day):
        day += datetime.timedelta(days=1)
    return day


def delivery_estimate(*, option: DeliveryOption, now: datetime.datetime) -> tuple[datetime.date, datetime.date]:
    """The delivery window for an order placed at ``now``: ship date + the option's business-day range."""
    shipped = ship_date(option=option, now=now)
    return business_days_after(shipped, option.min_days), business_days_after(shipped, option.max_days)
