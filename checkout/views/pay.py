"""Checkout steps, the pay endpoint, the order page and the public fee table. Thin: parse, call a service, render."""

from __future__ import annotations

import logging
import secrets

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from checkout.forms import ReviewForm
from checkout.selectors import (
    CHECKOUT_SESSION_KEY,
    checkout_policies,
)
from checkout.services import (
    CheckoutDetails,
    PayDetails,
    QuoteChanged,
    checkout_submit,
    order_pay_start,
    order_payment_method_change,
)
from checkout.views.steps import ADDRESS_FIELDS, _data, _first_missing_step, _review_context, _review_form, _state
from core.errors import ApplicationError
from fraud.client import client_context
from fraud.services import PaymentBlocked
from orders.access import (
    order_signed_path,
)
from orders.methods import method_spec
from orders.models import BANK_FLOW_METHODS, Order
from orders.services import order_items_to_cart
from orders.views import order_for_viewer, order_link_page
from payments import gateway
from payments.models import PaymentState
from payments.selectors import order_latest_payment
from payments.services import PaymentOutcome, payment_bank_refresh, payment_failure_message, payment_settle
from shop.services import cart_get_or_create

logger = logging.getLogger(__name__)


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _outcome_json(request: HttpRequest, outcome: PaymentOutcome) -> JsonResponse:
    order = outcome.order
    status_url = reverse("orders:order_payment_status", kwargs={"number": order.number})
    status_url += "?key=" + order_signed_path(order=order).split("?key=", 1)[1]
    if outcome.redirect_url or (
        outcome.status == PaymentState.REQUIRES_ACTION and outcome.payment.method in BANK_FLOW_METHODS
    ):
        # A bank method: to the bank's page (redirect methods), or to the order page that waits for the bank
        # app's approval (BLIK).
        return JsonResponse({"status": "redirect", "redirect": outcome.redirect_url or order_signed_path(order=order)})
    if outcome.status == PaymentState.REQUIRES_ACTION:
        return JsonResponse(
            {
                "status": "requires_action",
                "client_secret": outcome.client_secret,
                "status_url": status_url,
                "message": _("Your bank is asking you to confirm this payment. Follow the steps in the window."),
            }
        )
    if outcome.status == PaymentState.FAILED:
        return JsonResponse({"status": "failed", "message": outcome.message}, status=402)
    answer = {"status": outcome.status, "redirect": order_signed_path(order=order)}
    if outcome.message:
        answer["message"] = outcome.message  # e.g. "already paid, you have not been charged again"
    return JsonResponse(answer)


def _error(request: HttpRequest, message: str, form: ReviewForm | None = None, status: int = 400) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"status": "error", "message": message}, status=status)
    if form is None:
        form = _review_form(request, _data(request).get("token", ""))
    response = render(request, "checkout/checkout_review.html", _review_context(request, form, pay_error=message))
    response.status_code = status
    return response


def _review_form_problem(form: ReviewForm) -> str:
    """What to tell the shopper about the last step's form: a typed field's own problem, else the checkboxes."""
    for name in ("blik_code", "iban", "account_holder"):
        if name in form.errors:
            return _("%(label)s: %(problem)s") % {"label": form.fields[name].label, "problem": form.errors[name][0]}
    return _("Please accept the terms and the returns policy to continue.")


def _quote_changed(request: HttpRequest, message: str) -> HttpResponse:
    """Nothing was placed or charged: back to the review page, which shows the new total and a new pay button."""
    messages.warning(request, message)
    review = reverse("checkout:checkout_review")
    if _wants_json(request):
        return JsonResponse({"status": "changed", "message": message, "redirect": review}, status=409)
    return redirect(review)


def _blocked(request: HttpRequest, message: str, order: Order | None, form: ReviewForm | None) -> HttpResponse:
    """The screening refused the attempt. A card order was cancelled: its items go back into the cart, so the
    shopper can check out again with another card or method. The answer says what they can do, never why; the
    review page's "what you can do now" panel links to each (``form`` is None for the order page's JSON)."""
    if order is not None:
        order_items_to_cart(order=order, cart=cart_get_or_create(request=request))
    if form is None or _wants_json(request):
        return JsonResponse({"status": "blocked", "message": message}, status=400)
    context = _review_context(request, form, pay_error=message, pay_blocked=True)
    return render(request, "checkout/checkout_review.html", context, status=400)


