"""Checkout forms: they parse and validate input only; prices never come from a form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from checkout.config import checkout_config
from checkout.selectors import offered_methods
from core.validators import validate_single_line
from orders.models import DeliveryOption, PaymentMethod

COUNTRY_NAMES = {
    "AT": _("Austria"),
    "BE": _("Belgium"),
    "CH": _("Switzerland"),
    "DE": _("Germany"),
    "ES": _("Spain"),
    "FR": _("France"),
    "GB": _("United Kingdom"),
    "IE": _("Ireland"),
    "IT": _("Italy"),
    "NL": _("Netherlands"),
    "PL": _("Poland"),
    "US": _("United States"),
}


def country_choices() -> list[tuple[str, str]]:
    codes = checkout_config().country_codes
    return sorted(((code, str(COUNTRY_NAMES.get(code, code))) for code in codes), key=lambda pair: pair[1])


class AddressForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"), help_text=_("For the order confirmation and updates."), validators=[validate_single_line]
    )
    full_name = forms.CharField(label=_("Full name"), max_length=200, validators=[validate_single_line])
    address_line1 = forms.CharField(label=_("Street and number"), max_length=200, validators=[validate_single_line])
    address_line2 = forms.CharField(
        label=_("Apartment, floor (optional)"), max_length=200, required=False, validators=[validate_single_line]
    )
    postal_code = forms.CharField(label=_("Postal code"), max_length=20, validators=[validate_single_line])
    city = forms.CharField(label=_("City"), max_length=100, validators=[validate_single_line])
    country = forms.ChoiceField(label=_("Country"))
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=40,
        required=False,
        help_text=_("Only for the courier."),
        validators=[validate_single_line],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices()
        autocomplete = {
            "email": "email",
            "full_name": "name",
            "address_line1": "address-line1",
            "address_line2": "address-line2",
            "postal_code": "postal-code",
            "city": "address-level2",
            "country": "country",
            "phone": "tel",
        }
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value


class DeliveryForm(forms.Form):
    delivery_option = forms.ModelChoiceField(
        label=_("Delivery option"), queryset=DeliveryOption.objects.none(), widget=forms.RadioSelect, empty_label=None
    )

    def __init__(self, *args, country: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        zone_ids = [zone.pk for zone in checkout_config().zones if country in zone.country_codes]
        # A queryset, so a posted choice is checked against the database (the page lists the cached options).
        self.fields["delivery_option"].queryset = DeliveryOption.objects.filter(
            zone_id__in=zone_ids, active=True
        ).select_related("zone")


class MethodForm(forms.Form):
    payment_method = forms.ChoiceField(label=_("Payment method"), widget=forms.RadioSelect)

    def __init__(self, *args, allow_cod: bool, country: str, currency: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["payment_method"].choices = [
            (code, PaymentMethod(code).label)
            for code in offered_methods(country=country, currency=currency, allow_cod=allow_cod)
        ]


class ReviewForm(forms.Form):
    """The last step. Card details never come here: only the id Stripe.js made from them."""

    checkout_token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    # ``Quote.fingerprint`` of what the page showed; placing the order compares it (missing = changed).
    quote_fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)
    accept_terms = forms.BooleanField(label=_("I accept the terms and conditions"))
    accept_returns = forms.BooleanField(label=_("I have read the returns policy"))
    payment_method_id = forms.CharField(required=False, max_length=255, widget=forms.HiddenInput)
    blik_code = forms.RegexField(
        label=_("BLIK code"),
        regex=r"^[0-9]{6}$",
        required=False,
        max_length=6,
        help_text=_("The 6-digit code from your bank app."),
        error_messages={"invalid": _("A BLIK code is 6 digits.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]{6}"}),
    )
    iban = forms.CharField(label=_("IBAN"), required=False, max_length=42, validators=[validate_single_line])
    account_holder = forms.CharField(
        label=_("Account holder"), required=False, max_length=200, validators=[validate_single_line]
    )
