"""Reads for the live chat: availability (presence, measured response time), conversations, messages."""

from __future__ import annotations

import datetime
import statistics
import uuid
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Permission
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from chat.masking import mask_sensitive
from chat.models import CannedAnswer, Conversation, StaffPresence
from chat.tokens import conversation_id_from_token
from support.models import SupportSettings, TicketMessage

# Staff count as online while their inbox sent a heartbeat within this window (it beats every 20 seconds).
PRESENCE_TTL = datetime.timedelta(seconds=60)
RESPONSE_WINDOW_DAYS = 30
# A live chat nobody has answered after this long counts in the median with the time it has waited so far.
UNANSWERED_COUNTS_AFTER = datetime.timedelta(minutes=5)
ANSWER_PERMISSION = "chat.answer_chat"


@dataclass(frozen=True)
class Availability:
    online: int
    median_first_response: datetime.timedelta | None
    measured: int


def staff_online_count(*, now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    return StaffPresence.objects.filter(last_seen__gte=now - PRESENCE_TTL, user__is_active=True).count()


def chat_first_response_median(
    *, days: int = RESPONSE_WINDOW_DAYS, now: datetime.datetime | None = None
) -> tuple[datetime.timedelta | None, int]:
    """The median time to a person's first answer in live chats of the last ``days`` days, and how many counted.

    Chats answered count with their answer time; chats never answered count with how long they waited (until
    closed, or until now once past ``UNANSWERED_COUNTS_AFTER``): leaving a shopper waiting is not left out.
    """
    now = now or timezone.now()
    rows = Conversation.objects.filter(
        mode=Conversation.Mode.LIVE, created_at__gte=now - datetime.timedelta(days=days)
    ).values_list("created_at", "ticket__first_response_at", "closed_at")
    durations: list[float] = []
    for created_at, first_response_at, closed_at in rows:
        if first_response_at is not None:
            durations.append(max((first_response_at - created_at).total_seconds(), 0.0))
        elif closed_at is not None:
            durations.append((closed_at - created_at).total_seconds())
        elif now - created_at > UNANSWERED_COUNTS_AFTER:
            durations.append((now - created_at).total_seconds())
    if not durations:
        return None, 0
    return datetime.timedelta(seconds=round(statistics.median(durations))), len(durations)


def chat_availability(*, now: datetime.datetime | None = None) -> Availability:
    median, measured = chat_first_response_median(now=now)
    return Availability(online=staff_online_count(now=now), median_first_response=median, measured=measured)


def duration_text(value: datetime.timedelta) -> str:
    seconds = int(value.total_seconds())
    if seconds < 90:
        return ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}
    if seconds < 90 * 60:
        minutes = round(seconds / 60)
        return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    hours = round(seconds / 3600)
    return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}


def availability_text(*, availability: Availability, support: SupportSettings) -> str:
    """What the widget says, plainly: online or not (from presence), and the measured response time."""
    if availability.online:
        now_text = _("Someone from our team is online now and will answer here.")
    else:
        now_text = _(
            "Nobody from our team is online right now. Your message becomes a support ticket and we answer by "
            "email, within %(hours)d hours."
        ) % {"hours": support.first_response_hours}
    if availability.median_first_response is None:
        measured = _("We have no chats from the last 30 days to measure our response time yet.")
    else:
        measured = ngettext(
            "Measured over the last 30 days (%(count)d chat): half got a first answer within %(median)s.",
            "Measured over the last 30 days (%(count)d chats): half got a first answer within %(median)s.",
            availability.measured,
        ) % {"count": availability.measured, "median": duration_text(availability.median_first_response)}
    return f"{now_text} {measured}"


