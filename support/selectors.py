"""Reads for support: settings, a shopper's tickets, first-response measurement, the FAQ, order codes."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass, field
from typing import Protocol

import nh3
from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.safestring import SafeString, mark_safe

from support.models import FaqEntry, SupportSettings, Ticket, TicketMessage

# Crockford's base-32 alphabet: no I, L, O or U, so a code read aloud or retyped is not misread.
CROCKFORD_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
VERIFICATION_CODE_LENGTH = 6
FAQ_QUERY_MAX = 100

FAQ_ALLOWED_TAGS = {"a", "b", "br", "code", "em", "i", "li", "ol", "p", "strong", "ul"}
FAQ_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
FAQ_URL_SCHEMES = {"http", "https", "mailto"}


def faq_answer_sanitise(*, html: str) -> str:
    """Only simple formatting survives; scripts, event handlers and ``javascript:`` links never do."""
    return nh3.clean(
        html or "",
        tags=FAQ_ALLOWED_TAGS,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template"},
        attributes=FAQ_ALLOWED_ATTRIBUTES,
        url_schemes=FAQ_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


class _HasNumber(Protocol):
    number: str


def support_settings_get() -> SupportSettings:
    """The merchant's channels; unsaved defaults until the merchant saves the settings in the admin."""
    return SupportSettings.objects.order_by("pk").first() or SupportSettings()


# --- Order verification codes (anti-phishing) ------------------------------------------------


def order_verification_code(*, order: _HasNumber) -> str:
    """A short code printed in every email about ``order`` and on its order page.

    Derived from the order number with an HMAC keyed by ``SECRET_KEY``: a phisher who knows (or invents) an
    order number cannot produce the code, so a shopper can check an email against their order page.
    """
    digest = salted_hmac("trustmark.support.order_verification_code", order.number, algorithm="sha256").digest()
    value = int.from_bytes(digest[:8], "big")
    chars = []
    for _ in range(VERIFICATION_CODE_LENGTH):
        value, index = divmod(value, 32)
        chars.append(CROCKFORD_ALPHABET[index])
    return "".join(chars)


# --- Tickets ---------------------------------------------------------------------------------


def ticket_list_for_user(*, user: AbstractBaseUser) -> list[Ticket]:
    if not user.is_authenticated:
        return []
    return list(Ticket.objects.filter(user=user).prefetch_related("messages").order_by("-created_at"))


def ticket_get_for_user(*, user: AbstractBaseUser, reference: str) -> Ticket | None:
    """The ticket only if ``user`` opened it: anyone else gets nothing (the view answers 404)."""
    if not user.is_authenticated:
        return None
    messages = Prefetch("messages", queryset=TicketMessage.objects.order_by("created_at", "id"))
    return Ticket.objects.filter(user=user, reference=reference).prefetch_related(messages).first()


@dataclass(frozen=True)
class FirstResponseStats:
    """First-response times of tickets received in the window.

    Tickets still unanswered after the promised time count with the time they have waited so far (they are
    late whatever happens next); unanswered tickets still inside the promise are not counted yet.
    """

    median: datetime.timedelta | None
    measured: int
    answered: int
    waiting_past_promise: int
    window_days: int


def ticket_first_response_stats(
    *, days: int = 30, promised_hours: int | None = None, now: datetime.datetime | None = None
) -> FirstResponseStats:
    now = now or timezone.now()
    if promised_hours is None:
        promised_hours = support_settings_get().first_response_hours
    since = now - datetime.timedelta(days=days)
    durations: list[float] = []
    answered = late = 0
    rows = Ticket.objects.filter(created_at__gte=since).values_list("created_at", "first_response_at")
    for created_at, first_response_at in rows:
        if first_response_at is not None:
            answered += 1
            durations.append(max((first_response_at - created_at).total_seconds(), 0.0))
        elif now - created_at > datetime.timedelta(hours=promised_hours):
            late += 1
            durations.append((now - created_at).total_seconds())
    median = datetime.timedelta(seconds=round(statistics.median(durations))) if durations else None
    return FirstResponseStats(
        median=median, measured=len(durations), answered=answered, waiting_past_promise=late, window_days=days
    )


def ticket_first_response_median(*, days: int = 30, now: datetime.datetime | None = None) -> datetime.timedelta | None:
    """The median first-response time over the last ``days`` days (None when nothing was measured)."""
    return ticket_first_response_stats(days=days, now=now).median


# --- FAQ ---------------------------------------------------------------------------------------


@dataclass
class FaqGroup:
    topic: str
    label: str
    entries: list[FaqEntry] = field(default_factory=list)


def faq_answer_html(*, entry: FaqEntry) -> SafeString:
    """The stored answer, sanitised again on the way out; plain text keeps its paragraphs."""
    clean = faq_answer_sanitise(html=entry.answer)
    if "<" not in clean:
        paragraphs = [p.strip() for p in clean.split("\n\n") if p.strip()]
        clean = "".join(f"<p>{p}</p>" for p in paragraphs)  # nh3 output is already escaped text
    return mark_safe(clean)  # noqa: S308 - nh3 output with our allow-list


def faq_search(*, q: str = "") -> list[FaqGroup]:
    """Published entries grouped by topic (in the topics' order), filtered by ``q`` when given."""
    q = (q or "").strip()[:FAQ_QUERY_MAX]
    qs = FaqEntry.objects.filter(published=True)
    if q:
        match = Q(question__icontains=q) | Q(answer__icontains=q)
        if connection.vendor == "postgresql":
            from django.contrib.postgres.search import SearchQuery, SearchVector

            qs = qs.annotate(search=SearchVector("question", "answer", config="simple"))
            match |= Q(search=SearchQuery(q, search_type="websearch", config="simple"))
        qs = qs.filter(match)
    groups = {value: FaqGroup(topic=value, label=str(label)) for value, label in FaqEntry.Topic.choices}
    for entry in qs.order_by("position", "id"):
        entry.answer_html = faq_answer_html(entry=entry)
        groups[entry.topic].entries.append(entry)
    return [group for group in groups.values() if group.entries]
