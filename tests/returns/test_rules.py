"""Every server-side rule of ``request_create``: bad input gets a clear message and changes nothing."""

from __future__ import annotations

import pytest
from django.core import mail

from core.errors import ApplicationError
from orders.models import PaymentMethod
from orders.states import OrderStatus
from returns.iban import iban_checksum_ok, iban_clean
from returns.models import ComplaintPhoto, ReturnRequest, ReturnRequestLine
from returns.services import request_approve, request_create, request_mark_received, request_reject
from returns.states import ALLOWED_TRANSITIONS, RequestStatus
from tests.returns.conftest import GOOD_IBAN, PATH, image_upload, make_order, qty

pytestmark = pytest.mark.django_db


def create(order, kind="withdrawal", quantities=None, **kwargs):
    defaults = {"iban": GOOD_IBAN, "account_holder": "Bea Buyer"} if order.payment_method != "card" else {}
    defaults.update(kwargs)
    return request_create(
        order=order, kind=kind, quantities=qty(order, 1) if quantities is None else quantities, **defaults
    )


def refused(message_part: str, **kwargs):
    before = ReturnRequest.objects.count(), ReturnRequestLine.objects.count(), ComplaintPhoto.objects.count()
    with pytest.raises(ApplicationError) as info:
        create(**kwargs)
    assert message_part in info.value.message
    assert (ReturnRequest.objects.count(), ReturnRequestLine.objects.count(), ComplaintPhoto.objects.count()) == before
    return info.value


def test_withdrawal_within_14_days_needs_no_reason():
    order = make_order(delivered_days_ago=14)  # the 14th day after delivery is still inside
    rr = create(order)
    assert rr.status == RequestStatus.REQUESTED
    assert rr.number.startswith("RR-") and len(rr.number) == 13
    assert rr.reason == ""


def test_withdrawal_after_14_days_is_refused():
    order = make_order(delivered_days_ago=15)
    error = refused("The period for this ended on", order=order)
    assert error.field == "kind"


def test_return_window_comes_from_the_accepted_policy_version():
    order = make_order(delivered_days_ago=25, window_days=30)
    assert create(order, kind="return").terms.window_days == 30
    late = make_order(delivered_days_ago=31, window_days=30)
    refused("The period for this ended on", order=late, kind="return")


def test_without_terms_only_the_legal_withdrawal_applies():
    order = make_order(delivered_days_ago=3, window_days=None)
    refused("has no returns window of its own", order=order, kind="return")
    assert create(order, kind="withdrawal").status == RequestStatus.REQUESTED


def test_window_is_counted_from_delivery_not_from_the_order():
    # Ordered long ago, delivered yesterday: still withdrawable.
    order = make_order(delivered_days_ago=1)
    order.status_changes.exclude(to_status=OrderStatus.DELIVERED).update(created_at=order.placed_at.replace(year=2020))
    assert create(order).status == RequestStatus.REQUESTED


@pytest.mark.parametrize("path", [[OrderStatus.PAID], [OrderStatus.PAID, OrderStatus.SHIPPED]])
def test_an_order_not_delivered_yet_is_refused(path):
    order = make_order(status_path=path)
    refused("once the order has been delivered", order=order)


def test_quantity_above_what_was_delivered_is_refused():
    order = make_order(lines=[(2500, 2)])
    refused("You can return at most 2 of", order=order, quantities=qty(order, 3))


def test_already_returned_quantity_is_counted():
    order = make_order(lines=[(2500, 2)])
    rr = create(order, quantities=qty(order, 1))
    request_approve(request=rr, instructions="Send it", actor=None)
    request_mark_received(request=rr, actor=None)
    refused("You can return at most 1 of", order=order, quantities=qty(order, 2))
    assert create(order, quantities=qty(order, 1)).status == RequestStatus.REQUESTED
    refused("already an open request", order=order, quantities=qty(order, 1))


def test_fully_returned_line_cannot_be_returned_again():
    order = make_order(lines=[(2500, 1), (1000, 1)])
    rr = create(order, quantities=qty(order, 1))
    request_approve(request=rr, instructions="Send it", actor=None)
    request_mark_received(request=rr, actor=None)
    refused("You can return at most 0 of", order=order, quantities=qty(order, 1))


def test_one_open_request_per_item():
    order = make_order()
    create(order, quantities=qty(order, 1))
    refused("already an open request", order=order, kind="return", quantities=qty(order, 1))
    # The other line is free.
    assert create(order, quantities=qty(order, 0, 1)).lines.count() == 1


def test_a_rejected_request_frees_the_item():
    order = make_order()
    rr = create(order, quantities=qty(order, 2))
    request_reject(request=rr, code="other", note="Opened hygiene seal", next_steps="Contact support", actor=None)
    assert create(order, quantities=qty(order, 2)).status == RequestStatus.REQUESTED


def test_lines_of_another_order_are_refused():
    order, other = make_order(), make_order()
    refused("not part of this order", order=order, quantities=qty(other, 1))


