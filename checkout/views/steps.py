"""Checkout steps, the pay endpoint, the order page and the public fee table. Thin: parse, call a service, render."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from checkout.delivery import SHIP_TO_SESSION_KEY, delivered_price_options, shopper_country
from checkout.forms import COUNTRY_NAMES, AddressForm, DeliveryForm, MethodForm, ReviewForm, offered_methods
from checkout.pricing import cart_quote
from checkout.selectors import (
    CHECKOUT_SESSION_KEY,
    FEE_EXAMPLE_AMOUNT,
    checkout_delivery_option,
    checkout_policies,
    checkout_quote_for,
    fee_table_rows,
    fee_tables_context,
    zone_for_country,
)
from core.errors import ApplicationError
from core.money import Money
from orders.access import (
    order_signed_path,
)
from orders.delivery_dates import delivery_estimate
from orders.methods import REGISTRY
from orders.models import DeliveryOption, Order, PaymentMethod
from orders.services import offline_hold_until
from orders.states import OrderStatus
from payments import gateway
from payments.services import order_cancel
from prices.currency import (
    CURRENCY_SESSION_KEY,
    convert,
    currency_for_country,
    currency_rate,
    currency_rates,
    shop_currencies,
)
from shop.selectors import CartSummary, cart_get, cart_summary

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
    quote = checkout_quote_for(cart=state.summary, data=data, delivery_option=state.delivery_option)
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
        "quote": quote,
        # Paying in the shopper's own currency: the rate used (public) and the note about conversion fees.
        "currency_rate": currency_rate(quote.currency),
        "country_currency": currency_for_country(data.get("country", "")),
        "delivery_option": state.delivery_option,
        "delivery_window": (
            delivery_estimate(option=state.delivery_option, now=timezone.now()) if state.delivery_option else None
        ),
        "method_label": PaymentMethod(data["payment_method"]).label if data.get("payment_method") else "",
        "method_spec": REGISTRY.get(data.get("payment_method") or ""),
        "fee_tables": fee_tables_context(items_total=quote.items) if not state.summary.is_empty else None,
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
        return redirect(f"checkout:checkout_{missing}")
    return None


def checkout(request: HttpRequest) -> HttpResponse:
    return redirect(f"checkout:checkout_{_first_missing_step(request)}")


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
        # Picked on the product page or cart; else the shopper's likely country (saved address, browser, language).
        initial["country"] = request.session.get(SHIP_TO_SESSION_KEY) or shopper_country(request=request)
    form = AddressForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in ADDRESS_FIELDS}
        request.session[SHIP_TO_SESSION_KEY] = changes["country"]
        if changes["country"] != data.get("country") or not data.get("currency"):
            # The currency follows the delivery country (PLN for Poland); the header's switch can change it.
            changes["currency"] = currency_for_country(changes["country"])
            request.session[CURRENCY_SESSION_KEY] = changes["currency"]
        if changes["country"] != data.get("country"):
            changes["delivery_option_id"] = None
            changes["payment_method"] = None
        _save(request, **changes)
        return redirect("checkout:checkout_delivery")
    return render(request, "checkout/checkout_address.html", _context(request, "address", form=form))


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
        return redirect("checkout:checkout_method")
    delivered = delivered_price_options(items_total=_state(request).summary.items_total, country=data["country"])
    context = _context(request, "delivery", form=form, delivered_options=delivered)
    return render(request, "checkout/checkout_delivery.html", context)


@require_http_methods(["GET", "POST"])
def checkout_method(request: HttpRequest) -> HttpResponse:
    if (response := _guard(request, "method")) is not None:
        return response
    data = _data(request)
    zone = zone_for_country(country=data["country"])
    allow_cod = bool(zone and zone.cash_on_delivery)
    currency = data.get("currency") or _state(request).summary.currency
    form = MethodForm(
        request.POST or None,
        allow_cod=allow_cod,
        country=data["country"],
        currency=currency,
        initial={"payment_method": data.get("payment_method")},
    )
    if request.method == "POST" and form.is_valid():
        _save(request, payment_method=form.cleaned_data["payment_method"])
        return redirect("checkout:checkout_review")
    _example, rows = fee_table_rows(currency=currency)
    state = _state(request)
    by_method = {row.fee.method: row for row in rows}
    method_quotes = []
    for code in offered_methods(country=data["country"], currency=currency, allow_cod=allow_cod):
        row = by_method[code]
        quote = cart_quote(
            cart=state.summary,
            country=data["country"],
            delivery_option=state.delivery_option,
            payment_method=code,
            currency=currency,
        )
        method_quotes.append({"row": row, "quote": quote})
    return render(
        request, "checkout/checkout_method.html", _context(request, "method", form=form, method_quotes=method_quotes)
    )


def _review_context(request: HttpRequest, form: ReviewForm, **extra) -> dict:
    terms, returns = checkout_policies()
    rate = currency_rate(_data(request).get("currency") or "")
    bank = rate if rate is not None and rate.bank_iban else None
    return _context(
        request,
        "review",
        form=form,
        terms=terms,
        returns_policy=returns,
        stripe_js_url=settings.STRIPE_JS_URL,
        stripe_key=settings.STRIPE_PUBLISHABLE_KEY,
        # Bank transfer details for the checkout's currency (a złoty account for złoty).
        merchant_iban=bank.bank_iban if bank else settings.MERCHANT_IBAN,
        merchant_account_name=bank.bank_account_name if bank else settings.MERCHANT_BANK_ACCOUNT_NAME,
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
            order_cancel(order=placed, cause="replaced_by_new_checkout", actor=None)
        except (ApplicationError, gateway.GatewayError) as exc:
            logger.warning("Could not cancel replaced order %s: %s", placed.number, exc)
        token = None
    elif placed is not None:
        token = None
    if (response := _guard(request, "review")) is not None:
        return response
    token = token or secrets.token_urlsafe(32)
    _save(request, token=token)
    return render(request, "checkout/checkout_review.html", _review_context(request, _review_form(request, token)))


def fees(request: HttpRequest) -> HttpResponse:
    """The public fee-and-protection table, per currency (``?currency=PLN``: a plain link, cacheable by URL)."""
    currencies = shop_currencies()
    currency = request.GET.get("currency", "")
    currency = currency if currency in currencies else currencies[0]
    base = Money(FEE_EXAMPLE_AMOUNT, currencies[0])
    context = fee_tables_context(items_total=convert(base, currency))
    context.update(
        currency=currency,
        currencies=currencies,
        rates=[rate for code, rate in sorted(currency_rates().items()) if code in currencies],
        base_currency=currencies[0],
    )
    return render(request, "checkout/fees.html", context)
