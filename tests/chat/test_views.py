"""The widget on every shopper page, its HTTP endpoints (the polling fallback) and the staff inbox pages."""

from __future__ import annotations

import json

import pytest
from django.template import Context, Template
from django.urls import reverse

from chat.factories import ConversationFactory
from chat.models import CannedAnswer, Conversation
from chat.tokens import conversation_token
from support.models import Ticket
from tests.chat.conftest import answerer, staff_client

pytestmark = pytest.mark.django_db


def start(client, prefix: str = "", **data):
    body = {"name": "Gus Guest", "email": "gus@example.com", "message": "Has my payment arrived yet?", **data}
    return client.post(prefix + reverse("chat:start"), body)


def test_every_shopper_page_carries_the_widget_and_its_script(client):
    for path in (reverse("shop:home"), reverse("support:faq"), reverse("trust:centre")):
        html = client.get(path).content.decode()
        assert 'id="chat"' in html and "/static/js/chat.js" in html, path
        assert "never ask for your card number" in html


def test_the_widget_is_translated(client):
    html = client.get("/pl/").content.decode()
    assert "Napisz do nas" in html and "Nasi pracownicy nigdy nie proszą" in html
    html = client.get("/nl/").content.decode()
    assert "Chat met ons" in html


def test_staff_pages_have_no_shopper_widget(staff):
    html = staff_client(staff).get(reverse("chat:staff_inbox")).content.decode()
    assert 'id="chat"' not in html and "/static/js/chat_staff.js" in html


def test_the_payment_step_offers_the_chat():
    html = Template("{% load chat %}{% chat_payment_help %}").render(Context({}))
    assert 'data-chat-open="checkout"' in html and "never ask for your card details" in html


def test_status_says_who_is_online_and_hands_the_csrf_token(client, online):
    response = client.get(reverse("chat:status"))
    data = response.json()
    assert data["online"] is True and "online now" in data["text"] and len(data["csrf"]) >= 32
    assert "no-store" in response["Cache-Control"]


def test_start_over_http_then_poll_and_send(client, online):
    response = start(client, context="checkout")
    assert response.status_code == 201
    data = response.json()
    assert data["status"] == "waiting" and data["mode"] == "live" and data["reference"].startswith("SUP-")
    assert Ticket.objects.get().topic == Ticket.Topic.PAYMENT  # started next to the payment step
    token, first_id = data["token"], data["messages"][0]["id"]
    sent = client.post(reverse("chat:send", args=[token]), {"body": "<script>alert(1)</script>"})
    assert sent.status_code == 201
    polled = client.get(reverse("chat:messages", args=[token]) + f"?after={first_id}").json()
    assert [m["body"] for m in polled["messages"]] == ["<script>alert(1)</script>"]  # JSON text: shown as text
    assert client.post(reverse("chat:end", args=[token])).json()["status"] == "closed"


def test_outside_hours_the_answer_says_it_became_a_ticket(client, staff):
    data = start(client).json()
    assert data["mode"] == "offline" and data["status"] == "closed"
    assert "Nobody from our team is online" in client.get(reverse("chat:status")).json()["text"]


def test_errors_come_back_in_the_shoppers_language(client, online):
    response = start(client, prefix="/pl", message="x" * 1001)
    assert response.status_code == 400 and "jest za długie (najwyżej 1000 znaków)" in response.json()["error"]


def test_a_guest_cannot_read_another_guests_chat(client):
    mine, theirs = ConversationFactory(), ConversationFactory(first_message="Secret question about my order")
    token = conversation_token(public_id=mine.public_id)
    bodies = json.dumps(client.get(reverse("chat:messages", args=[token])).json())
    assert "Secret question" not in bodies
    assert client.get(reverse("chat:messages", args=[str(theirs.public_id)])).status_code == 404


def test_the_inbox_lists_waiting_chats_and_the_staff_answer_from_the_page(staff):
    client = staff_client(staff)
    conversation = ConversationFactory(ticket__name="Gus Guest")
    inbox = client.get(reverse("chat:staff_inbox")).content.decode()
    assert conversation.ticket.reference in inbox and "Gus Guest" in inbox
    url = reverse("chat:staff_conversation", args=[conversation.public_id])
    page = client.get(url).content.decode()
    assert "Is my payment through?" in page and "Claim this chat" in page
    assert client.post(url, {"action": "claim"}).status_code == 302
    canned = CannedAnswer.objects.get(language="nl", title="Begroeting")
    client.post(url, {"action": "reply", "body": "", "canned": str(canned.pk)})
    page = client.get(url).content.decode()
    assert canned.body in page
    colleague = answerer("kim")
    client.post(url, {"action": "transfer", "to": str(colleague.pk)})
    conversation.refresh_from_db()
    assert conversation.assigned_to == colleague and conversation.status == Conversation.Status.ACTIVE
    client.post(url, {"action": "close"})
    conversation.refresh_from_db()
    assert conversation.status == Conversation.Status.CLOSED


def test_the_conversation_page_links_the_verified_order(staff):
    from orders.factories import OrderFactory

    order = OrderFactory()
    conversation = ConversationFactory(order=order)
    page = staff_client(staff).get(reverse("chat:staff_conversation", args=[conversation.public_id])).content.decode()
    assert reverse("admin:orders_order_change", args=[order.pk]) in page and "verified with its code" in page


def test_polling_fallback_for_staff_is_a_heartbeat(staff):
    from chat.selectors import staff_online_count

    conversation = ConversationFactory()
    data = staff_client(staff).get(reverse("chat:staff_poll") + f"?conversation={conversation.public_id}").json()
    assert data["waiting"] == 1 and data["messages"][0]["body"] == "Is my payment through?"
    assert staff_online_count() == 1
