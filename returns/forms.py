"""Forms only parse input; the rules live in ``returns.services``."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from core.validators import validate_single_line
from returns.selectors import ReturnsOptions
from returns.states import RejectionReason


class RefundAccountForm(forms.Form):
    iban = forms.CharField(
        label=_("IBAN for your refund"),
        required=False,
        max_length=42,
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    account_holder = forms.CharField(
        label=_("Account holder"),
        required=False,
        max_length=120,
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


class RequestForm(RefundAccountForm):
    kind = forms.ChoiceField(label=_("What would you like to do?"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason or description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Not needed for a withdrawal. For a complaint, describe what is wrong."),
    )
    field_order = ["kind", "reason", "iban", "account_holder"]

    def __init__(self, *args, options: ReturnsOptions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.options = options
        self.fields["kind"].choices = [(k.kind, k.label) for k in options.kinds if k.open]
        for line_option in options.lines:
            self.fields[f"qty_{line_option.line.pk}"] = forms.IntegerField(
                label=line_option.line.name,
                required=False,
                min_value=0,
                initial=0,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": line_option.available}),
                disabled=not line_option.returnable,
            )
        if not options.needs_iban:
            del self.fields["iban"]
            del self.fields["account_holder"]

    def line_fields(self):
        return [(option, self[f"qty_{option.line.pk}"]) for option in self.options.lines]

    def quantities(self) -> dict[int, int]:
        return {
            option.line.pk: self.cleaned_data.get(f"qty_{option.line.pk}") or 0
            for option in self.options.lines
            if option.returnable
        }


class AccountCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the email"),
        max_length=12,
        validators=[RegexValidator(r"^\s*\d{3}\s?\d{3}\s*$", _("Enter the 6-digit code from the email."))],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "spellcheck": "false"}),
    )


class ApproveForm(forms.Form):
    instructions = forms.CharField(
        label=_("Return instructions for the shopper"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        initial=_("Pack the items securely, put the printed label on the parcel and drop it at any PostNL point."),
    )


class RejectForm(forms.Form):
    code = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", "---------"), *RejectionReason.choices],
        help_text=_("The shopper sees this reason in their own language."),
    )
    note = forms.CharField(
        label=_("Note in your own words (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to the shopper as you write it, marked as the shop's note."),
    )
    next_steps = forms.CharField(
        label=_("What the shopper can do next"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        initial=_(
            "Reply to this email or contact our support team; you can also turn to the ODR platform "
            "or your national consumer authority."
        ),
    )
