"""Writes of the merchant's review of held payments: accept (capture, or confirm an offline order) or refuse
(cancel), and record the decision and what was learnt later.

Apart from ``fraud/services.py`` because ``payments.services`` imports that module for the screening (the one
exception to the layers, until the checkout split of issue 15), while these decisions call ``payments.services``:
one module each way, no import cycle.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from fraud.models import Decision, ReviewDecision, RiskAssessment
from orders.models import OFFLINE_METHODS
from orders.services import order_review_accept
from orders.states import OrderStatus
from payments.models import Payment, PaymentState
from payments.services import order_cancel, payment_cancel_held, payment_capture


def _held_assessment(assessment: RiskAssessment) -> Payment:
    """The held payment: a card authorised only, or an offline order waiting to be confirmed."""
    payment = assessment.payment
    if payment is None or assessment.decision != Decision.REVIEW:
        raise ApplicationError(_("This attempt was not held for review."))
    if ReviewDecision.objects.filter(assessment=assessment).exists():
        raise ApplicationError(_("This payment has already been reviewed."))
    payment.refresh_from_db()
    if payment.method in OFFLINE_METHODS:
        waiting = payment.state == PaymentState.PENDING and payment.order.status == OrderStatus.HELD_FOR_REVIEW
    else:
        waiting = payment.state == PaymentState.REQUIRES_CAPTURE
    if not waiting:
        raise ApplicationError(_("This payment is no longer waiting for a review (it is %(state)s).") % {
            "state": payment.get_state_display()
        })
    return payment


def _review_record(
    *, assessment: RiskAssessment, merchant: AbstractBaseUser | None, decision: str, was_fraud: bool | None, note: str
) -> ReviewDecision:
    review = ReviewDecision(
        assessment=assessment, merchant=merchant, decision=decision, was_fraud=was_fraud, note=note.strip()[:500]
    )
    review.full_clean()
    review.save()
    return review


def review_capture(
    *, assessment: RiskAssessment, merchant: AbstractBaseUser | None, was_fraud: bool | None = None, note: str = ""
) -> ReviewDecision:
    """Accept a held payment and record the decision: a card is captured at Stripe (the order becomes paid); an
    offline order is confirmed (the shopper gets the payment details, or the parcel is prepared for delivery)."""
    with transaction.atomic():
        # The assessment row lock makes two merchants clicking at once review it once.
        assessment = RiskAssessment.objects.select_for_update().get(pk=assessment.pk)
        payment = _held_assessment(assessment)
        if payment.method in OFFLINE_METHODS:
            order_review_accept(order=payment.order, actor=merchant)
        else:
            payment = payment_capture(payment=payment, actor=merchant)
            if payment.state != PaymentState.SUCCEEDED:
                raise ApplicationError(
                    _("Stripe did not capture the payment (it is %(state)s).")
                    % {"state": payment.get_state_display()}
                )
        return _review_record(
            assessment=assessment, merchant=merchant, decision=ReviewDecision.Outcome.CAPTURED, was_fraud=was_fraud,
            note=note,
        )


def review_cancel(
    *, assessment: RiskAssessment, merchant: AbstractBaseUser | None, was_fraud: bool | None = None, note: str = ""
) -> ReviewDecision:
    """Refuse a held payment: cancel the authorisation, or the offline order (nothing is charged, stock released),
    and record it."""
    with transaction.atomic():
        assessment = RiskAssessment.objects.select_for_update().get(pk=assessment.pk)
        payment = _held_assessment(assessment)
        if payment.method in OFFLINE_METHODS:
            order_cancel(order=payment.order, cause="review_refused", actor=merchant)
        else:
            payment_cancel_held(payment=payment, actor=merchant)
        return _review_record(
            assessment=assessment, merchant=merchant, decision=ReviewDecision.Outcome.CANCELLED, was_fraud=was_fraud,
            note=note,
        )


def review_judge(*, review: ReviewDecision, was_fraud: bool | None, note: str | None = None) -> ReviewDecision:
    """Record later knowledge (a chargeback arrived, the shopper confirmed): feeds the false-positive rate."""
    review.was_fraud = was_fraud
    if note is not None:
        review.note = note.strip()[:500]
    review.save(update_fields=["was_fraud", "note"])
    return review