@require_POST
def checkout_pay(request: HttpRequest) -> HttpResponse:
    """Place the order (once per checkout token) and start paying it. Amount and currency come from the database."""
    data = _data(request)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _error(request, _review_form_problem(form), form)
    token = form.cleaned_data["checkout_token"]
    placed = Order.objects.filter(checkout_token=token).first()
    if placed is not None and request.session.get("last_order") == placed.number and not data.get("token"):
        # A double submit after the checkout finished: show the order it already made.
        if _wants_json(request):
            return JsonResponse({"status": "placed", "redirect": order_signed_path(order=placed)})
        return redirect(order_signed_path(order=placed))
    if not data.get("token") or not secrets.compare_digest(token, data["token"]):
        return _error(request, _("This checkout has expired. Please review your order again."), form, status=409)
    summary = _state(request).summary
    if placed is None:
        if _first_missing_step(request) != "review":
            return _error(request, _("Some checkout details are missing."), form)
        if not summary.all_available:
            return _error(request, _("Some items are no longer available in that quantity; check your cart."), form)
    terms, returns = checkout_policies()
    details = CheckoutDetails(
        **{name: data.get(name, "") or "" for name in ADDRESS_FIELDS},
        delivery_option_id=data["delivery_option_id"],
        payment_method=data["payment_method"],
        currency=data.get("currency") or "",
    )
    try:
        order, outcome = checkout_submit(
            cart=summary,
            details=details,
            checkout_token=token,
            user=request.user,
            accepted_terms=terms,
            accepted_returns_policy=returns,
            client=client_context(request),
            quote_fingerprint=form.cleaned_data["quote_fingerprint"],
            language=translation.get_language() or "en",
            pay=_pay_details(form.cleaned_data),
            request=request,
        )
    except QuoteChanged as exc:
        return _quote_changed(request, exc.message)
    except PaymentBlocked as exc:
        return _blocked(request, exc.message, None, form)
    except ApplicationError as exc:
        return _error(request, exc.message, form)
    except gateway.GatewayError as exc:
        return _error(request, exc.shopper_message, form, status=503)
    request.session["last_order"] = order.number
    if outcome is None:
        request.session.pop(CHECKOUT_SESSION_KEY, None)
        return redirect(order_signed_path(order=order))
    if outcome.status == PaymentState.SUCCEEDED:
        request.session.pop(CHECKOUT_SESSION_KEY, None)
    if _wants_json(request):
        return _outcome_json(request, outcome)
    if outcome.status == PaymentState.FAILED:
        return _error(request, outcome.message, form, status=402)
    if outcome.redirect_url:
        return _to_the_bank(request, outcome)
    if outcome.message:
        messages.info(request, outcome.message)
    request.session.pop(CHECKOUT_SESSION_KEY, None)
    return redirect(order_signed_path(order=order))


def _pay_details(cleaned: dict) -> PayDetails:
    return PayDetails(
        blik_code=cleaned.get("blik_code") or "",
        payment_method_id=cleaned.get("payment_method_id") or "",
        iban=cleaned.get("iban") or "",
        account_holder=cleaned.get("account_holder") or "",
    )


@require_POST
@order_link_page
def order_pay(request: HttpRequest, number: str) -> HttpResponse:
    """Pay (again) for an unpaid order from its page: the card form's JSON answers as at checkout; a bank method's
    plain form goes on to the bank's page (or, for BLIK, back to the order page that waits for the approval)."""
    order = order_for_viewer(request, number)
    form = ReviewForm({"checkout_token": "x", "accept_terms": "on", "accept_returns": "on", **request.POST.dict()})
    as_json = _wants_json(request)
    if not form.is_valid():
        message = _review_form_problem(form) if "blik_code" in form.errors else _("Please try again.")
        return _order_pay_problem(request, order, message, as_json)
    try:
        outcome = order_pay_start(order=order, pay=_pay_details(form.cleaned_data), request=request)
    except PaymentBlocked as exc:
        return _blocked(request, exc.message, order, None)
    except ApplicationError as exc:
        return _order_pay_problem(request, order, exc.message, as_json)
    except gateway.GatewayError as exc:
        return _order_pay_problem(request, order, exc.shopper_message, as_json, status=503)
    if outcome is None:
        return _order_pay_problem(request, order, _("This order is not paid online."), as_json)
    if as_json:
        return _outcome_json(request, outcome)
    if outcome.redirect_url:
        return _to_the_bank(request, outcome)
    if outcome.status == PaymentState.FAILED:
        messages.error(request, outcome.message)
    elif outcome.message:
        messages.info(request, outcome.message)
    return redirect(order_signed_path(order=order))


