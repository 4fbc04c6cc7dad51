"""Delivery windows: business days from the ship date, which respects the merchant's cut-off and weekends."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest

from orders.delivery_dates import delivery_estimate, ship_date
from orders.models import DeliveryOption, DeliveryZone

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")


def option(min_days: int, max_days: int, cutoff=datetime.time(14, 0)) -> DeliveryOption:
    zone = DeliveryZone(name="Z", countries="NL")
    return DeliveryOption(zone=zone, name="S", price_amount=0, min_days=min_days, max_days=max_days, cutoff_time=cutoff)


def at(day: str, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=AMS)


# 2026-11-20 is a Friday, 21 Saturday, 23 Monday.
@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (at("2026-11-18", 9), ("2026-11-19", "2026-11-20")),  # Wednesday before cut-off: ships Wednesday
        (at("2026-11-18", 14, 0), ("2026-11-20", "2026-11-23")),  # at the cut-off: ships Thursday
        (at("2026-11-20", 13, 59), ("2026-11-23", "2026-11-24")),  # Friday before cut-off: lands Mon-Tue
        (at("2026-11-20", 15), ("2026-11-24", "2026-11-25")),  # Friday after: ships Monday, lands Tue-Wed
        (at("2026-11-21", 9), ("2026-11-24", "2026-11-25")),  # Saturday: ships Monday
        (at("2026-11-22", 23), ("2026-11-24", "2026-11-25")),  # Sunday night: ships Monday
    ],
)
def test_window_respects_cutoff_and_weekends(now, expected):
    start, end = delivery_estimate(option=option(1, 2), now=now)
    assert (start.isoformat(), end.isoformat()) == expected
    assert start.weekday() < 5 and end.weekday() < 5


def test_cutoff_is_read_in_the_merchants_time_zone_not_utc():
    # 13:30 UTC on a winter Wednesday is 14:30 in Amsterdam: past the cut-off.
    now = datetime.datetime(2026, 11, 18, 13, 30, tzinfo=datetime.UTC)
    assert ship_date(option=option(1, 1), now=now) == datetime.date(2026, 11, 19)
    now = datetime.datetime(2026, 11, 18, 12, 30, tzinfo=datetime.UTC)  # 13:30 in Amsterdam
    assert ship_date(option=option(1, 1), now=now) == datetime.date(2026, 11, 18)


def test_long_range_skips_every_weekend():
    start, end = delivery_estimate(option=option(5, 10), now=at("2026-11-18", 9))
    assert start == datetime.date(2026, 11, 25)  # Wed + 5 business days
    assert end == datetime.date(2026, 12, 2)  # Wed + 10 business days


def test_bad_time_zone_is_refused_by_the_admin_validation():
    from django.core.exceptions import ValidationError

    bad = option(1, 2)
    bad.cutoff_timezone = "Mars/Olympus"
    with pytest.raises(ValidationError) as info:
        bad.clean()
    assert "cutoff_timezone" in info.value.message_dict
