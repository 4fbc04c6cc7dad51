"""Dates, numbers and plurals as Polish and Dutch write them."""

from __future__ import annotations

import datetime

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format

from core.formatting import format_decimal, format_short_date
from reviews.templatetags.reviews import rating_stars


@pytest.mark.parametrize(
    ("language", "expected"),
    [("pl", "31 października 2026"), ("nl", "31 oktober 2026")],
)
def test_long_dates_use_the_genitive_month_in_polish(language, expected):
    with translation.override(language):
        assert date_format(datetime.date(2026, 10, 31), "DATE_FORMAT") == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Tue 8 Dec"), ("pl", "wt 8 gru"), ("nl", "di 8 dec")],
)
def test_short_dates_use_lower_case_abbreviations_where_the_language_does(language, expected):
    assert format_short_date(datetime.date(2026, 12, 8), language) == expected


def test_the_delivery_window_include_writes_short_dates_in_the_language():
    with translation.override("pl"):
        html = render_to_string(
            "checkout/includes/delivery_window.html",
            {"start": datetime.date(2026, 12, 8), "end": datetime.date(2026, 12, 10)},
        )
    assert ">wt 8 gru</time> – <time" in html and ">czw 10 gru</time>" in html


@pytest.mark.parametrize(("language", "expected"), [("en", "4.5"), ("pl", "4,5"), ("nl", "4,5")])
def test_ratings_use_the_decimal_mark_of_the_language(language, expected):
    with translation.override(language):
        assert format_decimal(4.5) == expected
        assert rating_stars(4.5, 2)["average"] == expected
        html = render_to_string("reviews/_rating_stars.html", rating_stars(4.5, 2))
    assert f"{expected} " in html and "★★★★☆" in html


@pytest.mark.parametrize(
    ("language", "low", "high", "expected"),
    [
        ("nl", 1, 1, "1 werkdag"),
        ("nl", 2, 2, "2 werkdagen"),
        ("nl", 1, 2, "1–2 werkdagen"),
        ("pl", 1, 1, "1 dzień roboczy"),
        ("pl", 2, 2, "2 dni robocze"),
        ("pl", 5, 5, "5 dni roboczych"),
        ("en", 1, 1, "1 business day"),
    ],
)
def test_business_days_have_correct_plurals_and_no_one_to_one_range(language, low, high, expected):
    with translation.override(language):
        text = render_to_string("includes/business_days.html", {"min": low, "max": high})
    assert text.strip() == expected
    assert "1–1" not in text
