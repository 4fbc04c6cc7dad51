"""Forms only shape input for the services; the services enforce the rules again (length caps, rating range)."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.validators import validate_single_line
from reviews.models import BODY_MAX_LENGTH, BODY_MIN_LENGTH, RATING_MAX, RATING_MIN, TITLE_MAX_LENGTH, ReportReason

# format_lazy (not "%" at import time) so each label is translated in the language of the request.
RATING_CHOICES = [(str(n), format_lazy(_("{n} of 5 stars"), n=n)) for n in range(RATING_MAX, RATING_MIN - 1, -1)]


class ReviewForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("Your rating"),
        choices=RATING_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a rating from 1 to 5 stars."),
            "invalid_choice": _("Choose a rating from 1 to 5 stars."),
        },
    )
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH, validators=[validate_single_line])
    body = forms.CharField(
        label=_("Your review"),
        min_length=BODY_MIN_LENGTH,
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=format_lazy(
            _("What did you like or not? {min} to {max} characters, plain text."),
            min=BODY_MIN_LENGTH,
            max=BODY_MAX_LENGTH,
        ),
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you reporting this review?"), choices=ReportReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Details (optional)"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