@pytest.mark.parametrize("bad", [{}, {"x": "1"}, {"1": "-1"}, {"1": "1.5"}, {"1": "0"}])
def test_garbage_quantities_are_refused(bad):
    order = make_order()
    with pytest.raises(ApplicationError):
        create(order, quantities=bad)
    assert ReturnRequest.objects.count() == 0


def test_unknown_kind_is_refused():
    refused("Choose what you want to do", order=make_order(), kind="steal")


@pytest.mark.parametrize(
    ("iban", "message"),
    [
        ("", "Enter the IBAN"),
        ("NL91ABNA0417164301", "check digits do not match"),
        ("NL91ABNA04171643", "not a valid IBAN"),
        ("XX91ABNA0417164300", "not a valid IBAN"),
        ("NL91 ABNA 0417 1643 0!", "not a valid IBAN"),
    ],
)
def test_bad_iban_is_refused_for_offline_payments(iban, message):
    refused(message, order=make_order(method=PaymentMethod.CASH_ON_DELIVERY), iban=iban)


def test_iban_is_normalised_and_holder_required():
    order = make_order(method=PaymentMethod.BANK_TRANSFER)
    refused("account holder", order=order, account_holder=" ")
    rr = create(order, iban="nl91 abna 0417 1643 00")
    assert rr.iban == GOOD_IBAN


def test_card_orders_are_not_asked_for_an_iban():
    order = make_order(method=PaymentMethod.CARD)
    rr = request_create(order=order, kind="withdrawal", quantities=qty(order, 1), iban="garbage")
    assert rr.iban == ""


def test_iban_checksum():
    assert iban_checksum_ok("DE89370400440532013000")
    assert not iban_checksum_ok("DE89370400440532013001")
    assert iban_clean("de89 3704 0044 0532 0130 00") == "DE89370400440532013000"


def test_complaint_needs_a_description():
    refused("Describe what is wrong", order=make_order(), kind="complaint", reason="bad")


def test_complaint_photos_are_reencoded_without_metadata():
    from PIL import Image

    order = make_order()
    rr = create(
        order,
        kind="complaint",
        reason="The zip broke on first use.",
        photos=[image_upload("a.png", fmt="PNG", size=(3000, 1000)), image_upload("b.jpg", exif=True)],
    )
    photos = list(rr.photos.all())
    assert len(photos) == 2
    for photo in photos:
        assert photo.image.name.endswith(".jpg") and "a.png" not in photo.image.name
        with Image.open(photo.image.open("rb")) as image:
            assert image.format == "JPEG"
            assert max(image.size) <= 2000
            assert not image.getexif()  # no camera make, no GPS
    assert (photos[0].width, photos[0].height) == (2000, 667)


def test_non_image_photo_is_refused():
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("evil.jpg", b"<?php echo 1; ?>" * 10, content_type="image/jpeg")
    refused("not a photo we can read", order=make_order(), kind="complaint", reason="Broken on arrival.", photos=[fake])


def test_oversized_photo_is_refused():
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * (5 * 1024 * 1024 + 1), content_type="image/jpeg")
    refused("larger than 5 MB", order=make_order(), kind="complaint", reason="Broken on arrival.", photos=[big])


def test_too_many_photos_are_refused():
    photos = [image_upload(f"{n}.jpg") for n in range(5)]
    refused("at most 4 photos", order=make_order(), kind="complaint", reason="Broken on arrival.", photos=photos)


def test_photos_only_for_complaints():
    refused("only needed for a complaint", order=make_order(), photos=[image_upload()])


def test_transition_table_is_the_only_way():
    order = make_order()
    rr = create(order)
    with pytest.raises(ApplicationError):
        request_mark_received(request=rr, actor=None)  # requested -> received is not allowed
    rr.refresh_from_db()
    assert rr.status == RequestStatus.REQUESTED
    assert ALLOWED_TRANSITIONS[RequestStatus.REFUNDED] == frozenset()
    request_reject(request=rr, code="item_not_received", next_steps="n", actor=None)
    with pytest.raises(ApplicationError):
        request_approve(request=rr, instructions="x", actor=None)


def test_approve_and_reject_need_their_texts():
    rr = create(make_order())
    with pytest.raises(ApplicationError):
        request_approve(request=rr, instructions="  ", actor=None)
    with pytest.raises(ApplicationError):
        request_reject(request=rr, code="item_not_received", next_steps="", actor=None)
    rr.refresh_from_db()
    assert rr.status == RequestStatus.REQUESTED
    assert not mail.outbox or all("approved" not in m.subject for m in mail.outbox)


def test_path_constant_reaches_delivered():
    assert PATH[-1] == OrderStatus.DELIVERED


def test_a_fully_refunded_order_is_refused():
    order = make_order(lines=[(2500, 1)])
    rr = create(order, quantities=qty(order, 1))
    request_approve(request=rr, instructions="Send it", actor=None)
    request_mark_received(request=rr, actor=None)
    refused("already been refunded in full", order=order, kind="complaint", reason="It was broken anyway.")
