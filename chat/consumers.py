"""WebSocket consumers: the shopper's widget (one conversation, by its signed token) and the staff inbox.

Both only relay: every write goes through ``chat.services`` (the same functions the polling endpoints call), in
a thread with its own database connection (``database_sync_to_async``).
"""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.utils import translation

from accounts.mfa import session_passed_mfa, user_has_totp
from chat import selectors, services
from chat.notify import STAFF_GROUP, conversation_group
from core.errors import ApplicationError

# Close codes (4000-4999 are the application's): the widget stops retrying on these and says why.
CLOSE_FORBIDDEN = 4403
CLOSE_GONE = 4404


def _after(scope) -> int:
    values = parse_qs(scope.get("query_string", b"").decode()).get("after", ["0"])
    return int(values[0]) if values[0].isdigit() else 0


class ShopperConsumer(AsyncJsonWebsocketConsumer):
    """``/ws/chat/c/<token>/``: the widget. On (re)connect it sends what was missed since ``?after=<id>``."""

    async def connect(self) -> None:
        token = self.scope["url_route"]["kwargs"]["token"]
        self.conversation = await database_sync_to_async(selectors.conversation_for_token)(
            token=token, user=self.scope.get("user")
        )
        if self.conversation is None:
            await self.close(code=CLOSE_GONE)
            return
        self.group = conversation_group(self.conversation.public_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_json(await database_sync_to_async(self._hello)())

    def _hello(self) -> dict:
        self.conversation.refresh_from_db()
        return {
            "type": "hello",
            **selectors.conversation_state(conversation=self.conversation),
            "messages": selectors.conversation_messages(conversation=self.conversation, after=_after(self.scope)),
        }

    async def disconnect(self, code) -> None:
        if getattr(self, "group", None):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "ping":
            await self.send_json({"type": "pong"})
        elif kind == "message":
            await self._write(services.message_from_shopper, conversation=self.conversation,
                              body=str(content.get("body", "")))

    async def _write(self, service, **kwargs) -> None:
        def call():
            with translation.override(self.conversation.ticket.language):
                try:
                    service(**kwargs)
                except ApplicationError as error:
                    return {"type": "error", "message": str(error.message)}
                return None

        error = await database_sync_to_async(call)()
        if error:
            await self.send_json(error)

    async def chat_event(self, event) -> None:
        await self.send_json(event["payload"])


class StaffConsumer(AsyncJsonWebsocketConsumer):
    """``/ws/chat/staff/``: the inbox. Staff with the chat permission who passed two-factor in this session.

    Its heartbeat (``ping`` every 20 s) is what makes the widget say someone is online.
    """

    async def connect(self) -> None:
        self.user = self.scope.get("user")
        self.watching: set[str] = set()
        if not await database_sync_to_async(self._allowed)():
            await self.close(code=CLOSE_FORBIDDEN)
            return
        await self.channel_layer.group_add(STAFF_GROUP, self.channel_name)
        await self.accept()
        await database_sync_to_async(services.staff_presence_beat)(user=self.user)

    def _allowed(self) -> bool:
        user = self.user
        if user is None or not selectors.staff_may_answer(user=user) or not user_has_totp(user):
            return False
        return session_passed_mfa(SimpleNamespace(session=self.scope["session"], user=user))

    async def disconnect(self, code) -> None:
        for group in self.watching:
            await self.channel_layer.group_discard(group, self.channel_name)
        if self.user is not None and getattr(self.user, "is_authenticated", False):
            await self.channel_layer.group_discard(STAFF_GROUP, self.channel_name)
            await database_sync_to_async(services.staff_presence_leave)(user=self.user)

    async def receive_json(self, content, **kwargs) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "ping":
            await database_sync_to_async(services.staff_presence_beat)(user=self.user)
            await self.send_json({"type": "pong"})
        elif kind == "watch":
            conversation = await self._conversation(content)
            if conversation is not None:
                group = conversation_group(conversation.public_id)
                self.watching.add(group)
                await self.channel_layer.group_add(group, self.channel_name)
                messages = await database_sync_to_async(selectors.conversation_messages)(
                    conversation=conversation, after=int(content.get("after") or 0)
                )
                await self.send_json({"type": "hello", "conversation": str(conversation.public_id),
                                      "messages": messages})
        elif kind == "message":
            conversation = await self._conversation(content)
            if conversation is not None:
                await self._reply(conversation, str(content.get("body", "")))

    async def _conversation(self, content):
        try:
            return await database_sync_to_async(selectors.staff_conversation_get)(
                public_id=str(content.get("conversation", ""))
            )
        except Exception:  # noqa: BLE001 - a malformed id from the client is simply ignored
            return None

    async def _reply(self, conversation, body: str) -> None:
        def call():
            try:
                services.message_from_staff(conversation=conversation, author=self.user, body=body)
            except ApplicationError as error:
                return {"type": "error", "message": str(error.message)}
            return None

        error = await database_sync_to_async(call)()
        if error:
            await self.send_json(error)

    async def chat_event(self, event) -> None:
        await self.send_json(event["payload"])
