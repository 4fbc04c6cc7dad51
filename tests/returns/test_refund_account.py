"""A refund IBAN given through an order link waits for a code emailed to the order's address (issue 14, item 7).

A forwarded or leaked order email must not let its reader choose where an offline refund goes.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.factories import UserFactory
from core.errors import ApplicationError
from orders.access import order_access_key
from returns.models import RefundAccountChange, ReturnRequest
from returns.selectors import CODE_ATTEMPTS, refund_account_pending
from returns.services import (
    CODES_PER_HOUR,
    refund_account_confirm,
    refund_account_submit,
    request_approve,
    request_create,
    request_mark_received,
    request_refund,
)
from tests.returns.conftest import GOOD_IBAN, make_order, qty

pytestmark = pytest.mark.django_db

OTHER_IBAN = "DE89370400440532013000"


def code_in(message) -> str:
    return re.search(r"^ {4}(\d{6})$", message.body, re.MULTILINE).group(1)


@pytest.fixture
def pending(django_capture_on_commit_callbacks):
    """A guest's withdrawal started through the order link: the IBAN waits for the code (returned with it)."""
    order = make_order()
    with django_capture_on_commit_callbacks(execute=True):
        rr = request_create(
            order=order, kind="withdrawal", quantities=qty(order, 1), iban=GOOD_IBAN, account_holder="Bea Buyer",
            via_order_link=True,
        )  # fmt: skip
    codes = [m for m in mail.outbox if "code" in m.subject.lower()]
    assert len(codes) == 1 and codes[0].to == [order.email]
    return rr, code_in(codes[0])


def start_through_the_link(client, order, django_capture_on_commit_callbacks):
    key = order_access_key(order=order)
    line = order.lines.order_by("id").first()
    data = {"kind": "withdrawal", "iban": GOOD_IBAN, "account_holder": "Bea Buyer", f"qty_{line.pk}": "1"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("returns:request_start", args=[order.number]) + f"?key={key}", data)
    assert response.status_code == 302
    return ReturnRequest.objects.get(), key


def test_an_iban_given_through_the_link_is_not_used_until_the_code_is_entered(
    client, django_capture_on_commit_callbacks
):
    order = make_order()
    rr, key = start_through_the_link(client, order, django_capture_on_commit_callbacks)
    assert rr.iban == "" and rr.account_holder == ""
    page = client.get(f"{rr.get_absolute_url()}?key={key}").content.decode()
    assert 'data-testid="account-code-form"' in page and "NL91 …4300" in page
    code = code_in(next(m for m in mail.outbox if "code" in m.subject.lower()))
    confirm = reverse("returns:request_account_confirm", args=[rr.number]) + f"?key={key}"
    response = client.post(confirm, {"code": code}, follow=True)
    assert "Confirmed: we refund to the account NL91 …4300." in response.content.decode()
    rr.refresh_from_db()
    assert (rr.iban, rr.account_holder) == (GOOD_IBAN, "Bea Buyer")


def test_the_code_is_stored_only_as_a_hash(pending):
    rr, code = pending
    change = RefundAccountChange.objects.get(request=rr)
    stored = " ".join(str(value) for value in RefundAccountChange.objects.filter(pk=change.pk).values().get().values())
    assert code not in stored and len(change.code_hash) == 64


def test_a_wrong_code_is_refused_and_counted(pending):
    rr, code = pending
    wrong = "000000" if code != "000000" else "111111"
    with pytest.raises(ApplicationError, match="not right. You have 4 more tries"):
        refund_account_confirm(request=rr, code=wrong)
    rr.refresh_from_db()
    assert rr.iban == ""
    assert RefundAccountChange.objects.get(request=rr).attempts == 1  # committed despite the refusal


def test_a_code_is_refused_exactly_at_its_expiry_and_accepted_just_before(pending):
    rr, code = pending
    change = RefundAccountChange.objects.get(request=rr)
    assert change.expires_at - change.created_at == datetime.timedelta(minutes=15)
    with pytest.raises(ApplicationError, match="expired"):
        refund_account_confirm(request=rr, code=code, now=change.expires_at)
    assert refund_account_pending(request=rr, now=change.expires_at) is None
    confirmed = refund_account_confirm(request=rr, code=code, now=change.expires_at - datetime.timedelta(seconds=1))
    assert confirmed.iban == GOOD_IBAN


