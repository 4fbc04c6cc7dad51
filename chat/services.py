"""Writes for the live chat: start (a ticket every time), messages both ways, claim, transfer, close, presence.

Every rule lives here: masking before anything is stored, length and rate limits counted in the database, the
order link only for its owner or with its verification code, and the pushes to the WebSocket groups after
commit (chat.notify).
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from chat.masking import mask_sensitive
from chat.models import CannedAnswer, Conversation, StaffPresence
from chat.notify import push_on_commit
from chat.selectors import (
    chat_staff_members,
    conversation_state,
    message_data,
    staff_display_name,
    staff_online_count,
)
from core.errors import ApplicationError
from orders.models import Order
from support.models import Ticket, TicketMessage
from support.selectors import order_verification_code
from support.services import ticket_reply, ticket_submit

MESSAGE_MAX = 1000
# A shopper may send this many messages per minute in one chat (counted in the database, so every worker agrees).
MESSAGES_PER_MINUTE = 10
# Wrong order number + code pairs one network address may try per hour (counted in the shared cache).
ORDER_CODE_TRIES_PER_HOUR = 5


def _body_clean(body: str, *, label: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ApplicationError(_("%(label)s is empty.") % {"label": label}, field="body")
    if len(body) > MESSAGE_MAX:
        raise ApplicationError(
            _("%(label)s is too long (at most %(max)d characters).") % {"label": label, "max": MESSAGE_MAX},
            field="body",
        )
    return mask_sensitive(body).text


def _order_for_chat(*, order_number: str, code: str, user: AbstractBaseUser | None, ip: str | None) -> Order | None:
    order_number = (order_number or "").strip().upper()[:20]
    if not order_number:
        return None
    order = Order.objects.filter(number=order_number).first()
    if user is not None and user.is_authenticated and order is not None and order.user_id == user.pk:
        return order
    tries_key = f"chat:order-code-tries:{ip or 'unknown'}"
    if cache.get(tries_key, 0) >= ORDER_CODE_TRIES_PER_HOUR:
        raise ApplicationError(_("Too many tries with order codes. Please wait an hour, or chat without it."),
                               field="order_number")
    code = (code or "").strip().upper()
    if order is None or not code or not constant_time_compare(code, order_verification_code(order=order)):
        cache.add(tries_key, 0, timeout=3600)
        cache.incr(tries_key)
        raise ApplicationError(
            _("That order number and verification code do not match. The code is on your order page and in "
              "every email about the order."),
            field="order_number",
        )
    return order


@transaction.atomic
def conversation_start(
    *,
    name: str,
    email: str,
    message: str,
    order_number: str = "",
    order_code: str = "",
    at_checkout: bool = False,
    honeypot: str = "",
    user: AbstractBaseUser | None = None,
    ip: str | None = None,
    language: str = "en",
    now: datetime.datetime | None = None,
) -> Conversation:
    """Open a chat: always a support ticket; live when staff are online, else left as a ticket (said plainly)."""
    now = now or timezone.now()
    message = _body_clean(message, label=_("Your message"))
    order = _order_for_chat(order_number=order_number, code=order_code, user=user, ip=ip)
    ticket = ticket_submit(
        name=name, email=email, message=message, order_number=order.number if order else "",
        topic=Ticket.Topic.PAYMENT if at_checkout else (Ticket.Topic.ORDER if order else Ticket.Topic.OTHER),
        honeypot=honeypot, user=user, ip=ip, language=language, now=now,
    )
    live = staff_online_count(now=now) > 0
    conversation = Conversation.objects.create(
        ticket=ticket, order=order, created_at=now,
        mode=Conversation.Mode.LIVE if live else Conversation.Mode.OFFLINE,
        status=Conversation.Status.WAITING if live else Conversation.Status.CLOSED,
        closed_at=None if live else now,
    )
    if live:
        push_on_commit(
            public_id=conversation.public_id,
            payload={"type": "state", **conversation_state(conversation=conversation)},
            staff={"type": "new", "conversation": str(conversation.public_id), "name": ticket.name,
                   "reference": ticket.reference, "preview": message[:120]},
        )
    return conversation


@transaction.atomic
def message_from_shopper(*, conversation: Conversation, body: str, now: datetime.datetime | None = None) -> dict:
    """The shopper writes in their open chat; at most ``MESSAGES_PER_MINUTE`` a minute."""
    now = now or timezone.now()
    body = _body_clean(body, label=_("Your message"))
    locked = Conversation.objects.select_for_update().select_related("ticket").get(pk=conversation.pk)
    if locked.status == Conversation.Status.CLOSED:
        raise ApplicationError(_("This chat has ended. Start a new one if you need us again."))
    recent = TicketMessage.objects.filter(
        ticket_id=locked.ticket_id, is_staff_reply=False, created_at__gte=now - datetime.timedelta(minutes=1)
    ).count()
    if recent >= MESSAGES_PER_MINUTE:
        raise ApplicationError(_("You are sending messages very fast. Please wait a moment."))
    message = TicketMessage.objects.create(
        ticket=locked.ticket, author=locked.ticket.user, is_staff_reply=False, body=body, created_at=now
    )
    Ticket.objects.filter(pk=locked.ticket_id).update(status=Ticket.Status.OPEN)
    data = message_data(message)
    push_on_commit(public_id=locked.public_id, payload={"type": "message", "message": data})
    return data


@transaction.atomic
def message_from_staff(
    *,
    conversation: Conversation,
    author: AbstractBaseUser,
    body: str = "",
    canned_id: int | None = None,
    now: datetime.datetime | None = None,
) -> dict:
    """A staff answer (typed or canned); answering a waiting chat claims it. The first answer is measured."""
    now = now or timezone.now()
    if not (body or "").strip() and canned_id:
        canned = CannedAnswer.objects.filter(pk=canned_id).first()
        body = canned.body if canned else ""
    body = _body_clean(body, label=_("Reply"))
    locked = Conversation.objects.select_for_update().select_related("ticket").get(pk=conversation.pk)
    if locked.status == Conversation.Status.CLOSED and locked.mode == Conversation.Mode.LIVE:
        raise ApplicationError(_("This chat is closed."))
    if locked.mode == Conversation.Mode.LIVE and locked.status == Conversation.Status.WAITING:
        locked.status, locked.assigned_to = Conversation.Status.ACTIVE, author
        locked.save(update_fields=["status", "assigned_to"])
    # A chat left as a ticket is answered by email as well: the shopper has gone.
    reply = ticket_reply(ticket=locked.ticket, author=author, body=body, now=now,
                         notify=locked.mode == Conversation.Mode.OFFLINE)
    data = message_data(reply)
    push_on_commit(public_id=locked.public_id, payload={"type": "message", "message": data})
    push_on_commit(public_id=locked.public_id, payload={"type": "state", **conversation_state(conversation=locked)},
                   staff={"type": "changed", "conversation": str(locked.public_id)})
    conversation.status, conversation.assigned_to = locked.status, locked.assigned_to
    return data


@transaction.atomic
def conversation_claim(*, conversation: Conversation, user: AbstractBaseUser) -> Conversation:
    locked = Conversation.objects.select_for_update().select_related("ticket").get(pk=conversation.pk)
    if locked.status == Conversation.Status.CLOSED:
        raise ApplicationError(_("This chat is closed."))
    if locked.status == Conversation.Status.ACTIVE and locked.assigned_to_id not in (None, user.pk):
        raise ApplicationError(
            _("%(name)s is already handling this chat; ask them to transfer it.")
            % {"name": staff_display_name(locked.assigned_to)}
        )
    locked.status, locked.assigned_to = Conversation.Status.ACTIVE, user
    locked.save(update_fields=["status", "assigned_to"])
    _state_pushed(locked)
    return locked


@transaction.atomic
def conversation_transfer(
    *, conversation: Conversation, user: AbstractBaseUser, to: AbstractBaseUser
) -> Conversation:
    """Hand a chat to another staff member with the chat permission (they see it under "Mine")."""
    locked = Conversation.objects.select_for_update().select_related("ticket").get(pk=conversation.pk)
    if locked.status == Conversation.Status.CLOSED:
        raise ApplicationError(_("This chat is closed."))
    if to.pk not in {member.pk for member in chat_staff_members()}:
        raise ApplicationError(_("Choose a colleague who answers chats."), field="to")
    locked.status, locked.assigned_to = Conversation.Status.ACTIVE, to
    locked.save(update_fields=["status", "assigned_to"])
    _state_pushed(locked)
    return locked


@transaction.atomic
def conversation_close(*, conversation: Conversation, now: datetime.datetime | None = None) -> Conversation:
    """The shopper or staff end the chat; both sides see it ended."""
    now = now or timezone.now()
    locked = Conversation.objects.select_for_update().select_related("ticket").get(pk=conversation.pk)
    if locked.status != Conversation.Status.CLOSED:
        locked.status, locked.closed_at = Conversation.Status.CLOSED, now
        locked.save(update_fields=["status", "closed_at"])
        # The ticket closes with the chat when it was answered; an unanswered one stays open for an email answer.
        if locked.ticket.first_response_at is not None:
            Ticket.objects.filter(pk=locked.ticket_id).update(status=Ticket.Status.CLOSED)
        _state_pushed(locked)
    return locked


def _state_pushed(conversation: Conversation) -> None:
    push_on_commit(
        public_id=conversation.public_id,
        payload={"type": "state", **conversation_state(conversation=conversation)},
        staff={"type": "changed", "conversation": str(conversation.public_id)},
    )


def staff_presence_beat(*, user: AbstractBaseUser, now: datetime.datetime | None = None) -> None:
    """The inbox is open: this staff member counts as online for ``PRESENCE_TTL`` from now."""
    StaffPresence.objects.update_or_create(user=user, defaults={"last_seen": now or timezone.now()})


def staff_presence_leave(*, user: AbstractBaseUser) -> None:
    StaffPresence.objects.filter(user=user).delete()
