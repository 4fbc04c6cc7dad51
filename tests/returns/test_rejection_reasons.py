"""A rejection is a reason code shown in the reader's language, with the merchant's own note only if given."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from accounts.factories import UserFactory
from core.errors import ApplicationError
from core.money import Money
from payments.models import Refund
from payments.services import order_refund
from returns.services import request_approve, request_create, request_mark_received, request_reject
from returns.states import RequestStatus
from tests.returns.conftest import GOOD_IBAN, make_order, qty

pytestmark = pytest.mark.django_db

LABELS = {
    "pl": "Zwrócony produkt był używany lub uszkodzony",
    "nl": "Het artikel kwam gebruikt of beschadigd terug",
}
ENGLISH = "The item came back used or damaged"


def rejected(language: str, note: str = "", *, capture):
    owner = UserFactory()
    order = make_order(user=owner)
    order.language = language
    order.save(update_fields=["language"])
    with capture(execute=True):
        rr = request_create(order=order, kind="return", quantities=qty(order, 1), iban=GOOD_IBAN, account_holder="B")
        request_reject(request=rr, code="item_used_or_damaged", note=note, next_steps="Contact us.", actor=None)
    return owner, order, rr


@pytest.mark.parametrize("language", ["pl", "nl"])
def test_the_reason_is_shown_in_the_shoppers_language_on_pages_and_in_the_email(
    client, language, django_capture_on_commit_callbacks
):
    owner, order, rr = rejected(language, capture=django_capture_on_commit_callbacks)
    client.force_login(owner)
    with translation.override(language):
        detail_url, order_url = rr.get_absolute_url(), order.get_absolute_url()
    assert detail_url.startswith(f"/{language}/")
    detail = client.get(detail_url).content.decode()
    assert LABELS[language] in detail and ENGLISH not in detail
    assert 'data-testid="rejection-note"' not in detail  # no note given: none shown
    order_page = client.get(order_url).content.decode()
    assert LABELS[language] in order_page
    email = mail.outbox[-1].body
    assert LABELS[language] in email and ENGLISH not in email


def test_the_merchants_note_is_shown_as_theirs_beside_the_label(client, django_capture_on_commit_callbacks):
    owner, _order, rr = rejected("pl", note="Rysa na obudowie.", capture=django_capture_on_commit_callbacks)
    client.force_login(owner)
    with translation.override("pl"):
        detail = client.get(rr.get_absolute_url()).content.decode()
    assert LABELS["pl"] in detail
    assert "Notatka od sklepu (jego własnymi słowami)" in detail and "Rysa na obudowie." in detail
    assert "Rysa na obudowie." in mail.outbox[-1].body


def test_a_bad_code_is_refused_with_a_message_and_nothing_changes(merchant_client):
    order = make_order()
    rr = request_create(order=order, kind="return", quantities=qty(order, 1), iban=GOOD_IBAN, account_holder="B")
    with pytest.raises(ApplicationError, match="Choose one of the listed reasons"):
        request_reject(request=rr, code="because", next_steps="n", actor=None)
    with pytest.raises(ApplicationError, match="write the reason in the note"):
        request_reject(request=rr, code="other", note="  ", next_steps="n", actor=None)
    response = merchant_client.post(
        reverse("admin:returns_returnrequest_reject", args=[rr.pk]), {"code": "because", "next_steps": "n"}
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    rr.refresh_from_db()
    assert rr.status == RequestStatus.REQUESTED and rr.rejection_code == "" and rr.rejection_reason == ""


def test_the_admin_shows_the_label_in_the_merchants_language(merchant_client, django_capture_on_commit_callbacks):
    _owner, _order, rr = rejected("pl", capture=django_capture_on_commit_callbacks)
    page = merchant_client.get(reverse("admin:returns_returnrequest_change", args=[rr.pk])).content.decode()
    assert ENGLISH in page and LABELS["pl"] not in page


@pytest.mark.parametrize(
    ("language", "label"), [("pl", "Otrzymaliśmy zwrócone produkty"), ("nl", "Geretourneerde artikelen ontvangen")]
)
def test_a_refund_for_a_return_shows_its_reason_in_the_shoppers_language(client, language, label):
    owner = UserFactory()
    order = make_order(user=owner)
    rr = request_create(order=order, kind="return", quantities=qty(order, 1), iban=GOOD_IBAN, account_holder="B")
    request_approve(request=rr, instructions="Drop it at PostNL.", actor=None)
    request_mark_received(request=rr, actor=None)
    client.force_login(owner)
    with translation.override(language):
        page = client.get(order.get_absolute_url()).content.decode()
    assert label in page and "Returned items received" not in page


def test_a_refund_with_a_bad_code_or_no_words_for_other_is_refused_and_nothing_is_written():
    order = make_order()
    with pytest.raises(ApplicationError, match="Choose one of the listed reasons for the refund"):
        order_refund(order=order, amount=Money(100, "EUR"), reason="", code="because", restock=False, actor=None)
    with pytest.raises(ApplicationError, match="Give a reason for the refund"):
        order_refund(order=order, amount=Money(100, "EUR"), reason=" ", code="other", restock=False, actor=None)
    assert not Refund.objects.filter(order=order).exists()
