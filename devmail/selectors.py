from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Max

from devmail.models import MailboxMessage
from support.selectors import order_verification_code


@dataclass(frozen=True)
class _OrderNumber:
    number: str


@dataclass(frozen=True)
class MailboxEntry:
    message: MailboxMessage
    verification_code: str  # the anti-phishing code of the order the email is about ("" if none)


@dataclass(frozen=True)
class Recipient:
    address: str
    count: int


def _entry(message: MailboxMessage) -> MailboxEntry:
    code = order_verification_code(order=_OrderNumber(message.order_number)) if message.order_number else ""
    return MailboxEntry(message=message, verification_code=code)


def mailbox_recipients() -> list[Recipient]:
    """Everyone who got mail, the most recently written to first."""
    rows = (
        MailboxMessage.objects.values("recipient")
        .annotate(count=Count("id"), latest=Max("id"))
        .order_by("-latest")
    )
    return [Recipient(address=row["recipient"], count=row["count"]) for row in rows]


def mailbox_list(*, recipient: str = "", limit: int = 100) -> list[MailboxEntry]:
    """The newest messages first, for one recipient or for everyone."""
    messages = MailboxMessage.objects.defer("text", "html")
    if recipient:
        messages = messages.filter(recipient=recipient)
    return [_entry(message) for message in messages[:limit]]


def mailbox_get(*, message_id: int) -> MailboxEntry | None:
    message = MailboxMessage.objects.filter(pk=message_id).first()
    return _entry(message) if message else None
