"""Shopper pages: the panel on the order page, starting a request, following it, the label; who may see what."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.factories import UserFactory
from orders.access import order_access_key, order_signed_path
from orders.models import PaymentMethod
from returns.models import ReturnRequest
from returns.services import request_approve, request_create, request_mark_received
from tests.returns.conftest import GOOD_IBAN, image_upload, make_order, qty

pytestmark = pytest.mark.django_db


def start_url(order, key=""):
    return reverse("returns:request_start", args=[order.number]) + (f"?key={key}" if key else "")


def post_data(order, kind="withdrawal", counts=(1,), **extra):
    data = {"kind": kind, "reason": "", "iban": GOOD_IBAN, "account_holder": "Bea Buyer"}
    for line, count in zip(order.lines.order_by("id"), counts, strict=False):
        data[f"qty_{line.pk}"] = str(count)
    data.update(extra)
    return data


def test_order_page_shows_the_panel_with_deadlines(client):
    user = UserFactory()
    order = make_order(user=user, delivered_days_ago=2, window_days=30)
    client.force_login(user)
    html = client.get(order.get_absolute_url()).content.decode()
    assert 'data-testid="returns-panel"' in html
    assert "Withdraw from the purchase (no reason needed)" in html
    assert "Returns policy accepted with this order: 30 days from delivery." in html
    assert start_url(order) in html


def test_panel_says_when_only_the_legal_withdrawal_applies(client):
    user = UserFactory()
    order = make_order(user=user, window_days=None)
    client.force_login(user)
    html = client.get(order.get_absolute_url()).content.decode()
    assert "only has the legal 14-day withdrawal" in html


def test_no_panel_before_delivery(client):
    from orders.states import OrderStatus

    user = UserFactory()
    order = make_order(user=user, status_path=[OrderStatus.PAID])
    client.force_login(user)
    assert 'data-testid="returns-panel"' not in client.get(order.get_absolute_url()).content.decode()
    response = client.post(start_url(order), post_data(order))
    assert response.status_code == 400
    assert not ReturnRequest.objects.exists()


def test_owner_starts_a_withdrawal_and_follows_it(client, django_capture_on_commit_callbacks):
    user = UserFactory()
    order = make_order(user=user)
    client.force_login(user)
    page = client.get(start_url(order)).content.decode()
    assert "This online form replaces the model withdrawal form." in page
    assert 'name="iban"' in page  # bank transfer: refund to an account the shopper gives
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(start_url(order), post_data(order), follow=True)
    rr = ReturnRequest.objects.get()
    assert response.redirect_chain[-1][0] == rr.get_absolute_url()
    html = response.content.decode()
    assert rr.number in html and "Requested" in html and "We answer by" in html
    assert 'data-testid="return-timeline"' in html


def test_bad_input_shows_the_message_and_changes_nothing(client):
    user = UserFactory()
    order = make_order(user=user, lines=[(2500, 2)])
    client.force_login(user)
    response = client.post(start_url(order), post_data(order, counts=(5,)))
    assert response.status_code == 400
    assert "You can return at most 2 of" in response.content.decode()
    response = client.post(start_url(order), post_data(order, iban="NL00ABNA0417164300"))
    assert response.status_code == 400
    assert "check digits do not match" in response.content.decode()
    assert not ReturnRequest.objects.exists()


def test_card_order_form_has_no_iban(client):
    user = UserFactory()
    order = make_order(user=user, method=PaymentMethod.CARD)
    client.force_login(user)
    page = client.get(start_url(order)).content.decode()
    assert 'name="iban"' not in page and "We refund to your original payment method" in page


def test_guest_with_the_signed_link(client):
    order = make_order()  # no user: a guest order
    signed_path = order_signed_path(order=order)
    key = signed_path.split("?key=")[1]
    assert client.get(start_url(order)).status_code == 404
    assert client.get(start_url(order, key="forged")).status_code == 404
    html = client.get(signed_path).content.decode()
    assert start_url(order, key) in html
    response = client.post(start_url(order, key), post_data(order))
    rr = ReturnRequest.objects.get()
    assert response["Location"] == f"{rr.get_absolute_url()}?key={key}"
    assert client.get(f"{rr.get_absolute_url()}?key={key}").status_code == 200
    assert client.get(rr.get_absolute_url()).status_code == 404


def test_other_users_order_and_request_are_404(client):
    owner, intruder = UserFactory(), UserFactory()
    order = make_order(user=owner)
    rr = request_create(order=order, kind="withdrawal", quantities=qty(order, 1), iban=GOOD_IBAN, account_holder="B")
    other_key = order_access_key(order=make_order(user=intruder))
    client.force_login(intruder)
    assert client.get(start_url(order)).status_code == 404
    assert client.post(start_url(order), post_data(order)).status_code == 404
    assert client.get(rr.get_absolute_url()).status_code == 404
    assert client.get(f"{rr.get_absolute_url()}?key={other_key}").status_code == 404
    assert client.get(reverse("returns:request_label", args=[rr.number])).status_code == 404
    assert ReturnRequest.objects.count() == 1


def test_complaint_with_photos_served_only_to_the_owner(client):
    owner = UserFactory()
    order = make_order(user=owner)
    client.force_login(owner)
    data = post_data(order, kind="complaint", reason="The handle came off on day one.")
    data["photos"] = [image_upload("one.jpg", exif=True), image_upload("two.png", fmt="PNG")]
    response = client.post(start_url(order), data)
    assert response.status_code == 302
    rr = ReturnRequest.objects.get()
    photo = rr.photos.first()
    photo_url = reverse("returns:request_photo", args=[rr.number, photo.pk])
    detail = client.get(rr.get_absolute_url()).content.decode()
    assert photo_url in detail
    image = client.get(photo_url)
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert b"SecretCam" not in b"".join(image.streaming_content)
    client.logout()
    assert client.get(photo_url).status_code == 404
    assert "/media/" not in detail


def test_non_image_upload_shows_a_clear_message(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    owner = UserFactory()
    order = make_order(user=owner)
    client.force_login(owner)
    data = post_data(order, kind="complaint", reason="The handle came off on day one.")
    data["photos"] = [SimpleUploadedFile("x.jpg", b"not an image at all", content_type="image/jpeg")]
    response = client.post(start_url(order), data)
    assert response.status_code == 400
    assert "is not a photo we can read" in response.content.decode()
    assert not ReturnRequest.objects.exists()


def test_label_page_only_when_approved_and_refund_visible_on_order_page(client):
    owner = UserFactory()
    order = make_order(user=owner)
    client.force_login(owner)
    rr = request_create(order=order, kind="return", quantities=qty(order, 1), iban=GOOD_IBAN, account_holder="B")
    label_url = reverse("returns:request_label", args=[rr.number])
    assert client.get(label_url).status_code == 404
    request_approve(request=rr, instructions="Drop it at any PostNL point.", actor=None)
    detail = client.get(rr.get_absolute_url()).content.decode()
    assert "Drop it at any PostNL point." in detail and label_url in detail
    label = client.get(label_url).content.decode()
    assert rr.number in label and order.full_name in label and 'data-testid="return-label"' in label
    assert "style=" not in label and "<script>" not in label
    request_mark_received(request=rr, actor=None)
    page = client.get(order.get_absolute_url()).content.decode()
    assert "€25.00" in page and "Refunded" in page and rr.number in page
    assert client.get(label_url).status_code == 404  # the label is for the approved step only
