"""Checkout steps, the pay endpoint, the order page and the public fee table. Thin: parse, call a service, render."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import ApplicationError
from fraud.client import client_context
from fraud.services import PaymentBlocked
from payments import gateway
from payments.access import (
    OrderLinkExpired,
    order_can_view,
    order_link_resend_ticket,
    order_link_resend_ticket_valid,
    order_signed_path,
)
from payments.delivery import SHIP_TO_SESSION_KEY, delivered_price_options, delivery_estimate
from payments.forms import COUNTRY_NAMES, AddressForm, DeliveryForm, MethodForm, ReviewForm
from payments.models import DeliveryOption, Order, PaymentMethod, PaymentState
from payments.pricing import checkout_quote
from payments.selectors import (
    CHECKOUT_SESSION_KEY,
    checkout_delivery_option,
    checkout_policies,
    checkout_quote_for,
    fee_table_rows,
    fee_tables_context,
    order_latest_payment,
    order_open_stripe_payments,
    zone_for_country,
)
from payments.services import (
    CheckoutDetails,
    PaymentOutcome,
    QuoteChanged,
    offline_hold_until,
    order_cancel,
    order_items_to_cart,
    order_link_send,
    order_place,
    payment_card_start,
    payment_sepa_start,
    payment_settle,
)
from payments.states import OrderStatus
from shop.selectors import CartSummary, cart_get, cart_summary
from shop.services import cart_get_or_create

logger = logging.getLogger(__name__)

STEPS = [
    ("address", gettext_lazy("Contact and address")),
    ("delivery", gettext_lazy("Delivery")),
    ("method", gettext_lazy("Payment method")),
    ("review", gettext_lazy("Review and pay")),
]
ADDRESS_FIELDS = ["email", "full_name", "address_line1", "address_line2", "postal_code", "city", "country", "phone"]


def _data(request: HttpRequest) -> dict:
    return request.session.get(CHECKOUT_SESSION_KEY) or {}


def _save(request: HttpRequest, **changes) -> None:
    data = _data(request)
    data.update(changes)
    request.session[CHECKOUT_SESSION_KEY] = data
    state = request.__dict__.get("_checkout_state")
    if state is not None:  # the cart has not changed; the chosen delivery option may have
        state.data = data
        state.delivery_option = checkout_delivery_option(data=data)


@dataclass
class _State:
    data: dict
    summary: CartSummary
    delivery_option: DeliveryOption | None


def _state(request: HttpRequest) -> _State:
    """What the shopper chose so far, read once per request (cart, delivery option)."""
    state = request.__dict__.get("_checkout_state")
    if state is None:
        data = _data(request)
        state = _State(
            data=data,
            summary=cart_summary(cart=cart_get(request=request)),
            delivery_option=checkout_delivery_option(data=data),
        )
        request.__dict__["_checkout_state"] = state
    return state


def _first_missing_step(request: HttpRequest) -> str:
    state = _state(request)
    if not state.data.get("email"):
        return "address"
    if state.delivery_option is None:
        return "delivery"
    if not state.data.get("payment_method"):
        return "method"
    return "review"


def _context(request: HttpRequest, step: str, **extra) -> dict:
    state = _state(request)
    data = state.data
    names = [name for name, _label in STEPS]
    reachable = names.index(_first_missing_step(request))
    steps = [
        {"name": name, "label": label, "number": i + 1, "current": name == step, "done": i < reachable}
        for i, (name, label) in enumerate(STEPS)
    ]
    return {
        "steps": steps,
        "step": step,
        "summary": state.summary,
        "header_cart_count": state.summary.count,  # the header's count without a query of its own
        "data": data,
        "country_name": COUNTRY_NAMES.get(data.get("country", ""), data.get("country", "")),
        "quote": checkout_quote_for(cart=state.summary, data=data, delivery_option=state.delivery_option),
        "delivery_option": state.delivery_option,
        "delivery_window": (
            delivery_estimate(option=state.delivery_option, now=timezone.now()) if state.delivery_option else None
        ),
        "method_label": PaymentMethod(data["payment_method"]).label if data.get("payment_method") else "",
        "fee_tables": fee_tables_context(items_total=state.summary.items_total) if not state.summary.is_empty else None,
        **extra,
    }


def _guard(request: HttpRequest, step: str) -> HttpResponse | None:
    """Send the shopper back to the cart when it is empty, or to the first step they have not finished."""
    if _state(request).summary.is_empty:
        messages.info(request, _("Your cart is empty."))
        return redirect("shop:cart")
    names = [name for name, _label in STEPS]
    missing = _first_missing_step(request)
    if names.index(step) > names.index(missing):
        return redirect(f"payments:checkout_{missing}")
    return None


def checkout(request: HttpRequest) -> HttpResponse:
    return redirect(f"payments:checkout_{_first_missing_step(request)}")


@require_http_methods(["GET", "POST"])
def checkout_address(request: HttpRequest) -> HttpResponse:
    if (response := _guard(request, "address")) is not None:
        return response
    data = _data(request)
    initial = {name: data.get(name, "") for name in ADDRESS_FIELDS}
    if not initial["email"] and request.user.is_authenticated:
        initial["email"] = request.user.email
        initial["full_name"] = request.user.get_full_name()
    if not initial["country"]:
        initial["country"] = request.session.get(SHIP_TO_SESSION_KEY, "")  # picked on the product page or cart
    form = AddressForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in ADDRESS_FIELDS}
        request.session[SHIP_TO_SESSION_KEY] = changes["country"]
        if changes["country"] != data.get("country"):
            changes["delivery_option_id"] = None
            changes["payment_method"] = None
        _save(request, **changes)
        return redirect("payments:checkout_delivery")
    return render(request, "payments/checkout_address.html", _context(request, "address", form=form))


@require_http_methods(["GET", "POST"])
def checkout_delivery(request: HttpRequest) -> HttpResponse:
    if (response := _guard(request, "delivery")) is not None:
        return response
    data = _data(request)
    form = DeliveryForm(
        request.POST or None, country=data["country"], initial={"delivery_option": data.get("delivery_option_id")}
    )
    if request.method == "POST" and form.is_valid():
        option = form.cleaned_data["delivery_option"]
        method = data.get("payment_method")
        if method == PaymentMethod.CASH_ON_DELIVERY and not option.zone.cash_on_delivery:
            method = None
        _save(request, delivery_option_id=option.pk, payment_method=method)
        return redirect("payments:checkout_method")
    delivered = delivered_price_options(items_total=_state(request).summary.items_total, country=data["country"])
    context = _context(request, "delivery", form=form, delivered_options=delivered)
    return render(request, "payments/checkout_delivery.html", context)


@require_http_methods(["GET", "POST"])
def checkout_method(request: HttpRequest) -> HttpResponse:
    if (response := _guard(request, "method")) is not None:
        return response
    data = _data(request)
    zone = zone_for_country(country=data["country"])
    allow_cod = bool(zone and zone.cash_on_delivery)
    form = MethodForm(request.POST or None, allow_cod=allow_cod, initial={"payment_method": data.get("payment_method")})
    if request.method == "POST" and form.is_valid():
        _save(request, payment_method=form.cleaned_data["payment_method"])
        return redirect("payments:checkout_review")
    _example, rows = fee_table_rows()
    state = _state(request)
    method_quotes = []
    for row in rows:
        if row.fee.method == PaymentMethod.CASH_ON_DELIVERY and not allow_cod:
            continue
        quote = checkout_quote(
            items_total=state.summary.items_total,
            country=data["country"],
            delivery_option=state.delivery_option,
            payment_method=row.fee.method,
            payment_fee=row.fee,
        )
        method_quotes.append({"row": row, "quote": quote})
    return render(
        request, "payments/checkout_method.html", _context(request, "method", form=form, method_quotes=method_quotes)
    )


def _review_context(request: HttpRequest, form: ReviewForm, **extra) -> dict:
    terms, returns = checkout_policies()
    return _context(
        request,
        "review",
        form=form,
        terms=terms,
        returns_policy=returns,
        stripe_js_url=settings.STRIPE_JS_URL,
        stripe_key=settings.STRIPE_PUBLISHABLE_KEY,
        merchant_iban=settings.MERCHANT_IBAN,
        merchant_account_name=settings.MERCHANT_BANK_ACCOUNT_NAME,
        hold_until=offline_hold_until(),
        **extra,
    )


def _review_form(request: HttpRequest, token: str) -> ReviewForm:
    """A fresh pay form: the checkout token and the fingerprint of the quote the page shows."""
    state = _state(request)
    quote = checkout_quote_for(cart=state.summary, data=state.data, delivery_option=state.delivery_option)
    return ReviewForm(initial={"checkout_token": token, "quote_fingerprint": quote.fingerprint})


def checkout_review(request: HttpRequest) -> HttpResponse:
    token = _data(request).get("token")
    placed = Order.objects.filter(checkout_token=token).first() if token else None
    if placed is not None and placed.status in (OrderStatus.PLACED, OrderStatus.AWAITING_PAYMENT):
        if _state(request).summary.is_empty:
            # The cart already became this unpaid order (e.g. after a decline): pay it from its page.
            return redirect(order_signed_path(order=placed))
        # The shopper built a new cart after the PaymentIntent was made: the new checkout replaces the old
        # order, whose PaymentIntent is cancelled and whose stock is released.
        try:
            order_cancel(order=placed, cause=_("Replaced by a new checkout with a changed cart"), actor=None)
        except (ApplicationError, gateway.GatewayError) as exc:
            logger.warning("Could not cancel replaced order %s: %s", placed.number, exc)
        token = None
    elif placed is not None:
        token = None
    if (response := _guard(request, "review")) is not None:
        return response
    token = token or secrets.token_urlsafe(32)
    _save(request, token=token)
    return render(request, "payments/checkout_review.html", _review_context(request, _review_form(request, token)))


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _outcome_json(request: HttpRequest, outcome: PaymentOutcome) -> JsonResponse:
    order = outcome.order
    status_url = reverse("payments:order_payment_status", kwargs={"number": order.number})
    status_url += "?key=" + order_signed_path(order=order).split("?key=", 1)[1]
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
    response = render(request, "payments/checkout_review.html", _review_context(request, form, pay_error=message))
    response.status_code = status
    return response


def _review_form_problem(form: ReviewForm) -> str:
    """What to tell the shopper about the last step's form: a typed field's own problem, else the checkboxes."""
    for name in ("iban", "account_holder"):
        if name in form.errors:
            return _("%(label)s: %(problem)s") % {"label": form.fields[name].label, "problem": form.errors[name][0]}
    return _("Please accept the terms and the returns policy to continue.")


def _quote_changed(request: HttpRequest, message: str) -> HttpResponse:
    """Nothing was placed or charged: back to the review page, which shows the new total and a new pay button."""
    messages.warning(request, message)
    review = reverse("payments:checkout_review")
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
    return render(request, "payments/checkout_review.html", context, status=400)


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
    )
    order = None
    try:
        order = order_place(
            cart=summary,
            details=details,
            checkout_token=token,
            user=request.user,
            accepted_terms=terms,
            accepted_returns_policy=returns,
            client=client_context(request),
            quote_fingerprint=form.cleaned_data["quote_fingerprint"],
            language=translation.get_language() or "en",
        )
        request.session["last_order"] = order.number
        outcome = _pay(request, order, form.cleaned_data)
    except QuoteChanged as exc:
        return _quote_changed(request, exc.message)
    except PaymentBlocked as exc:
        return _blocked(request, exc.message, order, form)
    except ApplicationError as exc:
        return _error(request, exc.message, form)
    except gateway.GatewayError as exc:
        return _error(request, exc.shopper_message, form, status=503)
    if outcome is None:
        request.session.pop(CHECKOUT_SESSION_KEY, None)
        return redirect(order_signed_path(order=order))
    if outcome.status == PaymentState.SUCCEEDED:
        request.session.pop(CHECKOUT_SESSION_KEY, None)
    if _wants_json(request):
        return _outcome_json(request, outcome)
    if outcome.status == PaymentState.FAILED:
        return _error(request, outcome.message, form, status=402)
    if outcome.message:
        messages.info(request, outcome.message)
    request.session.pop(CHECKOUT_SESSION_KEY, None)
    return redirect(order_signed_path(order=order))


def _pay(request: HttpRequest, order: Order, cleaned: dict) -> PaymentOutcome | None:
    if order.payment_method == PaymentMethod.CARD:
        return payment_card_start(
            order=order, payment_method_id=cleaned.get("payment_method_id") or "", request=request
        )
    if order.payment_method == PaymentMethod.SEPA_DEBIT:
        return payment_sepa_start(
            order=order, iban=cleaned.get("iban") or "", account_holder=cleaned.get("account_holder") or ""
        )
    return None  # bank transfer and cash on delivery: nothing to do online


def _order_link_expired_page(
    request: HttpRequest, order: Order, *, sent: bool = False, error: str = "", status: int = 403
) -> HttpResponse:
    return render(
        request,
        "payments/order_link_expired.html",
        {
            "order": order,
            "ticket": order_link_resend_ticket(order=order),
            "days": settings.ORDER_LINK_MAX_AGE_DAYS,
            "sent": sent,
            "error": error,
        },
        status=status,
    )


def order_link_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For pages opened by a signed order link: an expired or revoked link gets a page that says so and offers a
    fresh link by email (or signing in), not a bare 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except OrderLinkExpired as expired:
            return _order_link_expired_page(request, expired.order)

    return wrapper


@require_POST
def order_link_resend(request: HttpRequest, number: str) -> HttpResponse:
    """The expired-link page's "email me a fresh link": sent to the order's own address, rate-limited."""
    order = Order.objects.filter(number=number).first()
    if order is None or not order_link_resend_ticket_valid(order=order, ticket=request.POST.get("ticket", "")):
        raise Http404
    try:
        order_link_send(order=order)
    except ApplicationError as exc:
        return _order_link_expired_page(request, order, error=exc.message, status=429)
    return _order_link_expired_page(request, order, sent=True, status=200)


def _order_for(request: HttpRequest, number: str) -> Order:
    order = Order.objects.filter(number=number).first()
    if order is None or not order_can_view(order=order, user=request.user, key=request.GET.get("key")):
        raise Http404
    return order


@require_POST
@order_link_page
def order_pay(request: HttpRequest, number: str) -> HttpResponse:
    """Pay (again) for an unpaid card order from its page: same JSON answers as the checkout."""
    order = _order_for(request, number)
    form = ReviewForm({"checkout_token": "x", "accept_terms": "on", "accept_returns": "on", **request.POST.dict()})
    if not form.is_valid():
        return JsonResponse({"status": "error", "message": _("Please try again.")}, status=400)
    try:
        outcome = _pay(request, order, form.cleaned_data)
    except PaymentBlocked as exc:
        return _blocked(request, exc.message, order, None)
    except ApplicationError as exc:
        return JsonResponse({"status": "error", "message": exc.message}, status=400)
    except gateway.GatewayError as exc:
        return JsonResponse({"status": "error", "message": exc.shopper_message}, status=503)
    if outcome is None:
        return JsonResponse({"status": "error", "message": _("This order is not paid online.")}, status=400)
    return _outcome_json(request, outcome)


@require_POST
@order_link_page
def order_payment_status(request: HttpRequest, number: str) -> HttpResponse:
    """After the 3-D Secure window: re-read the PaymentIntent server-side. What the browser says counts for nothing."""
    order = _order_for(request, number)
    payment = order_latest_payment(order=order)
    if payment is None:
        raise Http404
    try:
        payment = payment_settle(payment=payment, cause=_("Card payment"))
    except gateway.GatewayError as exc:
        return JsonResponse({"status": "error", "message": exc.shopper_message}, status=503)
    order.refresh_from_db()
    if payment.state == PaymentState.FAILED:
        return JsonResponse(
            {"status": "failed", "message": gateway.decline_message(payment.last_error_code)}, status=402
        )
    if payment.state == PaymentState.SUCCEEDED:
        request.session.pop(CHECKOUT_SESSION_KEY, None)
    return JsonResponse({"status": payment.state, "redirect": order_signed_path(order=order)})


@order_link_page
def order_detail(request: HttpRequest, number: str) -> HttpResponse:
    """The confirmation and order page. Reads the PaymentIntent server-side; query strings grant nothing."""
    order = _order_for(request, number)
    for payment in order_open_stripe_payments(order=order):
        try:
            payment_settle(payment=payment, cause=_("Card payment"))
        except gateway.GatewayError:
            logger.info("Could not re-read payment %s for the order page", payment.pk)
    order.refresh_from_db()
    latest = order_latest_payment(order=order)
    can_retry = (
        order.payment_method == PaymentMethod.CARD
        and order.status in (OrderStatus.PLACED, OrderStatus.AWAITING_PAYMENT)
        and (
            latest is None or latest.state in (PaymentState.FAILED, PaymentState.CANCELED, PaymentState.REQUIRES_ACTION)
        )
    )
    key = request.GET.get("key", "")
    pay_url = reverse("payments:order_pay", kwargs={"number": order.number}) + (f"?key={key}" if key else "")
    return render(
        request,
        "payments/order_detail.html",
        {
            "order": order,
            "lines": list(order.lines.all()),
            "timeline": list(order.status_changes.all()),
            "delays": list(order.delays.all()),
            "refunds": list(order.refunds.all()),
            "latest_payment": latest,
            "can_retry": can_retry,
            "pay_url": pay_url,
            "stripe_js_url": settings.STRIPE_JS_URL,
            "stripe_key": settings.STRIPE_PUBLISHABLE_KEY,
            "merchant_iban": settings.MERCHANT_IBAN,
            "merchant_bic": settings.MERCHANT_BIC,
            "merchant_account_name": settings.MERCHANT_BANK_ACCOUNT_NAME,
            "country_name": COUNTRY_NAMES.get(order.country, order.country),
        },
    )


def order_list(request: HttpRequest) -> HttpResponse:
    """The old order list: the account's order list is the one list of a shopper's orders."""
    return redirect(reverse("accounts:orders"), permanent=True)


def fees(request: HttpRequest) -> HttpResponse:
    return render(request, "payments/fees.html", fee_tables_context())
