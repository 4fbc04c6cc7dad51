from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.countries import COUNTRY_CHOICES
from core.validators import validate_single_line


class Address(models.Model):
    """A delivery address in the shopper's address book; only its owner sees or changes it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="addresses", on_delete=models.CASCADE)
    full_name = models.CharField(_("full name"), max_length=200, validators=[validate_single_line])
    line1 = models.CharField(_("address"), max_length=200, validators=[validate_single_line])
    line2 = models.CharField(_("address line 2"), max_length=200, blank=True, validators=[validate_single_line])
    postal_code = models.CharField(_("postal code"), max_length=20, validators=[validate_single_line])
    city = models.CharField(_("city"), max_length=100, validators=[validate_single_line])
    country = models.CharField(_("country"), max_length=2, choices=COUNTRY_CHOICES)
    is_default = models.BooleanField(_("default address"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-is_default", "-updated_at", "-id"]
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        constraints = [
            # The database, not luck, keeps one default per shopper.
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(is_default=True), name="address_one_default_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name}, {self.line1}, {self.postal_code} {self.city}, {self.country}"


class LoginEvent(models.Model):
    """One successful sign-in: shown to the shopper on the security page so a stranger's sign-in stands out."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, related_name="login_events", on_delete=models.CASCADE)
    created_at = models.DateTimeField(_("signed in at"), auto_now_add=True, db_index=True)
    # Masked at write time (last IPv4 octet / all but the first 48 bits of IPv6): enough to spot "not me".
    ip_masked = models.CharField(_("network"), max_length=64, blank=True)
    user_agent_summary = models.CharField(_("browser"), max_length=120, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("sign-in")
        verbose_name_plural = _("sign-ins")

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M} {self.user_agent_summary}"