def _to_the_bank(request: HttpRequest, outcome: PaymentOutcome) -> HttpResponse:
    """Stripe's ``next_action.redirect_to_url``: the bank's (or PayPal's) page. A page that goes on by itself (and
    has a link), since the CSP's form-action 'self' stops a form's redirect to another origin."""
    brand = method_spec(outcome.payment.method).brand
    return render(request, "checkout/bank_redirect.html", {"url": outcome.redirect_url, "brand": brand})


def _order_pay_problem(request: HttpRequest, order: Order, message: str, as_json: bool, status: int = 400):
    if as_json:
        return JsonResponse({"status": "error", "message": message}, status=status)
    messages.error(request, message)
    return redirect(order_signed_path(order=order))


@require_POST
@order_link_page
def order_payment_status(request: HttpRequest, number: str) -> HttpResponse:
    """After the 3-D Secure window, and while BLIK waits for the bank app: re-read the PaymentIntent server-side.
    What the browser says counts for nothing."""
    order = order_for_viewer(request, number)
    payment = order_latest_payment(order=order)
    if payment is None:
        raise Http404
    try:
        if payment.method in BANK_FLOW_METHODS:
            payment = payment_bank_refresh(payment=payment, via=payment.method)
        else:
            payment = payment_settle(payment=payment, via="card")
    except gateway.GatewayError as exc:
        return JsonResponse({"status": "error", "message": exc.shopper_message}, status=503)
    order.refresh_from_db()
    if payment.state == PaymentState.FAILED:
        return JsonResponse({"status": "failed", "message": payment_failure_message(payment)}, status=402)
    if payment.state == PaymentState.SUCCEEDED:
        request.session.pop(CHECKOUT_SESSION_KEY, None)
    return JsonResponse({"status": payment.state, "redirect": order_signed_path(order=order)})


@order_link_page
def order_payment_return(request: HttpRequest, number: str) -> HttpResponse:
    """Stripe's return_url after the bank's (or PayPal's) page. The query string (``payment_intent``,
    ``redirect_status``) is ignored: the PaymentIntent is re-read from Stripe, then the order page says what
    happened and what the shopper can do."""
    order = order_for_viewer(request, number)
    payment = order_latest_payment(order=order)
    if payment is not None and payment.method in BANK_FLOW_METHODS:
        try:
            payment = payment_bank_refresh(payment=payment, via="payment_return")
        except gateway.GatewayError:
            logger.info("Could not re-read payment %s on return from the bank", payment.pk)
        if payment.state == PaymentState.SUCCEEDED:
            request.session.pop(CHECKOUT_SESSION_KEY, None)
            messages.success(request, _("Your payment was received. Thank you!"))
        elif payment.state == PaymentState.FAILED:
            messages.error(request, payment_failure_message(payment))
        elif payment.state == PaymentState.REQUIRES_ACTION:
            messages.warning(
                request,
                _("Your bank has not confirmed the payment yet. Nothing has been taken so far."),
            )
    return redirect(order_signed_path(order=order))


@require_POST
@order_link_page
def order_change_method(request: HttpRequest, number: str) -> HttpResponse:
    """After a payment was abandoned or refused at the bank: choose another online method for the unpaid order."""
    order = order_for_viewer(request, number)
    try:
        order_payment_method_change(order=order, method=request.POST.get("payment_method", ""))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    except gateway.GatewayError as exc:
        messages.error(request, exc.shopper_message)
    else:
        messages.success(request, _("Payment method changed. Check the total and pay below."))
    return redirect(order_signed_path(order=order))
