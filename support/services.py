"""Writes for support: tickets and staff replies, fraud reports, FAQ answers.

Views and the admin call these; every rule (length caps, honeypot, rate limits, first-response measurement)
lives here, and the emails go out through ``support.tasks`` after the transaction commits.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.validators import single_line_clean, validate_single_line
from support.models import FaqEntry, FraudReport, Ticket, TicketMessage
from support.selectors import faq_answer_sanitise
from support.tasks import fraud_report_acknowledge, ticket_received_email_send, ticket_reply_email_send

NAME_MAX = 120
MESSAGE_MIN = 10
MESSAGE_MAX = 5000
ORDER_NUMBER_MAX = 20
SENDER_MAX = 500
# At most this many submissions per hour from one network address or one email address (counted in the DB,
# so the limit holds across processes without relying on the cache).
TICKETS_PER_HOUR = 5
FRAUD_REPORTS_PER_HOUR = 5

@transaction.atomic
def faq_entry_save(*, entry: FaqEntry) -> FaqEntry:
    """Store an FAQ entry with its answer sanitised (the admin calls this)."""
    for code, _name in settings.LANGUAGES:  # every language's answer (support/translation.py)
        column = f"answer_{code}"
        if getattr(entry, column, None):
            setattr(entry, column, faq_answer_sanitise(html=getattr(entry, column)))
    if not entry.answer:
        raise ApplicationError(_("The answer is empty once unsafe HTML is removed."), field="answer")
    entry.full_clean()
    entry.save()
    return entry


def _clean_text(value: str, *, field: str, label: str, max_length: int, min_length: int = 0) -> str:
    value = (value or "").strip()
    if len(value) < max(min_length, 1):
        if min_length > 1:
            raise ApplicationError(
                _("%(label)s needs at least %(min)d characters.") % {"label": label, "min": min_length}, field=field
            )
        raise ApplicationError(_("%(label)s is required.") % {"label": label}, field=field)
    if len(value) > max_length:
        raise ApplicationError(
            _("%(label)s is too long (at most %(max)d characters).") % {"label": label, "max": max_length},
            field=field,
        )
    return value


def _clean_email(value: str, *, field: str = "email") -> str:
    value = (value or "").strip()
    try:
        validate_single_line(value)  # an address may quote control characters: not in ours
        validate_email(value)
    except ValidationError:
        raise ApplicationError(_("Enter a valid email address."), field=field) from None
    return value


def _check_honeypot(honeypot: str) -> None:
    if honeypot:
        # Only automated form fillers see and fill the hidden field.
        raise ApplicationError(_("Your message could not be sent. Please leave the last field empty."))


def _recent_count(qs, *, email_field: str, email: str, ip: str | None, since: datetime.datetime) -> int:
    same_sender = Q(**{f"{email_field}__iexact": email})
    if ip:
        same_sender |= Q(submitter_ip=ip)
    return qs.filter(same_sender, created_at__gte=since).count()


@transaction.atomic
def ticket_submit(
    *,
    name: str,
    email: str,
    topic: str,
    message: str,
    order_number: str = "",
    honeypot: str = "",
    user: AbstractBaseUser | None = None,
    ip: str | None = None,
    language: str = "en",
    now: datetime.datetime | None = None,
) -> Ticket:
    """Open a ticket with the shopper's first message; they get an acknowledgement email with the reference."""
    now = now or timezone.now()
    _check_honeypot(honeypot)
    name = single_line_clean(name, field="name", label=_("Your name"), max_length=NAME_MAX, required=True)
    email = _clean_email(email)
    if topic not in Ticket.Topic.values:
        raise ApplicationError(_("Choose a topic from the list."), field="topic")
    order_number = single_line_clean(order_number, field="order_number", label=_("Order number"),
                                     max_length=ORDER_NUMBER_MAX).upper()
    message = _clean_text(message, field="message", label=_("Your message"), max_length=MESSAGE_MAX,
                          min_length=MESSAGE_MIN)
    since = now - datetime.timedelta(hours=1)
    if _recent_count(Ticket.objects.all(), email_field="email", email=email, ip=ip, since=since) >= TICKETS_PER_HOUR:
        raise ApplicationError(
            _("You have sent several messages in the last hour. We have them all; please wait for our answer.")
        )
    ticket = Ticket(
        name=name,
        email=email,
        order_number=order_number,
        topic=topic,
        user=user if user is not None and user.is_authenticated else None,
        submitter_ip=ip,
        language=language,
        created_at=now,
    )
    ticket.full_clean()
    ticket.save()
    first = TicketMessage(ticket=ticket, author=ticket.user, is_staff_reply=False, body=message, created_at=now)
    first.full_clean()
    first.save()

    transaction.on_commit(lambda: ticket_received_email_send.enqueue(ticket_id=ticket.pk))
    return ticket


