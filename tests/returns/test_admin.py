"""The merchant's side in the admin: queue with deadlines and overdue flag; approve, reject, received."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from returns.models import ReturnRequest
from returns.services import request_approve, request_create
from returns.states import RequestStatus
from tests.returns.conftest import GOOD_IBAN, make_order, qty

pytestmark = pytest.mark.django_db


def new_request(**kwargs):
    order = make_order(**kwargs)
    return request_create(order=order, kind="return", quantities=qty(order, 1), iban=GOOD_IBAN, account_holder="Bea")


def test_queue_shows_deadlines_and_flags_overdue(merchant_client):
    late, fresh = new_request(), new_request()
    ReturnRequest.objects.filter(pk=late.pk).update(respond_by=timezone.now() - datetime.timedelta(days=1))
    page = merchant_client.get(reverse("admin:returns_returnrequest_changelist")).content.decode()
    assert late.number in page and fresh.number in page
    assert page.index(late.number) < page.index(fresh.number)  # nearest deadline first
    assert 'alt="True"' in page  # the overdue icon
    only_late = merchant_client.get(reverse("admin:returns_returnrequest_changelist") + "?overdue=yes")
    assert late.number in only_late.content.decode() and fresh.number not in only_late.content.decode()


def test_approve_reject_and_receive_through_the_admin(merchant_client, django_capture_on_commit_callbacks):
    rr = new_request()
    url = reverse("admin:returns_returnrequest_approve", args=[rr.pk])
    assert merchant_client.post(url, {"instructions": ""}).status_code == 200  # form error, nothing changes
    rr.refresh_from_db()
    assert rr.status == RequestStatus.REQUESTED
    with django_capture_on_commit_callbacks(execute=True):
        response = merchant_client.post(url, {"instructions": "Send it with PostNL."})
    assert response.status_code == 302
    rr.refresh_from_db()
    assert rr.status == RequestStatus.APPROVED and rr.instructions == "Send it with PostNL."
    change = merchant_client.get(reverse("admin:returns_returnrequest_change", args=[rr.pk])).content.decode()
    assert "will refund €25.00" in change and GOOD_IBAN in change
    with django_capture_on_commit_callbacks(execute=True):
        merchant_client.post(reverse("admin:returns_returnrequest_received", args=[rr.pk]))
    rr.refresh_from_db()
    assert rr.status == RequestStatus.REFUNDED and rr.refund.actor == merchant_client.user
    assert any(m.subject.endswith("refunded") for m in mail.outbox)

    other = new_request()
    merchant_client.post(
        reverse("admin:returns_returnrequest_reject", args=[other.pk]),
        {"code": "item_used_or_damaged", "note": "Used item", "next_steps": "Contact support"},
    )
    other.refresh_from_db()
    assert other.status == RequestStatus.REJECTED and other.rejection_reason == "Used item"
    assert other.rejection_code == "item_used_or_damaged"


def test_received_on_a_requested_request_is_refused_with_a_message(merchant_client):
    rr = new_request()
    response = merchant_client.post(reverse("admin:returns_returnrequest_received", args=[rr.pk]), follow=True)
    assert "cannot be moved to" in response.content.decode()
    rr.refresh_from_db()
    assert rr.status == RequestStatus.REQUESTED


def test_staff_without_permission_cannot_act(client, django_user_model):
    from tests.accounts.helpers import sign_in, totp_enable, user_make

    clerk = user_make(username="clerk", email="clerk@trustmark.example")
    clerk.is_staff = True
    clerk.save()
    sign_in(client, clerk, secret=totp_enable(clerk))
    rr = new_request()
    response = client.post(reverse("admin:returns_returnrequest_approve", args=[rr.pk]), {"instructions": "x"})
    assert response.status_code == 403
    rr.refresh_from_db()
    assert rr.status == RequestStatus.REQUESTED


def test_terms_are_immutable_once_saved(merchant_client):
    rr = new_request()
    request_approve(request=rr, instructions="x", actor=None)
    terms = rr.terms
    page = merchant_client.get(reverse("admin:returns_returnsterms_change", args=[terms.pk])).content.decode()
    assert 'name="window_days"' not in page


def test_terms_list_warns_about_returns_versions_without_terms(merchant_client):
    from tests.returns.conftest import returns_version

    bare = returns_version(window_days=None)
    with_terms = returns_version(window_days=30)
    page = merchant_client.get(reverse("admin:returns_returnsterms_changelist")).content.decode()
    assert f"Returns policy version {bare.number} has no returns terms" in page
    assert f"Returns policy version {with_terms.number} has no returns terms" not in page
