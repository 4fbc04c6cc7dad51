from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevmailConfig(AppConfig):
    name = "devmail"
    verbose_name = _("Demo mailbox")
