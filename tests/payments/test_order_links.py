"""Signed order links expire and can be revoked; an expired or revoked link offers a fresh one (issue 14, item 7).

Time is frozen by replacing the clock ``django.core.signing`` reads (its timestamps are whole seconds).
"""

from __future__ import annotations

import datetime
import re
import types

import pytest
from django.core import mail, signing
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from core.errors import ApplicationError
from orders.access import SALT, order_access_key, order_signed_path
from orders.services import LINK_RESEND_INTERVAL, order_link_secret_rotate, order_link_send
from returns.services import request_create
from reviews.tokens import review_link_token
from tests.returns.conftest import GOOD_IBAN, make_order, qty

pytestmark = pytest.mark.django_db

T0 = 1_900_000_000  # a fixed "now" for signing, in seconds


@pytest.fixture
def clock(monkeypatch):
    """Set the clock ``django.core.signing`` reads: ``clock(seconds)``."""

    def set_to(seconds: float) -> None:
        monkeypatch.setattr(signing, "time", types.SimpleNamespace(time=lambda: seconds))

    return set_to


def expired_page(response) -> bool:
    return response.status_code == 403 and 'data-testid="order-link-expired"' in response.content.decode()


def ticket_of(response) -> str:
    return re.search(r'name="ticket" value="([^"]+)"', response.content.decode()).group(1)


@pytest.fixture
def order():
    return make_order()  # a delivered guest order paid by bank transfer (no Stripe call on its page)


# --- Lifetime -----------------------------------------------------------------------------------------------


def test_a_link_works_at_exactly_its_max_age_and_not_one_second_later(client, order, clock, settings):
    settings.ORDER_LINK_MAX_AGE_DAYS = 90
    max_age = 90 * 24 * 60 * 60
    clock(T0)
    path = order_signed_path(order=order)
    clock(T0 + max_age)
    assert client.get(path).status_code == 200
    clock(T0 + max_age + 1)
    response = client.get(path)
    assert expired_page(response)
    assert "This link has expired" in response.content.decode()
    assert order.full_name not in response.content.decode()  # the page shows nothing of the order


def test_the_lifetime_follows_the_setting(client, order, clock, settings):
    settings.ORDER_LINK_MAX_AGE_DAYS = 30
    clock(T0)
    path = order_signed_path(order=order)
    clock(T0 + 31 * 24 * 60 * 60)
    assert expired_page(client.get(path))


def test_return_pages_reached_by_an_expired_link_offer_a_fresh_one(client, order, clock, settings):
    clock(T0)
    key = order_access_key(order=order)
    rr = request_create(order=order, kind="withdrawal", quantities=qty(order, 1), iban=GOOD_IBAN, account_holder="B")
    clock(T0 + settings.ORDER_LINK_MAX_AGE_DAYS * 24 * 60 * 60 + 1)
    for url in (reverse("returns:request_start", args=[order.number]), rr.get_absolute_url()):
        assert expired_page(client.get(f"{url}?key={key}")), url


def test_the_owner_signed_in_needs_no_link(client, clock, settings):
    owner = UserFactory()
    order = make_order(user=owner)
    clock(T0)
    path = order_signed_path(order=order)
    clock(T0 + settings.ORDER_LINK_MAX_AGE_DAYS * 24 * 60 * 60 + 1)
    client.force_login(owner)
    assert client.get(path).status_code == 200


def test_a_forged_key_or_one_for_another_order_is_still_a_plain_404(client, order):
    other_key = order_access_key(order=make_order())
    url = order.get_absolute_url()
    for key in ("forged", other_key, order_access_key(order=order)[:-3] + "abc"):
        response = client.get(f"{url}?key={key}")
        assert response.status_code == 404 and not expired_page(response), key


def test_links_made_before_links_had_a_secret_stop_working(client, order):
    """Old emails carried the order number alone, with no end: they now open the fresh-link page."""
    old_key = signing.dumps(order.number, salt=SALT, compress=False)
    assert expired_page(client.get(f"{order.get_absolute_url()}?key={old_key}"))


# --- Revocation ---------------------------------------------------------------------------------------------


