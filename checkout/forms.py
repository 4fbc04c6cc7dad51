"""Checkout forms: they parse and validate input only; prices never come from a form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from checkout.config import checkout_config
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

    def __init__(self, *args, allow_cod: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        rows = checkout_config().active_fees
        self.fields["payment_method"].choices = [
            (row.method, row.get_method_display())
            for row in rows
            if allow_cod or row.method != PaymentMethod.CASH_ON_DELIVERY
        ]


class ReviewForm(forms.Form):
    """The last step. Card details never come here: only the id Stripe.js made from them."""

    checkout_token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    # ``Quote.fingerprint`` of what the page showed; placing the order compares it (missing = changed).
    quote_fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)
    accept_terms = forms.BooleanField(label=_("I accept the terms and conditions"))
    accept_returns = forms.BooleanField(label=_("I have read the returns policy"))
    payment_method_id = forms.CharField(required=False, max_length=255, widget=forms.HiddenInput)
    iban = forms.CharField(label=_("IBAN"), required=False, max_length=42, validators=[validate_single_line])
    account_holder = forms.CharField(
        label=_("Account holder"), required=False, max_length=200, validators=[validate_single_line]
    )
