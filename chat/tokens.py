"""The signed, expiring token that lets a browser read and write its own conversation (and nobody else's).

The widget keeps it and sends it with every request and on the WebSocket URL. It names the conversation and is
signed with ``SECRET_KEY``; after ``CHAT_TOKEN_MAX_AGE_HOURS`` it stops working.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core import signing

SALT = "trustmark.chat.conversation"


def conversation_token(*, public_id: uuid.UUID) -> str:
    return signing.dumps(public_id.hex, salt=SALT)


def conversation_id_from_token(*, token: str) -> uuid.UUID | None:
    """The conversation a token names, or None for a forged, altered or expired one."""
    try:
        value = signing.loads(token, salt=SALT, max_age=settings.CHAT_TOKEN_MAX_AGE_HOURS * 3600)
        return uuid.UUID(hex=value)
    except (signing.BadSignature, ValueError, TypeError):
        return None
