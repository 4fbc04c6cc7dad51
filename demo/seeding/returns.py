"""Demo returns: a few requests on the demo shopper's orders (the returns terms come with the returns policy,
``demo.seeding.policies``).

Idempotent. Requests are made through the real services (then backdated for a believable history).
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from orders.models import Order
from orders.states import OrderStatus
from returns.models import ReturnRequest, ReturnStatusChange
from returns.services import request_approve, request_create, request_mark_received

DEMO_IBAN = "DE89370400440532013000"  # the standard example IBAN: valid checksum, no real account
def _backdate(request: ReturnRequest, days_ago: dict[str, int]) -> None:
    now = timezone.now()
    fields = {
        f"{status}_at": now - datetime.timedelta(days=d) for status, d in days_ago.items() if status != "requested"
    }
    created = now - datetime.timedelta(days=days_ago["requested"])
    updates = {"created_at": created, "respond_by": created + datetime.timedelta(days=5), **fields}
    if "received" in days_ago:
        updates["refund_by"] = fields["received_at"] + datetime.timedelta(days=14)
    if "approved" in days_ago:
        updates["send_by"] = fields["approved_at"] + datetime.timedelta(days=14)
    ReturnRequest.objects.filter(pk=request.pk).update(**updates)
    for change in ReturnStatusChange.objects.filter(request=request):
        ReturnStatusChange.objects.filter(pk=change.pk).update(
            created_at=now - datetime.timedelta(days=days_ago[change.to_status])
        )


@transaction.atomic
def seed_returns() -> None:
    shopper = get_user_model().objects.filter(email="shopper@trustmark.example").first()
    if shopper is None or ReturnRequest.objects.filter(order__user=shopper).exists():
        return
    delivered = list(Order.objects.filter(user=shopper, status=OrderStatus.DELIVERED).order_by("placed_at"))
    if len(delivered) < 2:
        return
    older, newer = delivered[0], delivered[-1]
    # A complaint on the older order, refunded on time.
    line = older.lines.first()
    complaint = request_create(
        order=older,
        kind="complaint",
        quantities={line.pk: 1},
        reason="The stitching on one side came apart after a week of normal use.",
        iban=DEMO_IBAN,
        account_holder="Sam Shopper",
    )
    request_approve(request=complaint, instructions="Send it back with the label; we pay the postage.", actor=None)
    request_mark_received(request=complaint, actor=None)
    _backdate(complaint, {"requested": 12, "approved": 11, "received": 6, "refunded": 6})
    # A return on the newer order, approved: the shopper can print the label.
    line = newer.lines.first()
    ret = request_create(
        order=newer,
        kind="return",
        quantities={line.pk: 1},
        reason="Wrong size.",
        iban=DEMO_IBAN,
        account_holder="Sam Shopper",
    )
    request_approve(
        request=ret,
        instructions="Pack the item in its original box, stick the printed label on the parcel and drop it at any "
        "PostNL point. Return postage is yours (about EUR 4.50).",
        actor=None,
    )
    _backdate(ret, {"requested": 2, "approved": 1})
