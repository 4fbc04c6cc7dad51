"""Every email the shop sends goes through ``email_send``.

One shape for all of them: the text part the caller rendered, the same footer under it (the anti-phishing lines
and, for an email about an order, that order's verification code), and an HTML part drawn from the same text by
the one base template ``templates/emails/base.html`` (no remote images, no scripts, one column for phones).

``emails_suppressed()`` is for making history, not news: inside it ``email_send`` sends nothing. ``seed_demo``
uses it so the demo's past orders do not mail their past.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
from collections.abc import Iterator, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import get_language

# Names the order an email is about (its number, already in the subject): the demo mailbox shows its code.
ORDER_HEADER = "X-Trustmark-Order"
_suppressed: contextvars.ContextVar[bool] = contextvars.ContextVar("trustmark_emails_suppressed", default=False)
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")
_SIGNATURE_DASHES = re.compile(r"^--$", re.MULTILINE)  # the text footer's "-- " line; the HTML uses a <footer>


@contextlib.contextmanager
def emails_suppressed() -> Iterator[None]:
    """Inside this block no email is sent (``email_send`` returns False)."""
    token = _suppressed.set(True)
    try:
        yield
    finally:
        _suppressed.reset(token)


def emails_are_suppressed() -> bool:
    return _suppressed.get()


def email_paragraphs(text: str) -> list[str]:
    """The text split at blank lines, each paragraph without its surrounding blank space."""
    return [part.strip("\n") for part in _BLANK_LINES.split(text.strip()) if part.strip()]


def email_send(
    *,
    subject: str,
    body: str,
    to: Sequence[str],
    order: Any = None,
    reply_to: Sequence[str] | None = None,
    from_email: str | None = None,
) -> bool:
    """Send ``body`` (plain text, already rendered in the reader's language) with the shop's footer and an HTML
    part. ``order``: the order the email is about, whose verification code the footer shows. Returns False when
    emails are suppressed."""
    if _suppressed.get():
        return False
    subject = " ".join(str(subject).split())
    context = {
        "subject": subject,
        "order": order,
        "shop_name": settings.SHOP_NAME,
        "email_domain": settings.SHOP_EMAIL_DOMAIN,
        "language": get_language() or settings.LANGUAGE_CODE,
    }
    footer = render_to_string("emails/_footer.txt", context).strip()
    text = f"{body.rstrip()}\n\n{footer}\n"
    html = render_to_string(
        "emails/base.html",
        {
            **context,
            "paragraphs": email_paragraphs(body),
            "footer_paragraphs": email_paragraphs(_SIGNATURE_DASHES.sub("", footer)),
        },
    )
    number = getattr(order, "number", "")
    message = EmailMultiAlternatives(
        subject,
        text,
        from_email or settings.DEFAULT_FROM_EMAIL,
        list(to),
        reply_to=list(reply_to or []),
        headers={ORDER_HEADER: number} if number else None,
    )
    message.attach_alternative(html, "text/html")
    message.send()
    return True
