"""Support pages: contact + ticket form, the shopper's tickets, FAQ, fraud report, phishing advice."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.errors import ApplicationError
from support.forms import FaqSearchForm, FraudReportForm, TicketFollowupForm, TicketForm
from support.selectors import (
    faq_search,
    support_settings_get,
    ticket_get_for_user,
    ticket_list_for_user,
)
from support.services import fraud_report_submit, ticket_followup, ticket_submit

REPORT_SESSION_KEY = "support_fraud_report_reference"


def _client_ip(request: HttpRequest) -> str | None:
    # REMOTE_ADDR only: a client-supplied X-Forwarded-For would let anyone dodge the rate limit.
    return request.META.get("REMOTE_ADDR") or None


def _apply_error(form, error: ApplicationError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = TicketForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                ticket = ticket_submit(
                    name=data["name"], email=data["email"], order_number=data["order_number"], topic=data["topic"],
                    message=data["message"], honeypot=data["website"], user=request.user, ip=_client_ip(request),
                    language=get_language() or settings.LANGUAGE_CODE,
                )
            except ApplicationError as error:
                _apply_error(form, error)
            else:
                messages.success(
                    request,
                    _("Thank you, we received your message. Your reference is %(reference)s; we sent a "
                      "confirmation to %(email)s.") % {"reference": ticket.reference, "email": ticket.email},
                )
                if request.user.is_authenticated:
                    return redirect(ticket.get_absolute_url())
                return redirect("support:contact")
    else:
        # Links from elsewhere prefill the topic and order (e.g. "?topic=payment&order=TM-..." on the order page).
        initial = {
            "topic": request.GET.get("topic", ""),
            "order_number": request.GET.get("order", "")[:20],
        }
        if request.user.is_authenticated:
            initial.update(name=request.user.get_full_name(), email=request.user.email)
        form = TicketForm(initial=initial)
    return render(request, "support/contact.html", {"form": form, "support": support_settings_get()})


@login_required
@require_GET
def ticket_list(request: HttpRequest) -> HttpResponse:
    return render(request, "support/ticket_list.html", {"tickets": ticket_list_for_user(user=request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def ticket_detail(request: HttpRequest, reference: str) -> HttpResponse:
    ticket = ticket_get_for_user(user=request.user, reference=reference)
    if ticket is None:
        raise Http404
    form = TicketFollowupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ticket_followup(ticket=ticket, user=request.user, body=form.cleaned_data["body"])
        except ApplicationError as error:
            _apply_error(form, error)
        else:
            messages.success(request, _("Your message was added. We will answer by email and here."))
            return redirect(ticket.get_absolute_url())
    return render(
        request, "support/ticket_detail.html", {"ticket": ticket, "form": form, "support": support_settings_get()}
    )


@require_GET
def faq(request: HttpRequest) -> HttpResponse:
    form = FaqSearchForm(request.GET or None)
    q = form.cleaned_data["q"] if form.is_valid() else ""
    return render(request, "support/faq.html", {"form": form, "q": q, "groups": faq_search(q=q)})


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = FraudReportForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                fraud_report = fraud_report_submit(
                    kind=data["kind"], details=data["details"], contact_email=data["contact_email"],
                    order_number=data["order_number"], sender=data["sender"], honeypot=data["website"],
                    user=request.user, ip=_client_ip(request), language=get_language() or settings.LANGUAGE_CODE,
                )
            except ApplicationError as error:
                _apply_error(form, error)
            else:
                request.session[REPORT_SESSION_KEY] = fraud_report.reference
                return redirect("support:report_received")
    else:
        initial = {"kind": request.GET.get("kind", "")}
        if request.user.is_authenticated:
            initial["contact_email"] = request.user.email
        form = FraudReportForm(initial=initial)
    return render(request, "support/report.html", {"form": form})


@require_GET
def report_received(request: HttpRequest) -> HttpResponse:
    reference = request.session.get(REPORT_SESSION_KEY)
    if not reference:
        return redirect("support:report")
    return render(request, "support/report_received.html", {"reference": reference})


@require_GET
def phishing(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "support/phishing.html",
        {"email_domain": settings.SHOP_EMAIL_DOMAIN, "support": support_settings_get()},
    )
