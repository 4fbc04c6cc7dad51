from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Address


class AddressForm(forms.ModelForm):
    """Validates the fields only; ``accounts.services`` saves and keeps one default per shopper."""

    class Meta:
        model = Address
        fields = ["full_name", "line1", "line2", "postal_code", "city", "country", "is_default"]
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "line1": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "line2": forms.TextInput(attrs={"autocomplete": "address-line2"}),
            "postal_code": forms.TextInput(attrs={"autocomplete": "postal-code"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "country": forms.Select(attrs={"autocomplete": "country"}),
        }
        labels = {"is_default": _("Use this as my default delivery address")}

    def clean(self):
        cleaned = super().clean()
        for name in ("full_name", "line1", "line2", "postal_code", "city"):
            if isinstance(cleaned.get(name), str):
                cleaned[name] = cleaned[name].strip()
        return cleaned


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account, addresses, reviews and sign-in history are deleted for good."),
        required=True,
    )
