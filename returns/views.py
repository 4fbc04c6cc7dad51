"""Shopper pages: start a request from the order page, follow it, print the label. Thin: parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.decorators import staff_mfa_required
from core.errors import ApplicationError
from orders.access import order_can_view, order_viewer_is_owner
from orders.models import STRIPE_METHODS, Order
from orders.views import order_for_viewer, order_link_page
from returns.forms import AccountCodeForm, RefundAccountForm, RequestForm
from returns.iban import iban_masked
from returns.models import ReturnRequest
from returns.selectors import order_returns_options, refund_account_pending, request_get
from returns.services import refund_account_confirm, refund_account_submit, request_create
from returns.states import RequestStatus

# Shown after a refund account was given through an order link.
_CODE_SENT = gettext_lazy(
    "To protect your refund, we emailed a 6-digit code to the order's email address. Enter it on this page to "
    "confirm the bank account."
)


def _key(request: HttpRequest) -> str:
    return request.GET.get("key", "")


def _with_key(url: str, key: str) -> str:
    return f"{url}?key={key}" if key else url


def _request_for(request: HttpRequest, number: str) -> ReturnRequest:
    """The shopper's request (owner or signed link); staff see requests in the admin."""
    return_request = request_get(number=number)
    if return_request is None or not order_can_view(order=return_request.order, user=request.user, key=_key(request)):
        raise Http404
    return return_request


def _via_link(request: HttpRequest, order: Order) -> bool:
    """Reached through a signed order link, not signed in as the order's account: a refund IBAN needs the code."""
    return not order_viewer_is_owner(order=order, user=request.user)


def _form_error(form, exc: ApplicationError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _photo_response(return_request: ReturnRequest, photo_id: int) -> HttpResponse:
    photo = return_request.photos.filter(pk=photo_id).first()
    if photo is None:
        raise Http404
    # Cache-Control: private, no-store, like every personal response (core.private_pages).
    return FileResponse(photo.image.open("rb"), content_type="image/jpeg")


@require_http_methods(["GET", "POST"])
@order_link_page
def request_start(request: HttpRequest, number: str) -> HttpResponse:
    order = order_for_viewer(request, number)
    key = _key(request)
    options = order_returns_options(order=order)
    order_url = _with_key(order.get_absolute_url(), key)
    form = RequestForm(request.POST or None, options=options, initial={"kind": request.GET.get("kind")})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                created = request_create(
                    order=order,
                    kind=form.cleaned_data["kind"],
                    quantities=form.quantities(),
                    reason=form.cleaned_data.get("reason", ""),
                    iban=form.cleaned_data.get("iban", ""),
                    account_holder=form.cleaned_data.get("account_holder", ""),
                    photos=request.FILES.getlist("photos"),
                    via_order_link=_via_link(request, order),
                )
            except ApplicationError as exc:
                field = exc.field if exc.field in form.fields else None
                if exc.field in ("lines", "photos"):
                    form.add_error(None, exc.message)
                else:
                    form.add_error(field, exc.message)
            else:
                messages.success(
                    request, _("Your request %(number)s was sent. We emailed you a copy.") % {"number": created.number}
                )
                if refund_account_pending(request=created) is not None:
                    messages.info(request, _CODE_SENT)
                return redirect(_with_key(created.get_absolute_url(), key))
        status = 400
    return render(
        request,
        "returns/request_start.html",
        {"order": order, "options": options, "form": form, "order_url": order_url, "key": key},
        status=status,
    )


def _detail_page(
    request: HttpRequest,
    return_request: ReturnRequest,
    *,
    account_form: RefundAccountForm | None = None,
    code_form: AccountCodeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    key = _key(request)
    number = return_request.number
    order = return_request.order
    pending = refund_account_pending(request=return_request)
    return render(
        request,
        "returns/request_detail.html",
        {
            "rr": return_request,
            "order": order,
            "lines": list(return_request.lines.all()),
            "photos": list(return_request.photos.all()),
            "timeline": list(return_request.status_changes.all()),
            "order_url": _with_key(order.get_absolute_url(), key),
            "label_url": _with_key(reverse("returns:request_label", kwargs={"number": number}), key),
            "key": key,
            "account_open": return_request.is_open and order.payment_method not in STRIPE_METHODS,
            "account_form": account_form or RefundAccountForm(),
            "account_url": _with_key(reverse("returns:request_account", kwargs={"number": number}), key),
            "via_link": _via_link(request, order),
            "pending": pending,
            "pending_iban": iban_masked(pending.iban) if pending else "",
            "code_form": code_form or AccountCodeForm(),
            "confirm_url": _with_key(reverse("returns:request_account_confirm", kwargs={"number": number}), key),
        },
        status=status,
    )


@order_link_page
def request_detail(request: HttpRequest, number: str) -> HttpResponse:
    return _detail_page(request, _request_for(request, number))


@require_POST
@order_link_page
def request_account(request: HttpRequest, number: str) -> HttpResponse:
    """Give or change the refund account: at once for the order's account, after an emailed code through a link."""
    return_request = _request_for(request, number)
    form = RefundAccountForm(request.POST)
    if form.is_valid():
        try:
            pending = refund_account_submit(
                request=return_request,
                iban=form.cleaned_data["iban"],
                account_holder=form.cleaned_data["account_holder"],
                via_order_link=_via_link(request, return_request.order),
            )
        except ApplicationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _CODE_SENT if pending else _("The refund account is saved."))
            return redirect(_with_key(return_request.get_absolute_url(), _key(request)))
    return _detail_page(request, return_request, account_form=form, status=400)


@require_POST
@order_link_page
def request_account_confirm(request: HttpRequest, number: str) -> HttpResponse:
    return_request = _request_for(request, number)
    form = AccountCodeForm(request.POST)
    if form.is_valid():
        try:
            confirmed = refund_account_confirm(request=return_request, code=form.cleaned_data["code"])
        except ApplicationError as exc:
            _form_error(form, exc)
        else:
            messages.success(
                request, _("Confirmed: we refund to the account %(iban)s.") % {"iban": iban_masked(confirmed.iban)}
            )
            return redirect(_with_key(return_request.get_absolute_url(), _key(request)))
    return _detail_page(request, return_request, code_form=form, status=400)


@order_link_page
def request_label(request: HttpRequest, number: str) -> HttpResponse:
    return_request = _request_for(request, number)
    if return_request.status != RequestStatus.APPROVED:
        raise Http404
    from django.conf import settings

    return render(
        request,
        "returns/request_label.html",
        {
            "rr": return_request,
            "order": return_request.order,
            "lines": list(return_request.lines.all()),
            "shop_name": settings.SHOP_NAME,
            "return_address": getattr(settings, "RETURNS_ADDRESS", "")
            or "Trustmark Returns\nKeizersgracht 100\n1015 CV Amsterdam\nNetherlands",
            "detail_url": _with_key(return_request.get_absolute_url(), _key(request)),
        },
    )


@order_link_page
def request_photo(request: HttpRequest, number: str, photo_id: int) -> HttpResponse:
    """Complaint photos are private: served only to whoever may see the request (never from /media/)."""
    return _photo_response(_request_for(request, number), photo_id)


@staff_mfa_required(perm="returns.view_returnrequest")
def staff_photo(request: HttpRequest, number: str, photo_id: int) -> HttpResponse:
    """The same photo for the merchant (linked from the admin): staff with two-factor passed in this session."""
    return_request = request_get(number=number)
    if return_request is None:
        raise Http404
    return _photo_response(return_request, photo_id)
