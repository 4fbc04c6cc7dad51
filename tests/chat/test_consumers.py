"""The WebSocket side over the real Redis channel layer: shopper and staff exchange messages, two-factor is
required, a guest's socket opens only with its own token, and a reconnect gets what was missed."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from chat import services
from chat.factories import ConversationFactory
from chat.models import StaffPresence
from chat.tokens import conversation_token
from config.asgi import application
from tests.chat.conftest import session_cookie
from tests.chat.websocket import WebsocketCommunicator, run_scenario

pytestmark = pytest.mark.django_db(transaction=True)
ORIGIN = (b"origin", b"http://testserver")
TIMEOUT = 5


def shopper_socket(token: str, *, after: int = 0, origin=ORIGIN) -> WebsocketCommunicator:
    return WebsocketCommunicator(application, f"/ws/chat/c/{token}/?after={after}", headers=[origin])


def staff_socket(cookie: str) -> WebsocketCommunicator:
    return WebsocketCommunicator(
        application, "/ws/chat/staff/", headers=[ORIGIN, (b"cookie", f"sessionid={cookie}".encode())]
    )


def test_the_layer_is_redis():
    assert type(get_channel_layer()).__name__ == "RedisChannelLayer"


def test_shopper_and_staff_exchange_messages_live(staff):
    conversation = ConversationFactory()
    token = conversation_token(public_id=conversation.public_id)
    cookie = session_cookie(staff)

    async def scenario():
        shopper = shopper_socket(token)
        connected, _ = await shopper.connect()
        assert connected
        hello = await shopper.receive_json_from(TIMEOUT)
        assert hello["type"] == "hello" and hello["messages"][0]["body"] == "Is my payment through?"

        inbox = staff_socket(cookie)
        connected, _ = await inbox.connect()
        assert connected
        assert await database_sync_to_async(StaffPresence.objects.filter(user=staff).exists)()
        await inbox.send_json_to({"type": "watch", "conversation": str(conversation.public_id)})
        assert (await inbox.receive_json_from(TIMEOUT))["type"] == "hello"

        await shopper.send_json_to({"type": "message", "body": "My card is 4242 4242 4242 4242, <b>help</b>"})
        seen_by_staff = await inbox.receive_json_from(TIMEOUT)
        assert seen_by_staff["type"] == "message"
        assert seen_by_staff["message"]["body"] == "My card is •••• •••• •••• 4242, <b>help</b>"  # text: escaped
        assert (await shopper.receive_json_from(TIMEOUT))["message"]["id"] == seen_by_staff["message"]["id"]

        await inbox.send_json_to({"type": "message", "conversation": str(conversation.public_id),
                                  "body": "We never need your card number. Your payment went through."})
        events = [await shopper.receive_json_from(TIMEOUT) for _ in range(2)]
        reply = next(e for e in events if e["type"] == "message")
        state = next(e for e in events if e["type"] == "state")
        assert reply["message"]["who"] == "staff" and reply["message"]["name"] == "Sam"
        assert state["status"] == "active" and state["handled_by"] == "Sam"
        await shopper.disconnect()
        await inbox.disconnect()
        assert not await database_sync_to_async(StaffPresence.objects.filter(user=staff).exists)()

    run_scenario(scenario)


def test_a_new_chat_is_announced_to_every_open_inbox(staff):
    cookie = session_cookie(staff)

    async def scenario():
        inbox = staff_socket(cookie)
        assert (await inbox.connect())[0]
        conversation = await database_sync_to_async(services.conversation_start)(
            name="Gus", email="gus@example.com", message="Where is my parcel, please?", ip="203.0.113.9"
        )
        event = await inbox.receive_json_from(TIMEOUT)
        assert event["type"] == "new" and event["conversation"] == str(conversation.public_id)
        assert event["name"] == "Gus" and event["reference"].startswith("SUP-")
        await inbox.disconnect()

    run_scenario(scenario)


def test_reconnect_receives_what_was_missed(staff):
    conversation = ConversationFactory()
    token = conversation_token(public_id=conversation.public_id)

    async def scenario():
        shopper = shopper_socket(token)
        assert (await shopper.connect())[0]
        hello = await shopper.receive_json_from(TIMEOUT)
        last_id = hello["messages"][-1]["id"]
        await shopper.disconnect()  # the network drops

        await database_sync_to_async(services.message_from_staff)(
            conversation=conversation, author=staff, body="Are you still there?"
        )

        again = shopper_socket(token, after=last_id)
        assert (await again.connect())[0]
        hello = await again.receive_json_from(TIMEOUT)
        assert [m["body"] for m in hello["messages"]] == ["Are you still there?"]
        assert hello["status"] == "active"
        await again.send_json_to({"type": "message", "body": "Yes, back again"})
        assert (await again.receive_json_from(TIMEOUT))["message"]["body"] == "Yes, back again"
        await again.disconnect()

    run_scenario(scenario)


def test_a_bad_or_foreign_token_is_refused():
    ConversationFactory()

    async def scenario():
        socket = shopper_socket("not-a-token")
        connected, code = await socket.connect()
        assert not connected and code == 4404

    run_scenario(scenario)


def test_a_websocket_from_another_origin_is_refused():
    conversation = ConversationFactory()
    token = conversation_token(public_id=conversation.public_id)

    async def scenario():
        socket = shopper_socket(token, origin=(b"origin", b"https://evil.example"))
        connected, _ = await socket.connect()
        assert not connected

    run_scenario(scenario)


@pytest.mark.parametrize("passed_mfa", [False, True])
def test_the_staff_socket_needs_two_factor_in_this_session(staff, passed_mfa):
    cookie = session_cookie(staff, passed_mfa=passed_mfa)

    async def scenario():
        inbox = staff_socket(cookie)
        connected, code = await inbox.connect()
        assert connected is passed_mfa
        if connected:
            await inbox.disconnect()
        else:
            assert code == 4403

    run_scenario(scenario)


def test_a_shopper_cannot_open_the_staff_socket():
    from tests.accounts.helpers import user_make

    shopper = user_make(username="sue", email="sue@example.com")
    cookie = session_cookie(shopper)

    async def scenario():
        connected, code = await staff_socket(cookie).connect()
        assert not connected and code == 4403

    run_scenario(scenario)


def test_the_rate_limit_answers_on_the_socket():
    conversation = ConversationFactory()
    token = conversation_token(public_id=conversation.public_id)

    async def scenario():
        shopper = shopper_socket(token)
        assert (await shopper.connect())[0]
        await shopper.receive_json_from(TIMEOUT)
        for i in range(services.MESSAGES_PER_MINUTE - 1):
            await shopper.send_json_to({"type": "message", "body": f"line {i}"})
            assert (await shopper.receive_json_from(TIMEOUT))["type"] == "message"
        await shopper.send_json_to({"type": "message", "body": "too many"})
        error = await shopper.receive_json_from(TIMEOUT)
        assert error["type"] == "error" and "very fast" in error["message"]
        await shopper.disconnect()

    run_scenario(scenario)
