"""The one rule for one-line fields (core/validators.py) and the one-line filter of the email templates."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from core.errors import ApplicationError
from core.templatetags.one_line import one_line
from core.validators import single_line_clean, validate_single_line
from tests.text_payloads import PAYLOADS

GOOD = ["Zażółć Gęślą", "Jan-Willem van 't Hof", "O'Brien", "Ĳsselmeer 12-3b", "TM-ABC123", "José (Pepe) Núñez"]


@pytest.mark.parametrize("value", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_the_validator_refuses_line_breaks_controls_and_invisible_characters(value):
    with pytest.raises(ValidationError) as info:
        validate_single_line(value)
    assert info.value.code == "single_line"
    assert "single line of plain text" in str(info.value.messages[0])


@pytest.mark.parametrize("value", GOOD)
def test_real_names_and_addresses_pass(value):
    validate_single_line(value)
    assert single_line_clean(value, field="x", label="Name", max_length=50) == value


@pytest.mark.parametrize("value", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_the_service_check_names_the_field(value):
    with pytest.raises(ApplicationError) as info:
        single_line_clean(value, field="full_name", label="Full name", max_length=200)
    assert info.value.field == "full_name"
    assert info.value.message.startswith("Full name: use a single line of plain text")


def test_the_service_check_trims_and_holds_the_length_at_its_boundary():
    assert single_line_clean("  Ada  ", field="x", label="Name", max_length=3) == "Ada"
    with pytest.raises(ApplicationError, match=r"Name is too long \(at most 3 characters\)"):
        single_line_clean("Adam", field="x", label="Name", max_length=3)
    assert single_line_clean("", field="x", label="Name", max_length=3) == ""
    with pytest.raises(ApplicationError, match="Name is required"):
        single_line_clean("   ", field="x", label="Name", max_length=3, required=True)


def test_the_message_is_translated(settings):
    from django.utils import translation

    with translation.override("pl"):
        with pytest.raises(ValidationError) as info:
            validate_single_line("a\nb")
        assert "jeden wiersz" in str(info.value.messages[0])
    with translation.override("nl"):
        with pytest.raises(ApplicationError) as error:
            single_line_clean("a\nb", field="x", label="Naam", max_length=9)
        assert error.value.message.startswith("Naam: gebruik één regel")


@pytest.mark.parametrize("value", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_the_filter_puts_any_stored_value_on_one_line(value):
    flat = one_line(value)
    assert "\n" not in flat and "\r" not in flat and flat.isprintable()
    assert flat.startswith("Eve ")


@pytest.mark.parametrize("value", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_the_email_greeting_is_one_line_whatever_the_name(value):
    greeting = render_to_string("emails/_greeting.txt", {"name": value})
    assert greeting.startswith("Hello Eve ") and greeting.endswith(",")
    assert len(greeting.splitlines()) == 1 and greeting.isprintable()


@pytest.mark.parametrize("name", ["", None, "\n\t\u2028"])
def test_no_name_means_a_plain_greeting(name):
    assert render_to_string("emails/_greeting.txt", {"name": name}) == "Hello,"
