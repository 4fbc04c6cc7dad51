"""The README's test cards do in the demo what the README says they do: each row of its table is paid through
the shop's own card service against a real localstripe (the demo's Stripe)."""

from __future__ import annotations

import re

import pytest

from checkout.services import payment_card_start
from orders.states import OrderStatus
from payments.models import PaymentState
from payments.services import payment_settle
from tests.conftest import ROOT
from tests.payments.conftest import authenticate, card_token, place

pytestmark = [pytest.mark.django_db, pytest.mark.localstripe]

ROW = re.compile(r"^\| `(\d{4} \d{4} \d{4} \d{4})` \| (.+?) \|$", re.M)
# What a row says, by its opening words, most specific first.
BEHAVIOURS = [
    ("Asks for 3-D Secure, then is declined", "3ds_then_decline"),
    ("Asks for 3-D Secure", "3ds"),
    ("Pays at once", "pays"),
    ("Declined at once", "declined"),
]


def readme_cards() -> list[tuple[str, str]]:
    section = (ROOT / "README.md").read_text().split("## Test cards", 1)[1].split("\n## ", 1)[0]
    cards = []
    for number, text in ROW.findall(section):
        behaviour = next((kind for opening, kind in BEHAVIOURS if text.startswith(opening)), None)
        assert behaviour, f"README card {number}: say what it does with one of {[o for o, _k in BEHAVIOURS]}"
        cards.append((number.replace(" ", ""), behaviour))
    return cards


def test_the_readme_shows_a_card_for_each_behaviour():
    assert {kind for _number, kind in readme_cards()} == {kind for _opening, kind in BEHAVIOURS}


@pytest.mark.parametrize(("number", "behaviour"), readme_cards())
def test_each_readme_card_behaves_as_described(shop, localstripe, number, behaviour):
    order = place(shop)
    outcome = payment_card_start(order=order, payment_method_id=card_token(localstripe, number))
    if behaviour == "pays":
        assert outcome.status == PaymentState.SUCCEEDED
    elif behaviour == "declined":
        assert outcome.status == PaymentState.FAILED
        assert outcome.payment.last_error_code == "card_declined"
    else:
        assert outcome.status == PaymentState.REQUIRES_ACTION  # the 3-D Secure dialog
        authenticate(localstripe, outcome.payment.stripe_payment_intent_id, outcome.client_secret, success=True)
        payment = payment_settle(payment=outcome.payment, via="card")
        expected = PaymentState.SUCCEEDED if behaviour == "3ds" else PaymentState.FAILED
        assert payment.state == expected
    order.refresh_from_db()
    assert (order.status == OrderStatus.PAID) == (behaviour in ("pays", "3ds"))
    if behaviour == "3ds":  # "Fail authentication" does not pay
        other = place(shop)
        outcome = payment_card_start(order=other, payment_method_id=card_token(localstripe, number))
        authenticate(localstripe, outcome.payment.stripe_payment_intent_id, outcome.client_secret, success=False)
        assert payment_settle(payment=outcome.payment, via="card").state == PaymentState.FAILED


def test_the_old_generic_decline_card_would_not_decline_in_the_demo(shop, localstripe):
    """Why 4000 0000 0000 0002 is not in the README: localstripe declines it only for a customer's saved card."""
    assert "4000 0000 0000 0002" not in (ROOT / "README.md").read_text()
    order = place(shop)
    outcome = payment_card_start(order=order, payment_method_id=card_token(localstripe, "4000000000000002"))
    assert outcome.status == PaymentState.SUCCEEDED