def test_a_code_works_once(pending):
    rr, code = pending
    refund_account_confirm(request=rr, code=code)
    refund_account_submit(request=rr, iban=OTHER_IBAN, account_holder="Mallory", via_order_link=True)
    with pytest.raises(ApplicationError):
        refund_account_confirm(request=rr, code=code)  # the old code, again
    rr.refresh_from_db()
    assert rr.iban == GOOD_IBAN


def test_a_used_code_cannot_be_entered_again(pending):
    rr, code = pending
    refund_account_confirm(request=rr, code=code)
    with pytest.raises(ApplicationError, match="No code is waiting"):
        refund_account_confirm(request=rr, code=code)


def test_too_many_wrong_codes_lock_it_even_for_the_right_one(pending):
    rr, code = pending
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(CODE_ATTEMPTS - 1):
        with pytest.raises(ApplicationError, match="not right"):
            refund_account_confirm(request=rr, code=wrong)
    with pytest.raises(ApplicationError, match="Too many wrong codes"):
        refund_account_confirm(request=rr, code=wrong)
    with pytest.raises(ApplicationError, match="Too many wrong codes"):
        refund_account_confirm(request=rr, code=code)
    rr.refresh_from_db()
    assert rr.iban == ""
    assert refund_account_pending(request=rr) is None


def test_changing_the_account_through_the_link_needs_a_new_code(client, django_capture_on_commit_callbacks):
    owner = UserFactory()
    order = make_order(user=owner)
    rr = request_create(order=order, kind="withdrawal", quantities=qty(order, 1), iban=GOOD_IBAN, account_holder="B")
    key = order_access_key(order=order)  # e.g. a forwarded email, opened by someone not signed in
    url = reverse("returns:request_account", args=[rr.number]) + f"?key={key}"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"iban": OTHER_IBAN, "account_holder": "Mallory"})
    assert response.status_code == 302
    rr.refresh_from_db()
    assert rr.iban == GOOD_IBAN  # unchanged until the code from the owner's mailbox is entered
    assert [m.to for m in mail.outbox] == [[order.email]]


def test_the_signed_in_owner_changes_the_account_at_once(client):
    owner = UserFactory()
    order = make_order(user=owner)
    rr = request_create(order=order, kind="withdrawal", quantities=qty(order, 1), iban=GOOD_IBAN, account_holder="B")
    client.force_login(owner)
    response = client.post(
        reverse("returns:request_account", args=[rr.number]), {"iban": OTHER_IBAN, "account_holder": "Owner"}
    )
    assert response.status_code == 302
    rr.refresh_from_db()
    assert rr.iban == OTHER_IBAN and mail.outbox == []


def test_a_bad_code_on_the_page_shows_the_message_and_changes_nothing(client, pending):
    rr, code = pending
    key = order_access_key(order=rr.order)
    url = reverse("returns:request_account_confirm", args=[rr.number]) + f"?key={key}"
    response = client.post(url, {"code": "12ab56"})
    assert response.status_code == 400 and "Enter the 6-digit code from the email." in response.content.decode()
    assert RefundAccountChange.objects.get(request=rr).attempts == 0  # not a guess at the code


def test_codes_per_request_are_limited(pending):
    rr, _code = pending
    for _ in range(CODES_PER_HOUR - 1):
        refund_account_submit(request=rr, iban=GOOD_IBAN, account_holder="Bea Buyer", via_order_link=True)
    with pytest.raises(ApplicationError, match="several codes"):
        refund_account_submit(request=rr, iban=GOOD_IBAN, account_holder="Bea Buyer", via_order_link=True)


def test_no_offline_refund_without_a_confirmed_account(pending):
    rr, code = pending
    request_approve(request=rr, instructions="Send it back.", actor=None)
    with pytest.raises(ApplicationError, match="not confirmed a bank account"):
        request_mark_received(request=rr, actor=None)
    rr.refresh_from_db()
    assert rr.status == "received" and rr.refund is None
    refund_account_confirm(request=rr, code=code)
    assert request_refund(request=rr, actor=None).status == "refunded"