@transaction.atomic
def ticket_reply(
    *,
    ticket: Ticket,
    author: AbstractBaseUser | None,
    body: str,
    now: datetime.datetime | None = None,
    notify: bool = True,
) -> TicketMessage:
    """Add a staff reply, record the first response time once, and email the shopper after commit."""
    now = now or timezone.now()
    body = _clean_text(body, field="body", label=_("Reply"), max_length=MESSAGE_MAX)
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    reply = TicketMessage(ticket=locked, author=author, is_staff_reply=True, body=body, created_at=now)
    reply.full_clean()
    reply.save()
    fields = ["status"]
    if locked.first_response_at is None:
        locked.first_response_at = now
        fields.append("first_response_at")
    locked.status = Ticket.Status.ANSWERED
    locked.save(update_fields=fields)
    ticket.first_response_at, ticket.status = locked.first_response_at, locked.status
    if notify:
        transaction.on_commit(lambda: ticket_reply_email_send.enqueue(message_id=reply.pk))
    return reply


FOLLOWUPS_PER_HOUR = 10


@transaction.atomic
def ticket_followup(
    *, ticket: Ticket, user: AbstractBaseUser, body: str, now: datetime.datetime | None = None
) -> TicketMessage:
    """The ticket's owner adds a message; the ticket waits for us again (first response is not reset)."""
    now = now or timezone.now()
    if not user.is_authenticated or ticket.user_id != user.pk:
        raise ApplicationError(_("You can only write in your own conversations."))
    if ticket.status == Ticket.Status.CLOSED:
        raise ApplicationError(_("This conversation is closed. Please send a new message."))
    body = _clean_text(body, field="body", label=_("Your message"), max_length=MESSAGE_MAX, min_length=2)
    since = now - datetime.timedelta(hours=1)
    recent = TicketMessage.objects.filter(author=user, is_staff_reply=False, created_at__gte=since).count()
    if recent >= FOLLOWUPS_PER_HOUR:
        raise ApplicationError(_("You have sent several messages in the last hour. Please wait for our answer."))
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    message = TicketMessage(ticket=locked, author=user, is_staff_reply=False, body=body, created_at=now)
    message.full_clean()
    message.save()
    locked.status = Ticket.Status.OPEN
    locked.save(update_fields=["status"])
    ticket.status = locked.status
    return message


@transaction.atomic
def fraud_report_submit(
    *,
    kind: str,
    details: str,
    contact_email: str,
    order_number: str = "",
    sender: str = "",
    honeypot: str = "",
    user: AbstractBaseUser | None = None,
    ip: str | None = None,
    language: str = "en",
    now: datetime.datetime | None = None,
) -> FraudReport:
    """Queue a report for the merchant and acknowledge it to the shopper by email, with its reference."""
    now = now or timezone.now()
    _check_honeypot(honeypot)
    if kind not in FraudReport.Kind.values:
        raise ApplicationError(_("Choose what happened from the list."), field="kind")
    details = _clean_text(details, field="details", label=_("Details"), max_length=MESSAGE_MAX,
                          min_length=MESSAGE_MIN)
    contact_email = _clean_email(contact_email, field="contact_email")
    order_number = single_line_clean(order_number, field="order_number", label=_("Order number"),
                                     max_length=ORDER_NUMBER_MAX).upper()
    sender = single_line_clean(sender, field="sender", label=_("Sender"), max_length=SENDER_MAX)
    since = now - datetime.timedelta(hours=1)
    recent = _recent_count(
        FraudReport.objects.all(), email_field="contact_email", email=contact_email, ip=ip, since=since
    )
    if recent >= FRAUD_REPORTS_PER_HOUR:
        raise ApplicationError(
            _("You have sent several reports in the last hour. We have them all and are looking into them.")
        )
    report = FraudReport(
        kind=kind,
        details=details,
        contact_email=contact_email,
        order_number=order_number,
        sender=sender,
        user=user if user is not None and user.is_authenticated else None,
        submitter_ip=ip,
        language=language,
        created_at=now,
    )
    report.full_clean()
    report.save()

    transaction.on_commit(lambda: fraud_report_acknowledge.enqueue(report_id=report.pk))
    return report
