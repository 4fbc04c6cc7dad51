"""Chat over plain HTTP: the widget's status, start and polling fallback (JSON), and the staff inbox pages.

The WebSocket consumers (chat.consumers) and these views call the same services; a browser whose WebSocket
fails (a proxy that drops it, a network that blocks it) carries on through these endpoints.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.decorators import staff_mfa_required
from chat import selectors, services
from chat.selectors import ANSWER_PERMISSION
from chat.tokens import conversation_token
from core.errors import ApplicationError
from support.selectors import support_settings_get


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None  # never X-Forwarded-For: it would let anyone dodge limits


def _after(request: HttpRequest) -> int:
    value = request.GET.get("after", "0")
    return int(value) if value.isdigit() else 0


def _error(error: ApplicationError, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": str(error.message), "field": error.field}, status=status)


def _conversation_or_404(request: HttpRequest, token: str):
    conversation = selectors.conversation_for_token(token=token, user=request.user)
    if conversation is None:
        raise Http404
    return conversation


@require_GET
def status(request: HttpRequest) -> JsonResponse:
    """Who is online and how fast we answer (measured), plus the CSRF token the widget's POSTs need."""
    availability = selectors.chat_availability()
    user = request.user
    return JsonResponse({
        "online": availability.online > 0,
        "text": selectors.availability_text(availability=availability, support=support_settings_get()),
        "csrf": get_token(request),
        "name": user.get_full_name() if user.is_authenticated else "",
        "email": user.email if user.is_authenticated else "",
        "signed_in": user.is_authenticated,
    })


@require_POST
def start(request: HttpRequest) -> JsonResponse:
    data = request.POST
    try:
        conversation = services.conversation_start(
            name=data.get("name", ""), email=data.get("email", ""), message=data.get("message", ""),
            order_number=data.get("order_number", ""), order_code=data.get("order_code", ""),
            at_checkout=data.get("context") == "checkout", honeypot=data.get("website", ""),
            user=request.user, ip=_client_ip(request), language=get_language() or settings.LANGUAGE_CODE,
        )
    except ApplicationError as error:
        return _error(error)
    return JsonResponse(
        {
            "token": conversation_token(public_id=conversation.public_id),
            **selectors.conversation_state(conversation=conversation),
            "messages": selectors.conversation_messages(conversation=conversation),
        },
        status=201,
    )


@require_GET
def conversation_messages(request: HttpRequest, token: str) -> JsonResponse:
    """The polling fallback: messages after ``?after=<id>`` and the chat's state."""
    conversation = _conversation_or_404(request, token)
    return JsonResponse({
        **selectors.conversation_state(conversation=conversation),
        "messages": selectors.conversation_messages(conversation=conversation, after=_after(request)),
    })


@require_POST
def send(request: HttpRequest, token: str) -> JsonResponse:
    conversation = _conversation_or_404(request, token)
    try:
        message = services.message_from_shopper(conversation=conversation, body=request.POST.get("body", ""))
    except ApplicationError as error:
        return _error(error)
    return JsonResponse({"message": message}, status=201)


@require_POST
def end(request: HttpRequest, token: str) -> JsonResponse:
    conversation = services.conversation_close(conversation=_conversation_or_404(request, token))
    return JsonResponse(selectors.conversation_state(conversation=conversation))


# --- Staff -----------------------------------------------------------------------------------


@staff_mfa_required(perm=ANSWER_PERMISSION)
@require_GET
def staff_inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "chat/staff_inbox.html", {"inbox": selectors.staff_inbox(user=request.user)})


STAFF_ACTIONS = ("claim", "reply", "transfer", "close")


@staff_mfa_required(perm=ANSWER_PERMISSION)
@require_http_methods(["GET", "POST"])
def staff_conversation(request: HttpRequest, public_id) -> HttpResponse:
    conversation = selectors.staff_conversation_get(public_id=public_id)
    if conversation is None:
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "claim":
                services.conversation_claim(conversation=conversation, user=request.user)
            elif action == "reply":
                canned = request.POST.get("canned", "")
                services.message_from_staff(conversation=conversation, author=request.user,
                                            body=request.POST.get("body", ""),
                                            canned_id=int(canned) if canned.isdigit() else None)
            elif action == "transfer":
                to = get_user_model().objects.filter(pk=request.POST.get("to") or 0).first()
                if to is None:
                    raise ApplicationError(_("Choose a colleague who answers chats."), field="to")
                services.conversation_transfer(conversation=conversation, user=request.user, to=to)
            elif action == "close":
                services.conversation_close(conversation=conversation)
            else:
                raise ApplicationError(_("Unknown action."))
        except ApplicationError as error:
            messages.error(request, error.message)
        return redirect("chat:staff_conversation", public_id=conversation.public_id)
    return render(request, "chat/staff_conversation.html", {
        "conversation": conversation,
        "chat_messages": selectors.conversation_messages(conversation=conversation),
        "canned": selectors.canned_answers(),
        "colleagues": [u for u in selectors.chat_staff_members() if u.pk != request.user.pk],
    })


@staff_mfa_required(perm=ANSWER_PERMISSION)
@require_GET
def staff_poll(request: HttpRequest) -> JsonResponse:
    """The inbox's fallback when its WebSocket fails: a heartbeat, the queue length, one chat's new messages."""
    services.staff_presence_beat(user=request.user)
    payload: dict = {"waiting": selectors.waiting_count()}
    public_id = request.GET.get("conversation", "")
    if public_id:
        conversation = selectors.staff_conversation_get(public_id=public_id)
        if conversation is not None:
            payload["messages"] = selectors.conversation_messages(conversation=conversation, after=_after(request))
            payload.update(selectors.conversation_state(conversation=conversation))
    return JsonResponse(payload)