def test_rotating_the_secret_refuses_every_earlier_link(client, order):
    path = order_signed_path(order=order)
    product = order.lines.first().product
    review_url = reverse("reviews:write_from_order", args=[review_link_token(order=order, product=product)])
    start_url = reverse("returns:request_start", args=[order.number]) + "?key=" + path.split("?key=")[1]
    assert client.get(path).status_code == 200
    assert client.get(start_url).status_code == 200
    order_link_secret_rotate(order=order, actor=None)
    assert expired_page(client.get(path))
    assert expired_page(client.get(start_url))
    assert expired_page(client.get(review_url))
    assert client.get(order_signed_path(order=order)).status_code == 200  # a link made now works


def test_the_admin_action_revokes_the_links(merchant_client, order):
    path = order_signed_path(order=order)
    post = {"action": "revoke_links", "_selected_action": [str(order.pk)]}
    question = merchant_client.post(reverse("admin:orders_order_changelist"), post)
    assert "This cannot be undone" in question.content.decode()  # asked first
    assert merchant_client.get(path).status_code == 200
    response = merchant_client.post(reverse("admin:orders_order_changelist"), {**post, "confirmed": "yes"})
    assert response.status_code == 302
    merchant_client.logout()
    assert expired_page(merchant_client.get(path))


# --- A fresh link ---------------------------------------------------------------------------------------------


def test_the_expired_page_emails_a_fresh_link_to_the_order_address_only(
    client, order, clock, settings, django_capture_on_commit_callbacks
):
    clock(T0)
    path = order_signed_path(order=order)
    clock(T0 + settings.ORDER_LINK_MAX_AGE_DAYS * 24 * 60 * 60 + 1)
    page = client.get(path)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("orders:order_link_resend", args=[order.number]),
            {"ticket": ticket_of(page), "email": "attacker@example.com"},
        )
    assert response.status_code == 200 and 'data-testid="order-link-sent"' in response.content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [order.email]
    fresh = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    assert client.get(fresh[fresh.index("/orders/") :]).status_code == 200


def test_a_fresh_link_is_sent_at_most_once_per_interval(client, order, django_capture_on_commit_callbacks):
    order_link_secret_rotate(order=order, actor=None)
    page = client.get(f"{order.get_absolute_url()}?key={signing.dumps(order.number, salt=SALT)}")
    url = reverse("orders:order_link_resend", args=[order.number])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"ticket": ticket_of(page)}).status_code == 200
        again = client.post(url, {"ticket": ticket_of(page)})
    assert again.status_code == 429 and "try again in 15 minutes" in again.content.decode()
    assert len(mail.outbox) == 1


def test_the_resend_interval_boundary(order):
    sent = timezone.now()
    order_link_send(order=order, now=sent)
    with pytest.raises(ApplicationError):
        order_link_send(order=order, now=sent + LINK_RESEND_INTERVAL - datetime.timedelta(seconds=1))
    order_link_send(order=order, now=sent + LINK_RESEND_INTERVAL)


def test_knowing_an_order_number_is_not_enough_to_send_emails(client, order):
    url = reverse("orders:order_link_resend", args=[order.number])
    assert client.post(url, {"ticket": "made-up"}).status_code == 404
    assert client.post(url, {}).status_code == 404
    assert mail.outbox == []


# --- Existing orders get distinct secrets ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_existing_orders_distinct_secrets():
    before = [("payments", "0006_single_line_fields")]
    after = [("payments", "0008_order_link_secret_required")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    OldOrder = executor.loader.project_state(before).apps.get_model("payments", "Order")
    for n in range(3):
        OldOrder.objects.create(
            email=f"b{n}@example.com", full_name="B", address_line1="x", postal_code="1", city="A", country="NL",
            payment_method="card",
        )  # fmt: skip
    executor.loader.build_graph()
    executor.migrate(after)
    # Read through the migrated state: later migrations (other columns) are not applied yet.
    MigratedOrder = executor.loader.project_state(after).apps.get_model("payments", "Order")
    secrets = list(MigratedOrder.objects.values_list("link_secret", flat=True))
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # back to the schema every other test expects
    assert len(secrets) == 3 and len(set(secrets)) == 3 and all(len(s) >= 40 for s in secrets)
