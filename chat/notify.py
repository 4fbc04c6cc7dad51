"""Pushes to the WebSocket groups, sent after the transaction commits (a rolled-back write tells nobody).

``conv.<id>`` holds the shopper's sockets and the staff watching that chat; ``staff`` holds every open inbox.
"""

from __future__ import annotations

import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

STAFF_GROUP = "chat.staff"


def conversation_group(public_id: uuid.UUID | str) -> str:
    return f"chat.conv.{uuid.UUID(str(public_id)).hex}"


def _send(group: str, payload: dict) -> None:
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(group, {"type": "chat.event", "payload": payload})


def push_on_commit(*, public_id: uuid.UUID, payload: dict, staff: dict | None = None) -> None:
    """After commit: ``payload`` to the conversation's sockets and, when given, ``staff`` to every inbox."""

    payload = {**payload, "conversation": str(public_id)}

    def send() -> None:
        _send(conversation_group(public_id), payload)
        if staff is not None:
            _send(STAFF_GROUP, staff)

    transaction.on_commit(send)
