"""Card numbers (Luhn-checked digit runs) and IBAN-like strings are masked before they are stored or shown."""

from __future__ import annotations

import pytest

from chat.masking import luhn_valid, mask_sensitive
from chat.selectors import message_data
from support.factories import TicketMessageFactory

MASKED_4242 = "•••• •••• •••• 4242"


@pytest.mark.parametrize(
    "text",
    [
        "4242424242424242",
        "4242 4242 4242 4242",
        "4242-4242-4242-4242",
        "my card is 4242 4242 4242 4242, exp 12/29",
        "4242 4242 4242 4242 123",  # a CVC typed after the number
    ],
)
def test_a_luhn_valid_card_number_keeps_only_its_last_four_digits(text):
    masked = mask_sensitive(text)
    assert MASKED_4242 in masked.text and masked.cards == 1
    assert "4242 4242 4242 4242" not in masked.text and "4242424242424242" not in masked.text


def test_length_boundaries_13_and_19_digits_are_cards_12_and_20_are_not():
    thirteen = "4222222222222"  # Visa's 13-digit test number
    assert luhn_valid(thirteen) and mask_sensitive(thirteen).cards == 1
    nineteen = "4000000000000000006"
    assert luhn_valid(nineteen) and mask_sensitive(nineteen).cards == 1
    twelve = "400000000002"
    assert luhn_valid(twelve) and mask_sensitive(twelve).text == twelve
    twenty = "40000000000000000002"
    assert luhn_valid(twenty) and mask_sensitive(twenty).text == twenty


def test_digit_runs_that_fail_the_luhn_check_are_left_alone():
    for text in ("4242424242424241", "order 1234 5678 9012 3456", "call +31 20 123 4567", "TM-2026-00012345"):
        assert mask_sensitive(text).text == text


def test_two_cards_in_one_run_are_both_masked():
    masked = mask_sensitive("4242 4242 4242 4242 5555 5555 5555 4444")
    assert masked.cards == 2 and masked.text == f"{MASKED_4242} •••• •••• •••• 4444"


@pytest.mark.parametrize("text", ["NL91 ABNA 0417 1643 00", "nl91abna0417164300", "DE89370400440532013000"])
def test_iban_like_strings_keep_country_and_last_four(text):
    masked = mask_sensitive(f"refund to {text} please")
    assert masked.ibans == 1
    compact = text.replace(" ", "").upper()
    assert masked.text == f"refund to {compact[:2]}•• •••• •••• {compact[-4:]} please"


def test_ordinary_words_after_letters_and_digits_are_not_an_iban():
    for text in ("ab12 this that word here", "room B2 floor 3", "NL91 is not an account"):
        assert mask_sensitive(text).text == text


@pytest.mark.django_db
def test_a_stored_message_is_masked_again_when_shown():
    """A row written before masking existed (or by another path) is still masked on the way out."""
    message = TicketMessageFactory(body="pay with 4242 4242 4242 4242 or NL91ABNA0417164300")
    body = message_data(message)["body"]
    assert MASKED_4242 in body and "NL•• •••• •••• 4300" in body
    assert "0417164300" not in body
