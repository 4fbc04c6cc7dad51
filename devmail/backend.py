"""The dev environment's email backend: keeps every message in the demo mailbox (``/devmail/``) and logs one
line per message (the worker's log in ``var/log/``), instead of printing whole emails to a console."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

from devmail.services import mailbox_store

logger = logging.getLogger(__name__)


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = 0
        for message in email_messages:
            rows = mailbox_store(message=message)
            if rows:
                sent += 1
                to = ", ".join(row.recipient for row in rows)
                logger.info("mail to %s: %s (demo mailbox: /devmail/)", to, message.subject)
        return sent
