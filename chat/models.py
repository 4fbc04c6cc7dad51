"""Live chat: a conversation is a support ticket answered live; its messages are the ticket's messages.

Every chat opens a ``support.Ticket`` (so the support figures and the response-time badge count chats) and each
line of it is a ``support.TicketMessage``. This app adds what only a live conversation has: who is handling it,
whether it is waiting, the order it is about, staff presence and the canned answers.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Conversation(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for a person")
        ACTIVE = "active", _("In conversation")
        CLOSED = "closed", _("Closed")

    class Mode(models.TextChoices):
        LIVE = "live", _("Live chat")
        OFFLINE = "offline", _("Left as a ticket (nobody was online)")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ticket = models.OneToOneField("support.Ticket", related_name="chat", on_delete=models.CASCADE)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.WAITING)
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices, default=Mode.LIVE)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL,
        verbose_name=_("handled by"),
    )
    # Linked only when the shopper is signed in and owns it, or gave its number with the verification code.
    order = models.ForeignKey(
        "orders.Order", null=True, blank=True, related_name="+", on_delete=models.SET_NULL, verbose_name=_("order")
    )
    created_at = models.DateTimeField(_("started at"), default=timezone.now, db_index=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("chat")
        verbose_name_plural = _("chats")
        indexes = [models.Index(fields=["status", "created_at"])]
        permissions = [("answer_chat", _("Can answer live chats"))]

    def __str__(self) -> str:
        return str(self.ticket.reference) if self.ticket_id else str(self.public_id)


class StaffPresence(models.Model):
    """A heartbeat row per staff member with the inbox open; older than ``PRESENCE_TTL`` means offline."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, related_name="chat_presence", on_delete=models.CASCADE)
    last_seen = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("staff presence")
        verbose_name_plural = _("staff presence")

    def __str__(self) -> str:
        return f"{self.user} @ {self.last_seen:%H:%M:%S}"


class CannedAnswer(models.Model):
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    title = models.CharField(_("title"), max_length=80)
    body = models.TextField(_("text"), max_length=1000)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["language", "position", "id"]
        verbose_name = _("canned answer")
        verbose_name_plural = _("canned answers")

    def __str__(self) -> str:
        return f"[{self.language}] {self.title}"
