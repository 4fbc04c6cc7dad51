from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    """The merchant's back office on top of the admin: the dashboard that is the admin's home page, exports,
    documents and bulk work. It reads every shop app, so it sits above them all (docs/backoffice.md)."""

    name = "backoffice"
    verbose_name = _("Back office")

    def ready(self) -> None:
        from backoffice import admin_site

        admin_site.install()
