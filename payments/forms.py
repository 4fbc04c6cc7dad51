"""The forms of the order admin's own pages: refund, ship, delay."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from core.validators import validate_single_line


class RefundForm(forms.Form):
    amount = forms.CharField(label=gettext_lazy("Amount (e.g. 12.50)"), max_length=12)
    reason = forms.CharField(
        label=gettext_lazy("Reason (shown to the shopper)"), max_length=300, validators=[validate_single_line]
    )
    restock = forms.BooleanField(label=gettext_lazy("Return the items to stock"), required=False)


class ShipForm(forms.Form):
    tracking_number = forms.CharField(
        label=gettext_lazy("Tracking number"), max_length=80, required=False, validators=[validate_single_line]
    )


class DelayForm(forms.Form):
    new_from = forms.DateField(
        label=gettext_lazy("New earliest delivery date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    new_to = forms.DateField(
        label=gettext_lazy("New latest delivery date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason (emailed to the shopper)"), max_length=300, validators=[validate_single_line]
    )
