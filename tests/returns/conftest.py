"""Helpers for the returns tests: delivered orders moved through the real state machine, with a paid payment."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accounts.factories import UserFactory
from accounts.roles import FULFILMENT
from accounts.services import roles_ensure
from orders.factories import OrderFactory, OrderLineFactory, order_move
from orders.models import Order, OrderStatusChange, PaymentMethod
from orders.states import OrderStatus
from payments.models import Payment, PaymentState
from policies.models import Policy, PolicyVersion
from returns.models import ReturnsTerms
from shop.factories import ProductFactory

GOOD_IBAN = "NL91ABNA0417164300"
PATH = [OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED]


def returns_version(*, window_days: int | None = 30) -> PolicyVersion:
    """A returns-policy version; with ReturnsTerms of ``window_days`` unless None (legal withdrawal only)."""
    policy, _ = Policy.objects.get_or_create(kind="returns", defaults={"title": "Returns policy"})
    number = (policy.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = PolicyVersion.objects.create(
        policy=policy,
        number=number,
        body_html=f"<p>{window_days} days</p>",
        change_summary="test",
        effective_date=timezone.localdate() - datetime.timedelta(days=100),
    )
    if window_days is not None:
        ReturnsTerms.objects.create(
            policy_version=version, window_days=window_days, conditions="Unused, in the original packaging."
        )
    return version


def make_order(
    *,
    user=None,
    method: str = PaymentMethod.BANK_TRANSFER,
    lines: list[tuple[int, int]] = ((2500, 2), (1000, 1)),
    delivery: int = 495,
    delivered_days_ago: float | None = 1,
    window_days: int | None = 30,
    status_path=PATH,
) -> Order:
    """An order paid in full (a succeeded payment) and moved to delivered, delivered ``delivered_days_ago``."""
    items = sum(price * qty for price, qty in lines)
    kwargs = {"user": user, "email": user.email} if user is not None else {}
    order = OrderFactory(
        payment_method=method,
        items_amount=items,
        delivery_amount=delivery,
        total_amount=items + delivery,
        accepted_returns_policy=returns_version(window_days=window_days),
        stock_reserved=True,
        **kwargs,
    )
    for price, qty in lines:
        OrderLineFactory(order=order, product=ProductFactory(price_amount=price, stock=10), quantity=qty)
    Payment.objects.create(
        order=order, method=method, state=PaymentState.SUCCEEDED, amount=order.total_amount, currency="EUR"
    )
    for status in status_path:
        order_move(order=order, to_status=status, cause="test")
    if delivered_days_ago is not None:
        # Backdate the whole history, keeping its order: delivered ``delivered_days_ago``, the rest a day apart.
        changes = list(order.status_changes.order_by("-id"))
        for index, change in enumerate(changes):
            OrderStatusChange.objects.filter(pk=change.pk).update(
                created_at=timezone.now() - datetime.timedelta(days=delivered_days_ago + index)
            )
    order.refresh_from_db()
    return order


def qty(order: Order, *counts: int) -> dict[int, int]:
    """{line id: quantity} for the order's lines in order."""
    return {line.pk: count for line, count in zip(order.lines.order_by("id"), counts, strict=False)}


def image_upload(name: str = "photo.jpg", *, fmt: str = "JPEG", size=(800, 600), exif: bool = False):
    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    kwargs = {}
    if exif:
        exif_data = Image.Exif()
        exif_data[0x010F] = "SecretCam"  # Make
        exif_data[0x8825] = {2: (52.0, 22.0, 1.0)}  # GPS info
        kwargs["exif"] = exif_data
    image.save(out, format=fmt, **kwargs)
    return SimpleUploadedFile(name, out.getvalue(), content_type=f"image/{fmt.lower()}")


@pytest.fixture
def merchant_client(client):
    """A superuser signed in through allauth with password and TOTP code, as the admin demands for staff."""
    from tests.accounts.helpers import sign_in, totp_enable, user_make

    merchant = user_make(username="returns-boss", superuser=True, email="returns-boss@trustmark.example")
    sign_in(client, merchant, secret=totp_enable(merchant))
    client.user = merchant
    return client


@pytest.fixture
def returns_staff():
    """An active staff member who can handle returns: the returns badge claims nothing without one."""
    UserFactory(username="returns-desk", is_staff=True).groups.add(roles_ensure()[FULFILMENT])
