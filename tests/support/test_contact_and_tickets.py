"""The contact page, the ticket form (bad input, honeypot, rate limit), staff replies and the shopper's tickets."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from support.factories import TicketFactory, TicketMessageFactory
from support.models import SupportSettings, Ticket, TicketMessage
from support.selectors import ticket_first_response_median, ticket_first_response_stats
from support.services import TICKETS_PER_HOUR, ticket_reply

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Ada Lovelace",
    "email": "ada@example.com",
    "order_number": "tm-abc123",
    "topic": "delivery",
    "message": "My parcel has not arrived after a week. Can you check?",
    "website": "",
}


@pytest.fixture
def support_settings():
    return SupportSettings.objects.create(
        email="help@trustmark.example", phone="+31 20 555 0142", opening_hours="Mon–Fri 9:00–17:00",
        first_response_hours=12,
    )


def test_contact_page_lists_the_merchants_channels(client, support_settings):
    response = client.get(reverse("support:contact"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "help@trustmark.example" in body
    assert "+31 20 555 0142" in body
    assert "Mon–Fri 9:00–17:00" in body
    assert "within 12 hours" in body


def test_a_valid_message_opens_a_ticket_and_emails_its_reference(client, support_settings,
                                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("support:contact"), VALID, follow=True)
    ticket = Ticket.objects.get()
    assert ticket.order_number == "TM-ABC123"
    assert ticket.status == Ticket.Status.OPEN and ticket.first_response_at is None
    assert ticket.messages.get().body == VALID["message"]
    assert ticket.reference in response.content.decode()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["ada@example.com"]
    assert ticket.reference in email.subject
    assert "within 12 hours" in email.body
    assert "@trustmark.example" in email.body  # the anti-phishing footer
    assert email.reply_to == ["help@trustmark.example"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"message": "short"}, "message", "at least 10 characters"),
        ({"message": "x" * 5001}, "message", "at most 5000 characters"),
        ({"email": "not-an-email"}, "email", "valid email"),
        ({"name": ""}, "name", "required"),
        ({"name": "n" * 121}, "name", "at most 120 characters"),
        ({"topic": "bitcoin"}, "topic", "valid choice"),
        ({"order_number": "X" * 21}, "order_number", "at most 20 characters"),
    ],
)
def test_bad_input_shows_a_message_next_to_the_field_and_stores_nothing(client, changes, field, message):
    response = client.post(reverse("support:contact"), {**VALID, **changes})
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in body
    assert message in body
    assert 'aria-invalid="true"' in body
    assert not Ticket.objects.exists() and not TicketMessage.objects.exists()
    assert mail.outbox == []


def test_the_honeypot_field_stops_robots(client):
    response = client.post(reverse("support:contact"), {**VALID, "website": "http://spam.example"})
    assert response.status_code == 200
    assert "could not be sent" in response.content.decode()
    assert not Ticket.objects.exists()


def test_too_many_messages_from_one_address_are_refused(client):
    for n in range(TICKETS_PER_HOUR):
        client.post(reverse("support:contact"), {**VALID, "email": f"ada{n}@example.com"})
    assert Ticket.objects.count() == TICKETS_PER_HOUR  # same network address for all of them
    response = client.post(reverse("support:contact"), {**VALID, "email": "other@example.com"})
    assert "several messages in the last hour" in response.content.decode()
    assert Ticket.objects.count() == TICKETS_PER_HOUR


def test_the_limit_also_counts_by_email_address(client):
    for n in range(TICKETS_PER_HOUR):
        client.post(reverse("support:contact"), VALID, REMOTE_ADDR=f"10.0.0.{n + 1}")
    response = client.post(reverse("support:contact"), VALID, REMOTE_ADDR="10.0.0.99")
    assert "several messages in the last hour" in response.content.decode()
    assert Ticket.objects.count() == TICKETS_PER_HOUR


def test_signed_in_shopper_sees_their_ticket_and_the_reply(client, django_capture_on_commit_callbacks):
    shopper = UserFactory(username="ada", email="ada@example.com")
    client.force_login(shopper)
    response = client.post(reverse("support:contact"), {**VALID, "email": shopper.email})
    ticket = Ticket.objects.get()
    assert ticket.user == shopper
    assert response["Location"] == ticket.get_absolute_url()

    staff = UserFactory(username="merchant", is_staff=True)
    ticket_reply(ticket=ticket, author=staff, body="Your parcel arrives tomorrow.")

    listing = client.get(reverse("support:tickets")).content.decode()
    assert ticket.reference in listing and "Answered" in listing
    detail = client.get(ticket.get_absolute_url()).content.decode()
    assert VALID["message"] in detail
    assert "Your parcel arrives tomorrow." in detail


def test_tickets_need_sign_in_and_only_the_owner_sees_one(client):
    owner = UserFactory(username="owner")
    ticket = TicketFactory(user=owner, email=owner.email)
    TicketMessageFactory(ticket=ticket, body="Private question about my order")

    response = client.get(ticket.get_absolute_url())
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert client.get(reverse("support:tickets")).status_code == 302

    client.force_login(UserFactory(username="stranger"))
    assert client.get(ticket.get_absolute_url()).status_code == 404
    assert ticket.reference not in client.get(reverse("support:tickets")).content.decode()


def test_reply_emails_the_shopper_and_sets_first_response_once(django_capture_on_commit_callbacks):
    created = timezone.now() - datetime.timedelta(hours=5)
    ticket = TicketFactory(email="ada@example.com", created_at=created, language="en")
    TicketMessageFactory(ticket=ticket)
    staff = UserFactory(username="merchant", is_staff=True)

    first_at = created + datetime.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        reply = ticket_reply(ticket=ticket, author=staff, body="It left our warehouse today.", now=first_at)
    ticket.refresh_from_db()
    assert ticket.first_response_at == first_at
    assert ticket.status == Ticket.Status.ANSWERED
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ada@example.com"]
    assert "It left our warehouse today." in mail.outbox[0].body
    assert ticket.reference in mail.outbox[0].subject
    reply.refresh_from_db()
    assert reply.emailed_at is not None

    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(ticket=ticket, author=staff, body="Tracking: 3SABC123", now=first_at + datetime.timedelta(hours=1))
    ticket.refresh_from_db()
    assert ticket.first_response_at == first_at  # measured once, at the first reply
    assert len(mail.outbox) == 2


def test_empty_reply_is_refused():
    from core.errors import ApplicationError

    ticket = TicketFactory()
    with pytest.raises(ApplicationError):
        ticket_reply(ticket=ticket, author=None, body="   ")
    assert not TicketMessage.objects.filter(is_staff_reply=True).exists()


def _answered(*, hours: float, days_ago: float, now):
    created = now - datetime.timedelta(days=days_ago)
    ticket = TicketFactory(created_at=created)
    ticket_reply(ticket=ticket, author=None, body="Answer", now=created + datetime.timedelta(hours=hours), notify=False)
    return ticket


def test_median_first_response_over_the_last_30_days():
    now = timezone.now()
    _answered(hours=1, days_ago=3, now=now)
    _answered(hours=3, days_ago=10, now=now)
    _answered(hours=10, days_ago=20, now=now)
    _answered(hours=100, days_ago=45, now=now)  # outside the window
    assert ticket_first_response_median(days=30, now=now) == datetime.timedelta(hours=3)


def test_unanswered_tickets_past_the_promise_count_as_late():
    now = timezone.now()
    _answered(hours=1, days_ago=3, now=now)
    TicketFactory(created_at=now - datetime.timedelta(days=2))  # 48 h waiting, promise 24 h
    TicketFactory(created_at=now - datetime.timedelta(days=3))  # 72 h waiting
    TicketFactory(created_at=now - datetime.timedelta(hours=2))  # still inside the promise: not counted
    stats = ticket_first_response_stats(days=30, promised_hours=24, now=now)
    assert stats.answered == 1 and stats.waiting_past_promise == 2 and stats.measured == 3
    assert stats.median == datetime.timedelta(hours=48)


def test_no_tickets_means_no_median():
    assert ticket_first_response_median() is None


def test_staff_reply_from_the_admin_inline_emails_the_shopper(client, django_capture_on_commit_callbacks):
    """Signs in the real way (password, then a TOTP code): the admin demands two-factor for staff."""
    from tests.accounts.helpers import sign_in, totp_enable, user_make

    staff = user_make(username="boss", superuser=True)
    sign_in(client, staff, secret=totp_enable(staff))
    ticket = TicketFactory(email="ada@example.com", created_at=timezone.now() - datetime.timedelta(hours=1))
    TicketMessageFactory(ticket=ticket)
    url = reverse("admin:support_ticket_change", args=[ticket.pk])
    page = client.get(url)
    assert page.status_code == 200
    prefix = "messages"
    data = {
        "status": "open",
        f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1", f"{prefix}-0-body": "We sent a replacement today.",
        f"{prefix}-0-ticket": str(ticket.pk), f"{prefix}-0-id": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    ticket.refresh_from_db()
    assert ticket.first_response_at is not None and ticket.status == Ticket.Status.ANSWERED
    reply = ticket.messages.get(is_staff_reply=True)
    assert reply.author == staff and reply.body == "We sent a replacement today."
    assert [m.to for m in mail.outbox] == [["ada@example.com"]]
    assert "We sent a replacement today." in mail.outbox[0].body


def test_emails_about_an_order_carry_its_verification_code(client, django_capture_on_commit_callbacks):
    from orders.factories import OrderFactory
    from support.selectors import order_verification_code

    order = OrderFactory(email="ada@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("support:contact"), {**VALID, "order_number": order.number.lower()})
    code = order_verification_code(order=order)
    assert f"Verification code: {code}" in mail.outbox[0].body
    ticket = Ticket.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(ticket=ticket, author=None, body="On its way.")
    assert f"Verification code: {code}" in mail.outbox[1].body


def test_no_code_for_an_order_of_someone_else(client, django_capture_on_commit_callbacks):
    from orders.factories import OrderFactory

    order = OrderFactory(email="victim@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("support:contact"), {**VALID, "order_number": order.number})
    assert "Verification code" not in mail.outbox[0].body


def test_owner_can_add_a_message_and_the_ticket_waits_for_us_again(client):
    owner = UserFactory(username="owner")
    created = timezone.now() - datetime.timedelta(hours=3)
    ticket = TicketFactory(user=owner, email=owner.email, created_at=created)
    TicketMessageFactory(ticket=ticket)
    first = created + datetime.timedelta(hours=1)
    ticket_reply(ticket=ticket, author=None, body="Which colour?", now=first, notify=False)
    client.force_login(owner)
    response = client.post(ticket.get_absolute_url(), {"body": "The blue one, please."}, follow=True)
    assert "The blue one, please." in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.OPEN and ticket.first_response_at == first
    # An empty message is refused and nothing is added.
    response = client.post(ticket.get_absolute_url(), {"body": "  "})
    assert 'id="id_body_error"' in response.content.decode()
    assert ticket.messages.count() == 3


def test_nobody_else_can_write_in_a_ticket(client):
    ticket = TicketFactory(user=UserFactory(username="owner"))
    client.force_login(UserFactory(username="stranger"))
    assert client.post(ticket.get_absolute_url(), {"body": "hijack"}).status_code == 404
    assert not ticket.messages.filter(body="hijack").exists()


def test_links_from_the_order_page_prefill_topic_and_order(client):
    body = client.get(reverse("support:contact"), {"topic": "payment", "order": "TM-ABCDEFGHJK"}).content.decode()
    assert 'value="TM-ABCDEFGHJK"' in body
    assert '<option value="payment" selected>' in body
