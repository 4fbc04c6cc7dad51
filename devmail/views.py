"""The demo mailbox pages: the list (newest first, per recipient), one message, and its HTML part.

The HTML part is served on its own URL with a policy that runs nothing and loads nothing from outside
(``sandbox``, no scripts, inline styles only), and shown in a sandboxed ``<iframe>`` on the message page.
"""

from __future__ import annotations

from csp.decorators import csp_replace, csp_update
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from devmail.selectors import mailbox_get, mailbox_list, mailbox_recipients

HTML_PART_POLICY = {
    "default-src": ["'none'"],
    "style-src": ["'unsafe-inline'"],  # the email's own <style>; a sandboxed document runs no script
    "img-src": ["data:"],
    "script-src": ["'none'"],
    "connect-src": ["'none'"],
    "font-src": ["'none'"],
    "frame-src": ["'none'"],
    "form-action": ["'none'"],
    "frame-ancestors": ["'self'"],
    "sandbox": [True],
}


@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    recipient = request.GET.get("to", "").strip()[:320]
    context = {
        "recipients": mailbox_recipients(),
        "recipient": recipient,
        "entries": mailbox_list(recipient=recipient),
    }
    return render(request, "devmail/inbox.html", context)


@require_GET
@csp_update({"frame-src": ["'self'"]})
def message(request: HttpRequest, message_id: int) -> HttpResponse:
    entry = mailbox_get(message_id=message_id)
    if entry is None:
        raise Http404
    return render(request, "devmail/message.html", {"entry": entry})


@require_GET
@xframe_options_sameorigin
@csp_replace(HTML_PART_POLICY)
def message_html(request: HttpRequest, message_id: int) -> HttpResponse:
    entry = mailbox_get(message_id=message_id)
    if entry is None or not entry.message.html:
        raise Http404
    return HttpResponse(entry.message.html, content_type="text/html; charset=utf-8")
