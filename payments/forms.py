"""The forms of the order admin's own pages: refund, ship, delay."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from core.validators import validate_single_line
from orders.models import Carrier
from payments.models import RefundReason
from payments.services.refunds import RefundWanted


class RefundLinesForm(forms.Form):
    """Refund by lines: how many of each line, which go back to stock, the delivery cost, and a reason. The
    amount is computed from the lines (``order_refund_quote``); the merchant confirms it on a second page."""

    code = forms.ChoiceField(
        label=gettext_lazy("Reason (shown to the shopper in their language)"),
        choices=[("", "---------"), *RefundReason.choices],
    )
    reason = forms.CharField(
        label=gettext_lazy("Note in your own words (optional)"),
        required=False,
        max_length=300,
        validators=[validate_single_line],
    )

    def code_label(self) -> str:
        return str(RefundReason(self.cleaned_data["code"]).label)

    def __init__(self, *args, lines: list, delivery_open: bool, delivery_label: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.line_rows = []
        for entry in lines:
            line = entry.line
            quantity = forms.IntegerField(
                label=gettext_lazy("Quantity to refund"), min_value=0, max_value=entry.refundable_quantity,
                initial=0, widget=forms.NumberInput(attrs={"size": "3"}),
                disabled=entry.refundable_quantity == 0,
            )  # fmt: skip
            self.fields[f"line_{line.pk}"] = quantity
            self.fields[f"restock_{line.pk}"] = forms.BooleanField(
                label=gettext_lazy("Back to stock"), required=False, disabled=entry.refundable_quantity == 0
            )
            self.line_rows.append((entry, self[f"line_{line.pk}"], self[f"restock_{line.pk}"]))
        self.delivery_open = delivery_open
        if delivery_open:
            self.fields["delivery"] = forms.BooleanField(label=delivery_label, required=False)
        self.order_fields([*(name for name in self.fields if name not in ("code", "reason")), "code", "reason"])

    def wanted(self) -> list:
        """The lines chosen (call after ``is_valid()``): ``RefundWanted`` rows for ``order_refund_lines``."""
        chosen = []
        for entry, _quantity, _restock in self.line_rows:
            count = self.cleaned_data.get(f"line_{entry.line.pk}") or 0
            if count:
                restock = bool(self.cleaned_data.get(f"restock_{entry.line.pk}"))
                chosen.append(RefundWanted(order_line_id=entry.line.pk, quantity=count, restock=restock))
        if self.cleaned_data.get("delivery"):
            chosen.append(RefundWanted(order_line_id=None))
        return chosen


class ShipForm(forms.Form):
    carrier = forms.ModelChoiceField(
        label=gettext_lazy("Carrier"), queryset=Carrier.objects.filter(active=True), empty_label=None
    )
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
