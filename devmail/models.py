"""The demo mailbox: every email the shop sends in the dev environment, one row per recipient.

Installed only outside production (config/settings.py): in production this app, its table and its pages do
not exist.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MailboxMessage(models.Model):
    recipient = models.CharField(_("to"), max_length=320, db_index=True)
    sender = models.CharField(_("from"), max_length=320)
    subject = models.CharField(_("subject"), max_length=998)
    text = models.TextField(_("text part"))
    html = models.TextField(_("HTML part"), blank=True)
    order_number = models.CharField(max_length=32, blank=True)  # the order the email is about, if any
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("mailbox message")
        verbose_name_plural = _("mailbox messages")

    def __str__(self) -> str:
        return f"{self.recipient}: {self.subject}"
