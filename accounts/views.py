"""The shopper's account area. Thin views: parse input, call one service or selector, render."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import selectors, services
from accounts.forms import AccountDeleteForm, AddressForm
from core.errors import ApplicationError


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "recent_orders": selectors.order_list_for_user(user=user)[:3],
        "default_address": selectors.address_list_for_user(user=user).filter(is_default=True).first(),
        "mfa": selectors.mfa_status_for_user(user=user),
        "section": "overview",
    }
    return render(request, "accounts/overview.html", context)


@login_required
def order_list(request: HttpRequest) -> HttpResponse:
    orders = selectors.order_list_for_user(user=request.user)
    return render(request, "accounts/order_list.html", {"orders": orders, "section": "orders"})


@login_required
def order_detail(request: HttpRequest, number: str) -> HttpResponse:
    order = selectors.order_get_for_user(user=request.user, number=number)
    if order is None:
        raise Http404
    context = {"order": order, "public_url": selectors.order_public_url(order=order), "section": "orders"}
    return render(request, "accounts/order_detail.html", context)


@login_required
def address_list(request: HttpRequest) -> HttpResponse:
    addresses = selectors.address_list_for_user(user=request.user)
    return render(request, "accounts/address_list.html", {"addresses": addresses, "section": "addresses"})


def _address_form_page(request: HttpRequest, *, address=None) -> HttpResponse:
    form = AddressForm(request.POST or None, instance=address)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.ADDRESS_FIELDS}
        try:
            if address is None:
                services.address_create(user=request.user, is_default=form.cleaned_data["is_default"], **data)
                messages.success(request, _("Address saved."))
            else:
                services.address_update(
                    user=request.user, address_id=address.pk, is_default=form.cleaned_data["is_default"], **data
                )
                messages.success(request, _("Address updated."))
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            return redirect("accounts:addresses")
    return render(request, "accounts/address_form.html", {"form": form, "address": address, "section": "addresses"})


@login_required
def address_create(request: HttpRequest) -> HttpResponse:
    return _address_form_page(request)


@login_required
def address_update(request: HttpRequest, address_id: int) -> HttpResponse:
    address = selectors.address_get_for_user(user=request.user, address_id=address_id)
    if address is None:
        raise Http404
    return _address_form_page(request, address=address)


@login_required
def address_delete(request: HttpRequest, address_id: int) -> HttpResponse:
    address = selectors.address_get_for_user(user=request.user, address_id=address_id)
    if address is None:
        raise Http404
    if request.method == "POST":
        services.address_delete(user=request.user, address_id=address.pk)
        messages.success(request, _("Address deleted."))
        return redirect("accounts:addresses")
    return render(request, "accounts/address_confirm_delete.html", {"address": address, "section": "addresses"})


@login_required
@require_POST
def address_default(request: HttpRequest, address_id: int) -> HttpResponse:
    try:
        services.address_set_default(user=request.user, address_id=address_id)
    except ApplicationError:
        raise Http404 from None
    messages.success(request, _("Default address changed."))
    return redirect("accounts:addresses")


@login_required
def security(request: HttpRequest) -> HttpResponse:
    user = request.user
    sessions = selectors.user_session_list(user=user)
    context = {
        "mfa": selectors.mfa_status_for_user(user=user),
        "sessions": sessions,
        "other_session_count": sum(1 for s in sessions if not s.is_current()),
        "login_events": selectors.login_event_list_recent(user=user),
        "section": "security",
    }
    return render(request, "accounts/security.html", context)


@login_required
@require_POST
def sessions_end_others(request: HttpRequest) -> HttpResponse:
    from allauth.usersessions.forms import ManageUserSessionsForm

    ManageUserSessionsForm(data={}, request=request).save(request)
    messages.success(request, _("You are signed out everywhere else."))
    return redirect("accounts:security")


@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_delete(
                user=request.user, password=form.cleaned_data["password"], confirm=form.cleaned_data["confirm"]
            )
        except ApplicationError as error:
            form.add_error(error.field, error.message)
        else:
            logout(request)
            messages.success(request, _("Your account has been deleted. Thank you for shopping with us."))
            return redirect("shop:home")
    return render(request, "accounts/delete.html", {"form": form, "section": "delete"})


@login_required
def data_export(request: HttpRequest) -> HttpResponse:
    data = selectors.account_data_export(user=request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"trustmark-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response  # Cache-Control: private, no-store like every personal response (core.private_pages)
