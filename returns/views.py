"""Shopper pages: start a request from the order page, follow it, print the label. Thin: parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import ApplicationError
from payments.access import order_can_view
from payments.models import Order
from returns.forms import RequestForm
from returns.models import ReturnRequest
from returns.selectors import order_returns_options, request_get
from returns.services import request_create
from returns.states import RequestStatus


def _key(request: HttpRequest) -> str:
    return request.GET.get("key", "")


def _with_key(url: str, key: str) -> str:
    return f"{url}?key={key}" if key else url


def _order_for(request: HttpRequest, number: str) -> Order:
    order = Order.objects.filter(number=number).first()
    if order is None or not order_can_view(order=order, user=request.user, key=_key(request)):
        raise Http404
    return order


def _request_for(request: HttpRequest, number: str) -> ReturnRequest:
    return_request = request_get(number=number)
    if return_request is None:
        raise Http404
    staff = request.user.is_authenticated and request.user.has_perm("returns.view_returnrequest")
    if not staff and not order_can_view(order=return_request.order, user=request.user, key=_key(request)):
        raise Http404
    return return_request


@require_http_methods(["GET", "POST"])
def request_start(request: HttpRequest, number: str) -> HttpResponse:
    order = _order_for(request, number)
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
                return redirect(_with_key(created.get_absolute_url(), key))
        status = 400
    return render(
        request,
        "returns/request_start.html",
        {"order": order, "options": options, "form": form, "order_url": order_url, "key": key},
        status=status,
    )


def request_detail(request: HttpRequest, number: str) -> HttpResponse:
    return_request = _request_for(request, number)
    key = _key(request)
    return render(
        request,
        "returns/request_detail.html",
        {
            "rr": return_request,
            "order": return_request.order,
            "lines": list(return_request.lines.all()),
            "photos": list(return_request.photos.all()),
            "timeline": list(return_request.status_changes.all()),
            "order_url": _with_key(return_request.order.get_absolute_url(), key),
            "label_url": _with_key(reverse("returns:request_label", kwargs={"number": number}), key),
            "key": key,
        },
    )


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


def request_photo(request: HttpRequest, number: str, photo_id: int) -> HttpResponse:
    """Complaint photos are private: served only to whoever may see the request (never from /media/)."""
    return_request = _request_for(request, number)
    photo = return_request.photos.filter(pk=photo_id).first()
    if photo is None:
        raise Http404
    # Cache-Control: private, no-store like every personal response (core.private_pages).
    return FileResponse(photo.image.open("rb"), content_type="image/jpeg")
