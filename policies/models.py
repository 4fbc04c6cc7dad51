"""Shop policies (returns, shipping, privacy, terms...) and their immutable, numbered versions."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Policy(models.Model):
    class Kind(models.TextChoices):
        RETURNS = "returns", _("Returns policy")
        SHIPPING = "shipping", _("Shipping & customs")
        PRIVACY = "privacy", _("Privacy policy")
        TERMS = "terms", _("Terms and conditions")
        PAYMENT_SECURITY = "payment-security", _("Payment security")
        WITHDRAWAL_FORM = "withdrawal-form", _("Withdrawal form")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, unique=True)
    title = models.CharField(_("title"), max_length=200)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("policy")
        verbose_name_plural = _("policies")

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("policies:policy", kwargs={"kind": self.kind})


class PolicyVersion(models.Model):
    """An immutable version of a policy text. Editing a policy creates a new version; none is ever changed."""

    policy = models.ForeignKey(Policy, related_name="versions", on_delete=models.PROTECT)
    number = models.PositiveIntegerField(_("version"))
    body_html = models.TextField(_("text (sanitised HTML)"))
    change_summary = models.CharField(_("change summary"), max_length=300)
    # The data of each fact block the text uses (``policies.facts``), as it was when this version was published:
    # the page renders the blocks from it, so a version keeps showing the facts of its own time.
    facts = models.JSONField(_("facts shown"), default=dict, blank=True, editable=False)
    effective_date = models.DateField(_("effective from"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["policy", "-number"]
        get_latest_by = "number"
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        constraints = [models.UniqueConstraint(fields=["policy", "number"], name="policyversion_unique_number")]

    def __str__(self) -> str:
        return f"{self.policy} v{self.number}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValidationError(_("Policy versions are immutable; create a new version instead."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Policy versions are immutable and cannot be deleted."))
