from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from accounts import receivers

        receivers.connect()
        # After every migrate (and the test database's), so permissions of models added later are included.
        post_migrate.connect(receivers.roles_after_migrate, sender=self)
