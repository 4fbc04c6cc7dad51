"""Emails from support, sent by the task worker (immediately in tests).

Each task takes a row id, re-reads the row and records when the email went out, so a retried task never
emails twice.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from accounts.selectors import greeting_name
from core.absolute import absolute_url
from core.emails import email_send
from orders.models import Order
from support.models import FraudReport, Ticket, TicketMessage
from support.selectors import support_settings_get


def _order_for(*, number: str, email: str):
    """The order a support email is about, only if it belongs to the address we are writing to."""
    if not number:
        return None

    return Order.objects.filter(number=number, email__iexact=email).first()


def _send(*, to: str, subject_template: str, body_template: str, context: dict) -> None:
    support = support_settings_get()
    context = {
        "SHOP_NAME": settings.SHOP_NAME,
        "support": support,
        **context,
    }
    subject = render_to_string(subject_template, context)
    body = render_to_string(body_template, context)
    email_send(subject=subject, body=body, to=[to], order=context.get("order"), reply_to=[support.email])


@task()
def ticket_received_email_send(*, ticket_id: int) -> None:
    ticket = Ticket.objects.filter(pk=ticket_id).first()
    if ticket is None:
        return
    first = ticket.messages.order_by("created_at", "id").first()
    if first is None or first.emailed_at is not None:
        return
    with translation.override(ticket.language):
        _send(
            to=ticket.email,
            subject_template="support/email/ticket_received_subject.txt",
            body_template="support/email/ticket_received.txt",
            context={
                "ticket": ticket,
                "greeting_name": greeting_name(name=ticket.name, user_id=ticket.user_id, email=ticket.email),
                "ticket_url": absolute_url(ticket.get_absolute_url()) if ticket.user_id else "",
                "order": _order_for(number=ticket.order_number, email=ticket.email),
            },
        )
    TicketMessage.objects.filter(pk=first.pk).update(emailed_at=timezone.now())


@task()
def ticket_reply_email_send(*, message_id: int) -> None:
    reply = TicketMessage.objects.select_related("ticket").filter(pk=message_id, is_staff_reply=True).first()
    if reply is None or reply.emailed_at is not None:
        return
    ticket = reply.ticket
    with translation.override(ticket.language):
        _send(
            to=ticket.email,
            subject_template="support/email/ticket_reply_subject.txt",
            body_template="support/email/ticket_reply.txt",
            context={
                "ticket": ticket,
                "greeting_name": greeting_name(name=ticket.name, user_id=ticket.user_id, email=ticket.email),
                "reply": reply,
                "ticket_url": absolute_url(ticket.get_absolute_url()) if ticket.user_id else "",
                "order": _order_for(number=ticket.order_number, email=ticket.email),
            },
        )
    TicketMessage.objects.filter(pk=reply.pk).update(emailed_at=timezone.now())


@task()
def fraud_report_acknowledge(*, report_id: int) -> None:
    report = FraudReport.objects.filter(pk=report_id, acknowledged_at__isnull=True).first()
    if report is None:
        return
    with translation.override(report.language):
        _send(
            to=report.contact_email,
            subject_template="support/email/fraud_report_subject.txt",
            body_template="support/email/fraud_report.txt",
            context={"report": report},
        )
    FraudReport.objects.filter(pk=report.pk).update(acknowledged_at=timezone.now())
