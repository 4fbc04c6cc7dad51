"""Input forms: parse and cap lengths here; the rules themselves live in ``support.services``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.validators import validate_single_line
from support import services
from support.models import FraudReport, Ticket


class AccessibleErrorsMixin:
    """Point each invalid control at its error message (``<p id="<id>_error">`` in the field include)."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                described = widget.attrs.get("aria-describedby", "")
                widget.attrs["aria-describedby"] = f"{described} id_{name}_error".strip()


class HoneypotField(forms.CharField):
    """Hidden from people (CSS and aria-hidden); form-filling robots fill it."""

    def __init__(self, **kwargs):
        widget = forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"})
        super().__init__(required=False, max_length=200, widget=widget, **kwargs)


class TicketForm(AccessibleErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=services.NAME_MAX, validators=[validate_single_line],
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(label=_("Your email"), max_length=254, validators=[validate_single_line],
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    order_number = forms.CharField(
        label=_("Order number (optional)"), max_length=services.ORDER_NUMBER_MAX, required=False,
        help_text=_("It starts with TM- and is in your order confirmation."), validators=[validate_single_line],
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=Ticket.Topic.choices)
    message = forms.CharField(
        label=_("Your message"), min_length=services.MESSAGE_MIN, max_length=services.MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Please never include your password or card details: we do not need them."),
    )
    website = HoneypotField(label=_("Leave this field empty"))


class TicketFollowupForm(AccessibleErrorsMixin, forms.Form):
    body = forms.CharField(label=_("Add a message"), max_length=services.MESSAGE_MAX,
                           widget=forms.Textarea(attrs={"rows": 4}))


class FraudReportForm(AccessibleErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("What happened?"), choices=FraudReport.Kind.choices, widget=forms.RadioSelect)
    details = forms.CharField(
        label=_("Details"), min_length=services.MESSAGE_MIN, max_length=services.MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What did the message say or ask for? When did it arrive? Do not include passwords or card numbers."
        ),
    )
    order_number = forms.CharField(label=_("Order number, if it is about an order (optional)"),
                                   max_length=services.ORDER_NUMBER_MAX, required=False,
                                   validators=[validate_single_line])
    sender = forms.CharField(
        label=_("Sender address, phone number or link (optional)"), max_length=services.SENDER_MAX, required=False,
        help_text=_("Copy it as text; do not open the link again."), validators=[validate_single_line],
    )
    contact_email = forms.EmailField(label=_("Your email, for our answer"), max_length=254,
                                     validators=[validate_single_line],
                                     widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    website = HoneypotField(label=_("Leave this field empty"))


class FaqSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the questions"), max_length=100, required=False,
                        widget=forms.TextInput(attrs={"type": "search"}))