def conversation_for_token(*, token: str, user: AbstractBaseUser | None) -> Conversation | None:
    """The conversation a token opens; a signed-in shopper's chat opens only for that same account."""
    public_id = conversation_id_from_token(token=token)
    if public_id is None:
        return None
    conversation = Conversation.objects.select_related("ticket", "assigned_to", "order").filter(
        public_id=public_id
    ).first()
    if conversation is None:
        return None
    owner_id = conversation.ticket.user_id
    if owner_id is not None and (user is None or not user.is_authenticated or user.pk != owner_id):
        return None
    return conversation


def staff_display_name(user: AbstractBaseUser | None) -> str:
    """What the shopper sees of a staff member: the first name only (or the start of the username)."""
    if user is None:
        return ""
    return (getattr(user, "first_name", "") or user.get_username().split("@")[0])[:30]


def message_data(message: TicketMessage) -> dict:
    """One message for the widget and the inbox (JSON); the body is masked again on the way out."""
    return {
        "id": message.pk,
        "who": "staff" if message.is_staff_reply else "shopper",
        "name": staff_display_name(message.author) if message.is_staff_reply else "",
        "body": mask_sensitive(message.body).text,
        "at": message.created_at.isoformat(),
    }


def conversation_messages(*, conversation: Conversation, after: int = 0, limit: int = 200) -> list[dict]:
    qs = (
        TicketMessage.objects.filter(ticket_id=conversation.ticket_id, pk__gt=after)
        .select_related("author")
        .order_by("id")[:limit]
    )
    return [message_data(message) for message in qs]


def conversation_state(*, conversation: Conversation) -> dict:
    return {
        "status": conversation.status,
        "mode": conversation.mode,
        "reference": conversation.ticket.reference,
        "handled_by": staff_display_name(conversation.assigned_to),
    }


def staff_may_answer(*, user: AbstractBaseUser) -> bool:
    """Staff with the chat permission (the support role). Two-factor is checked by the caller on the session."""
    return bool(user.is_authenticated and user.is_active and user.is_staff and user.has_perm(ANSWER_PERMISSION))


def chat_staff_members() -> list[AbstractBaseUser]:
    """Everyone a chat can be transferred to: active staff with the chat permission (superusers included)."""
    app_label, codename = ANSWER_PERMISSION.split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    allowed = Q(is_superuser=True)
    if permission is not None:
        allowed |= Q(user_permissions=permission) | Q(groups__permissions=permission)
    return list(
        get_user_model().objects.filter(allowed, is_active=True, is_staff=True).distinct().order_by("username")
    )


@dataclass(frozen=True)
class Inbox:
    waiting: list[Conversation]
    mine: list[Conversation]
    others: list[Conversation]
    closed: list[Conversation]


def staff_inbox(*, user: AbstractBaseUser, closed_limit: int = 20) -> Inbox:
    qs = Conversation.objects.select_related("ticket", "assigned_to", "order")
    open_live = qs.filter(mode=Conversation.Mode.LIVE).exclude(status=Conversation.Status.CLOSED)
    return Inbox(
        waiting=list(open_live.filter(status=Conversation.Status.WAITING).order_by("created_at")),
        mine=list(open_live.filter(status=Conversation.Status.ACTIVE, assigned_to=user).order_by("created_at")),
        others=list(
            open_live.filter(status=Conversation.Status.ACTIVE).exclude(assigned_to=user).order_by("created_at")
        ),
        closed=list(qs.filter(status=Conversation.Status.CLOSED).order_by("-closed_at")[:closed_limit]),
    )


def staff_conversation_get(*, public_id: str | uuid.UUID) -> Conversation | None:
    try:
        public_id = uuid.UUID(str(public_id))
    except ValueError:
        return None
    return Conversation.objects.select_related("ticket", "assigned_to", "order").filter(public_id=public_id).first()


def canned_answers(*, language: str | None = None) -> list[CannedAnswer]:
    qs = CannedAnswer.objects.all()
    if language:
        qs = qs.filter(language=language)
    return list(qs)


def waiting_count() -> int:
    return Conversation.objects.filter(mode=Conversation.Mode.LIVE, status=Conversation.Status.WAITING).count()
