from __future__ import annotations

from django.core.mail import EmailMessage

from core.emails import ORDER_HEADER
from devmail.models import MailboxMessage

KEEP_LATEST = 2000  # the mailbox keeps this many messages; older ones go, so the demo database stays small


def mailbox_store(*, message: EmailMessage) -> list[MailboxMessage]:
    """One row per recipient (to, cc and bcc) with the text and the HTML part."""
    html = next((content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), "")
    rows = MailboxMessage.objects.bulk_create(
        MailboxMessage(
            recipient=recipient,
            sender=message.from_email or "",
            subject=str(message.subject),
            text=str(message.body),
            html=str(html),
            order_number=message.extra_headers.get(ORDER_HEADER, ""),
        )
        for recipient in message.recipients()
    )
    stale = MailboxMessage.objects.order_by("-id").values_list("id", flat=True)[KEEP_LATEST : KEEP_LATEST + 1]
    if stale:
        MailboxMessage.objects.filter(id__lte=stale[0]).delete()
    return rows
