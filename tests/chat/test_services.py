"""Chat rules: every chat is a ticket, honest availability, limits, order links, claim/transfer/close."""

from __future__ import annotations

import datetime
import time
from types import SimpleNamespace

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from chat import services
from chat.factories import ConversationFactory
from chat.models import CannedAnswer, Conversation
from chat.selectors import (
    availability_text,
    chat_availability,
    chat_first_response_median,
    conversation_for_token,
    staff_online_count,
)
from chat.tokens import conversation_token
from core.errors import ApplicationError
from orders.factories import OrderFactory
from support.models import Ticket, TicketMessage
from support.selectors import order_verification_code, support_settings_get, ticket_first_response_stats
from tests.accounts.helpers import user_make
from tests.chat.conftest import answerer

pytestmark = pytest.mark.django_db


def start(**kwargs) -> Conversation:
    data = {"name": "Gus Guest", "email": "gus@example.com", "message": "Is my card payment through yet?",
            "ip": "203.0.113.5"}
    data.update(kwargs)
    return services.conversation_start(**data)


# --- Every chat is a ticket; availability from presence ---------------------------------------------


def test_with_staff_online_a_chat_is_live_and_a_ticket(online):
    conversation = start()
    assert conversation.mode == Conversation.Mode.LIVE and conversation.status == Conversation.Status.WAITING
    ticket = Ticket.objects.get()
    assert conversation.ticket == ticket and ticket.messages.get().body == "Is my card payment through yet?"


def test_with_nobody_online_the_chat_becomes_a_ticket_and_says_so(staff):
    conversation = start()
    assert conversation.mode == Conversation.Mode.OFFLINE and conversation.status == Conversation.Status.CLOSED
    assert Ticket.objects.get().status == Ticket.Status.OPEN  # waits for an email answer
    text = availability_text(availability=chat_availability(), support=support_settings_get())
    assert "Nobody from our team is online right now" in text and "becomes a support ticket" in text


def test_presence_expires_after_sixty_seconds(staff):
    now = timezone.now()
    services.staff_presence_beat(user=staff, now=now - datetime.timedelta(seconds=60))
    assert staff_online_count(now=now) == 1  # exactly at the limit: still online
    services.staff_presence_beat(user=staff, now=now - datetime.timedelta(seconds=61))
    assert staff_online_count(now=now) == 0


def test_leaving_the_inbox_ends_presence_at_once(online):
    services.staff_presence_leave(user=online)
    assert staff_online_count() == 0


def test_median_first_response_is_measured_from_the_last_30_days(staff):
    now = timezone.now()
    for seconds in (30, 60, 600):
        conversation = ConversationFactory(created_at=now - datetime.timedelta(hours=1))
        services.message_from_staff(conversation=conversation, author=staff, body="Hello!",
                                    now=conversation.created_at + datetime.timedelta(seconds=seconds))
    old = ConversationFactory(created_at=now - datetime.timedelta(days=31))
    services.message_from_staff(conversation=old, author=staff, body="Late", now=old.created_at + datetime.timedelta(
        hours=5))
    median, measured = chat_first_response_median(now=now)
    assert median == datetime.timedelta(seconds=60) and measured == 3


def test_an_unanswered_chat_counts_with_its_waiting_time(staff):
    now = timezone.now()
    ConversationFactory(created_at=now - datetime.timedelta(minutes=5, seconds=1))  # past the grace: counts
    ConversationFactory(created_at=now - datetime.timedelta(minutes=4))  # still fresh: not yet
    median, measured = chat_first_response_median(now=now)
    assert measured == 1 and median == datetime.timedelta(minutes=5, seconds=1)


def test_no_chats_means_no_claim():
    text = availability_text(availability=chat_availability(), support=support_settings_get())
    assert "no chats from the last 30 days" in text


def test_chats_count_in_the_support_figures(online):
    conversation = start()
    services.message_from_staff(conversation=conversation, author=online, body="Yes, it went through.")
    stats = ticket_first_response_stats(days=30)
    assert stats.answered == 1 and stats.median is not None


# --- Limits ---------------------------------------------------------------------------------------


def test_message_length_limit_is_exactly_1000(online):
    conversation = start()
    services.message_from_shopper(conversation=conversation, body="x" * 1000)
    with pytest.raises(ApplicationError, match="too long"):
        services.message_from_shopper(conversation=conversation, body="x" * 1001)


def test_ten_messages_a_minute_then_refused(online):
    conversation = start()
    now = timezone.now()
    for i in range(services.MESSAGES_PER_MINUTE - 1):  # the first message was the opening one
        services.message_from_shopper(conversation=conversation, body=f"line {i}", now=now)
    with pytest.raises(ApplicationError, match="very fast"):
        services.message_from_shopper(conversation=conversation, body="one more", now=now)
    services.message_from_shopper(conversation=conversation, body="a minute later",
                                  now=now + datetime.timedelta(seconds=61))


def test_card_numbers_are_masked_before_they_are_stored(online):
    conversation = start(message="Can I pay with 4242 4242 4242 4242 exp 12/30?")
    services.message_from_shopper(conversation=conversation, body="IBAN NL91ABNA0417164300")
    bodies = " ".join(TicketMessage.objects.values_list("body", flat=True))
    assert "4242 4242 4242 4242" not in bodies and "•••• •••• •••• 4242" in bodies
    assert "0417164300" not in bodies and "NL•• •••• •••• 4300" in bodies


def test_a_closed_chat_takes_no_more_messages(online):
    conversation = start()
    services.conversation_close(conversation=conversation)
    with pytest.raises(ApplicationError, match="ended"):
        services.message_from_shopper(conversation=conversation, body="hello?")


# --- Orders ---------------------------------------------------------------------------------------


