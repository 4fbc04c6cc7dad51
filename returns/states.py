"""The return request state machine: every allowed move, in one place.

Only ``returns.services._request_transition`` changes ``ReturnRequest.status``; it consults ``ALLOWED_TRANSITIONS``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestKind(models.TextChoices):
    WITHDRAWAL = "withdrawal", _("Withdrawal (14-day legal right)")
    RETURN = "return", _("Return under our returns policy")
    COMPLAINT = "complaint", _("Complaint about a faulty or wrong item")


class RejectionReason(models.TextChoices):
    """Why a request was refused: stored as a code, shown in the reader's language (the merchant's own words, if
    any, go in the separate note)."""

    OUTSIDE_WITHDRAWAL_WINDOW = "outside_withdrawal_window", _("The request came after the withdrawal period ended")
    ITEM_USED_OR_DAMAGED = "item_used_or_damaged", _("The item came back used or damaged")
    ITEM_NOT_RECEIVED = "item_not_received", _("We did not receive the item back")
    NOT_COVERED_BY_WARRANTY = "not_covered_by_warranty", _("The fault is not covered by the legal guarantee")
    OTHER = "other", _("Another reason (see the note below)")


class RequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    RECEIVED = "received", _("Items received")
    REFUNDED = "refunded", _("Refunded")
    REJECTED = "rejected", _("Rejected")


S = RequestStatus
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.REQUESTED: frozenset({S.APPROVED, S.REJECTED}),
    # An approved request can still be rejected (e.g. the items never came back, or came back used).
    S.APPROVED: frozenset({S.RECEIVED, S.REJECTED}),
    S.RECEIVED: frozenset({S.REFUNDED}),
    S.REFUNDED: frozenset(),
    S.REJECTED: frozenset(),
}

# A request in one of these blocks another request on the same order line.
OPEN_STATUSES = frozenset({S.REQUESTED, S.APPROVED, S.RECEIVED})
# Quantities in requests with these statuses count as returned (or being returned).
COUNTED_STATUSES = frozenset({S.REQUESTED, S.APPROVED, S.RECEIVED, S.REFUNDED})


def can_transition(current: str, target: str) -> bool:
    return target in ALLOWED_TRANSITIONS.get(current, frozenset())