def test_a_guest_links_an_order_with_its_verification_code(online):
    order = OrderFactory()
    conversation = start(order_number=order.number.lower(), order_code=order_verification_code(order=order))
    assert conversation.order == order and conversation.ticket.order_number == order.number


def test_a_wrong_code_links_nothing_and_opens_nothing(online):
    order = OrderFactory()
    with pytest.raises(ApplicationError, match="do not match"):
        start(order_number=order.number, order_code="ZZZZZZ")
    assert not Ticket.objects.exists()


def test_five_wrong_codes_an_hour_then_even_the_right_one_waits(online):
    order = OrderFactory()
    for _ in range(services.ORDER_CODE_TRIES_PER_HOUR):
        with pytest.raises(ApplicationError, match="do not match"):
            start(order_number=order.number, order_code="ZZZZZZ")
    with pytest.raises(ApplicationError, match="Too many tries"):
        start(order_number=order.number, order_code=order_verification_code(order=order))


def test_a_signed_in_owner_needs_no_code(online):
    ada = user_make(username="ada", email="ada@example.com")
    order = OrderFactory(user=ada, email=ada.email)
    conversation = start(user=ada, email=ada.email, order_number=order.number)
    assert conversation.order == order and conversation.ticket.user == ada


def test_someone_elses_order_needs_the_code_even_when_signed_in(online):
    ada = user_make(username="ada", email="ada@example.com")
    order = OrderFactory()
    with pytest.raises(ApplicationError, match="do not match"):
        start(user=ada, email=ada.email, order_number=order.number)


# --- Who may read a conversation --------------------------------------------------------------------


def test_the_token_opens_only_its_own_conversation(client):
    mine, other = ConversationFactory(), ConversationFactory()
    token = conversation_token(public_id=mine.public_id)
    assert conversation_for_token(token=token, user=None) == mine
    assert client.get(reverse("chat:messages", args=[token])).status_code == 200
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get(reverse("chat:messages", args=[forged])).status_code == 404
    assert client.get(reverse("chat:messages", args=[str(other.public_id)])).status_code == 404


@pytest.mark.parametrize(("age", "status"), [(3599, 200), (3600, 200), (3601, 404)])
def test_the_token_expires_after_its_max_age(settings, client, monkeypatch, age, status):
    """Exactly at its max age a token still opens the chat; a second later it does not. Both instants are fixed:
    a slow request must not age the token by a second."""
    settings.CHAT_TOKEN_MAX_AGE_HOURS = 1
    conversation = ConversationFactory()
    now = int(time.time())
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: now - age))
    token = conversation_token(public_id=conversation.public_id)
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: now))
    assert client.get(reverse("chat:messages", args=[token])).status_code == status


def test_a_signed_in_shoppers_chat_opens_only_for_that_account():
    ada = user_make(username="ada", email="ada@example.com")
    bob = user_make(username="bob", email="bob@example.com")
    conversation = ConversationFactory(ticket__user=ada)
    token = conversation_token(public_id=conversation.public_id)
    assert conversation_for_token(token=token, user=ada) == conversation
    assert conversation_for_token(token=token, user=bob) is None
    assert conversation_for_token(token=token, user=None) is None


# --- Staff: claim, reply, transfer, close, canned answers -------------------------------------------


def test_answering_a_waiting_chat_claims_it_and_measures_the_first_answer(staff):
    conversation = ConversationFactory()
    services.message_from_staff(conversation=conversation, author=staff, body="Hi, Sam here.")
    conversation.refresh_from_db()
    assert conversation.status == Conversation.Status.ACTIVE and conversation.assigned_to == staff
    assert conversation.ticket.first_response_at is not None


def test_a_claimed_chat_cannot_be_taken_without_a_transfer(staff):
    other = answerer("kim")
    conversation = ConversationFactory()
    services.conversation_claim(conversation=conversation, user=staff)
    with pytest.raises(ApplicationError, match="already handling"):
        services.conversation_claim(conversation=conversation, user=other)
    services.conversation_transfer(conversation=conversation, user=staff, to=other)
    conversation.refresh_from_db()
    assert conversation.assigned_to == other


def test_transfer_only_to_staff_who_answer_chats(staff):
    clerk = user_make(username="clerk", email="clerk@trustmark.example", staff=True)
    conversation = ConversationFactory()
    with pytest.raises(ApplicationError, match="colleague"):
        services.conversation_transfer(conversation=conversation, user=staff, to=clerk)


def test_closing_an_answered_chat_closes_its_ticket(staff):
    conversation = ConversationFactory()
    services.message_from_staff(conversation=conversation, author=staff, body="Done!")
    services.conversation_close(conversation=conversation)
    conversation.refresh_from_db()
    assert conversation.status == Conversation.Status.CLOSED and conversation.closed_at is not None
    assert conversation.ticket.status == Ticket.Status.CLOSED


def test_canned_answers_exist_in_english_polish_and_dutch(staff):
    assert set(CannedAnswer.objects.values_list("language", flat=True)) == {"en", "pl", "nl"}
    canned = CannedAnswer.objects.get(language="pl", title="Dane karty")
    conversation = ConversationFactory()
    data = services.message_from_staff(conversation=conversation, author=staff, canned_id=canned.pk)
    assert data["body"] == canned.body and "Nigdy nie prosimy" in data["body"]


def test_an_answer_to_a_chat_left_as_a_ticket_goes_out_by_email(staff, mailoutbox, django_capture_on_commit_callbacks):
    conversation = ConversationFactory(mode=Conversation.Mode.OFFLINE, status=Conversation.Status.CLOSED)
    with django_capture_on_commit_callbacks(execute=True):
        services.message_from_staff(conversation=conversation, author=staff, body="Here is our answer by email.")
    assert any("Here is our answer by email." in m.body for m in mailoutbox)
