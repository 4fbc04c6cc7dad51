"""Writes for policies: every edit publishes a new, immutable, sanitised version.

Merchant HTML is untrusted input (security bar #27): it goes through nh3 (a maintained sanitiser, the Rust
``ammonia`` library) with an explicit allow-list before it is stored, and the page sanitises again when it
renders (see ``policies.selectors``), so a row written by any other path cannot carry a script either.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import nh3
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from policies.facts import FACTS, FactData, fact_keys, facts_collect, facts_summary_lines, facts_unknown
from policies.models import Policy, PolicyVersion

# Headings start at h2: the page's own title is the h1.
POLICY_ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "dl", "dt", "em", "h2", "h3", "h4", "hr",
        "i", "li", "ol", "p", "small", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
        "tr", "ul",
    }
)  # fmt: skip
POLICY_ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
POLICY_URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})
POLICY_LINK_REL = "noopener noreferrer nofollow"
# Removed together with everything inside them (the default allow-list would otherwise keep their text).
POLICY_DROPPED_WITH_CONTENT: frozenset[str] = frozenset({"script", "style", "iframe", "object", "embed", "template"})

MAX_BODY_LENGTH = 100_000
MAX_SUMMARY_LENGTH = PolicyVersion._meta.get_field("change_summary").max_length


def policy_html_sanitise(*, html: str) -> str:
    """Return ``html`` with only the allow-listed tags, attributes and URL schemes left."""
    return nh3.clean(
        html,
        tags=set(POLICY_ALLOWED_TAGS),
        clean_content_tags=set(POLICY_DROPPED_WITH_CONTENT),
        attributes={tag: set(attrs) for tag, attrs in POLICY_ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(POLICY_URL_SCHEMES),
        link_rel=POLICY_LINK_REL,
        strip_comments=True,
    ).strip()


def policy_translation_languages() -> list[str]:
    """The languages a version may hold besides English (``policies/translation.py``)."""
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def policy_translations_check(*, body_html: str, translations: dict[str, str] | None) -> dict[str, str]:
    """Sanitise each translation of a version's text; return {language: clean html} (empty ones left out).

    A translation states the same facts as the English text: it must use exactly the same fact blocks
    (``[[return_window]]``...), so no language can show a number the others do not.
    """
    english_blocks = set(fact_keys(policy_html_sanitise(html=body_html or "")))
    clean: dict[str, str] = {}
    for code, html in (translations or {}).items():
        if code not in policy_translation_languages() or not (html or "").strip():
            continue
        field = f"body_html_{code}"
        if len(html) > MAX_BODY_LENGTH:
            raise ApplicationError(
                _("The text is too long (at most %(max)d characters).") % {"max": MAX_BODY_LENGTH}, field=field
            )
        text = policy_html_sanitise(html=html)
        if not nh3.clean(text, tags=set()).strip():
            continue  # nothing left but tags: no translation
        blocks = set(fact_keys(text))
        if blocks != english_blocks:
            missing, extra = sorted(english_blocks - blocks), sorted(blocks - english_blocks)
            raise ApplicationError(
                _(
                    "A translation uses the same fact blocks as the English text. Missing: %(missing)s. Not in "
                    "the English text: %(extra)s."
                )
                % {
                    "missing": ", ".join(f"[[{key}]]" for key in missing) or "—",
                    "extra": ", ".join(f"[[{key}]]" for key in extra) or "—",
                },
                field=field,
            )
        clean[code] = text
    return clean


def version_translations(*, version: PolicyVersion) -> dict[str, str]:
    """A version's texts besides English, {language: html}, as stored."""
    texts = {code: getattr(version, f"body_html_{code}", None) or "" for code in policy_translation_languages()}
    return {code: html for code, html in texts.items() if html}


def _latest_version(policy: Policy) -> PolicyVersion | None:
    return policy.versions.order_by("-number").first() if policy.pk else None


def policy_publish_check(
    *,
    policy: Policy,
    body_html: str,
    change_summary: str,
    effective_date: datetime.date | None,
    backdating_allowed: bool = False,
    facts: dict[str, FactData] | None = None,
    require_change: bool = True,
    translations: dict[str, str] | None = None,
) -> str:
    """Check a new version before it is published; return the sanitised English body or raise
    ``ApplicationError``. ``translations`` ({language: html}) are checked by ``policy_translations_check``.

    The admin form calls this to show errors next to the fields; ``policy_publish`` calls it again. A version
    must differ from the latest one in its text or in the facts it shows (``facts``: its snapshot; by default
    the current data), unless ``require_change`` is False (a version re-published for data attached to it,
    such as new returns terms).
    """
    body_html = body_html or ""
    if len(body_html) > MAX_BODY_LENGTH:
        raise ApplicationError(
            _("The text is too long (at most %(max)d characters).") % {"max": MAX_BODY_LENGTH}, field="body_html"
        )
    clean_html = policy_html_sanitise(html=body_html)
    if not nh3.clean(clean_html, tags=set()).strip():
        raise ApplicationError(_("The policy text cannot be empty."), field="body_html")
    unknown = facts_unknown(clean_html)
    if unknown:
        raise ApplicationError(
            _("Unknown fact block %(blocks)s. Use one of: %(known)s.")
            % {
                "blocks": ", ".join(f"[[{key}]]" for key in unknown),
                "known": ", ".join(fact.placeholder for fact in FACTS.values()) or "—",
            },
            field="body_html",
        )
    summary = (change_summary or "").strip()
    if not summary:
        raise ApplicationError(_("Describe what changed in this version."), field="change_summary")
    if len(summary) > MAX_SUMMARY_LENGTH:
        raise ApplicationError(
            _("Keep the change summary under %(max)d characters.") % {"max": MAX_SUMMARY_LENGTH},
            field="change_summary",
        )
    if effective_date is None:
        raise ApplicationError(_("Choose the date from which this version applies."), field="effective_date")
    if not backdating_allowed and effective_date < timezone.localdate():
        raise ApplicationError(
            _("A policy change cannot apply retroactively: choose today or a later date."), field="effective_date"
        )
    latest = _latest_version(policy)
    if latest is not None:
        if effective_date < latest.effective_date:
            raise ApplicationError(
                _("Version %(number)d already applies from %(date)s; a newer version cannot start earlier.")
                % {"number": latest.number, "date": latest.effective_date.isoformat()},
                field="effective_date",
            )
        snapshot = facts_collect(clean_html) if facts is None else facts
        clean_translations = policy_translations_check(body_html=clean_html, translations=translations)
        unchanged = (
            clean_html == latest.body_html_en
            and clean_translations == version_translations(version=latest)
            and snapshot == latest.facts
        )
        if require_change and unchanged:
            raise ApplicationError(
                _("The text is the same as version %(number)d: nothing to publish.") % {"number": latest.number},
                field="body_html",
            )
    else:
        policy_translations_check(body_html=clean_html, translations=translations)
    return clean_html


# Higher apps react to a new version inside its transaction (the returns app carries the returns terms over).
_PUBLISHED_HOOKS: list[Callable[[PolicyVersion], None]] = []


def policy_published_hook(hook: Callable[[PolicyVersion], None]) -> None:
    """Register ``hook(version)``, called by ``policy_publish`` for every new version (from ``AppConfig.ready``)."""
    if hook not in _PUBLISHED_HOOKS:
        _PUBLISHED_HOOKS.append(hook)


@transaction.atomic
def policy_publish(
    *,
    policy: Policy,
    body_html: str,
    change_summary: str,
    effective_date: datetime.date,
    author: AbstractBaseUser | None,
    backdating_allowed: bool = False,
    facts: dict[str, FactData] | None = None,
    require_change: bool = True,
    translations: dict[str, str] | None = None,
    change_summaries: dict[str, str] | None = None,
) -> PolicyVersion:
    """Publish a new version of ``policy``: number = previous + 1; earlier versions are never touched.

    ``body_html`` and ``change_summary`` are the English text; ``translations`` and ``change_summaries`` hold
    the other languages ({"pl": ..., "nl": ...}); a language left out shows the English text, saying so.

    The version stores the current data of the fact blocks its text uses; ``facts`` replaces some of them
    (the returns app publishes a new window this way, before the terms that carry it exist). The hooks
    registered with ``policy_published_hook`` run inside the same transaction. ``backdating_allowed`` is for
    the demo seed only (it builds a history); merchants cannot backdate a policy.
    """
    # Lock the policy row so two editors publishing at once get consecutive numbers (the unique constraint on
    # (policy, number) is the backstop).
    Policy.objects.select_for_update().filter(pk=policy.pk).first()
    snapshot = facts_collect(policy_html_sanitise(html=body_html or ""))
    snapshot.update({key: data for key, data in (facts or {}).items() if key in snapshot})
    clean_html = policy_publish_check(
        policy=policy,
        body_html=body_html,
        change_summary=change_summary,
        effective_date=effective_date,
        backdating_allowed=backdating_allowed,
        facts=snapshot,
        require_change=require_change,
        translations=translations,
    )
    clean_translations = policy_translations_check(body_html=clean_html, translations=translations)
    summaries = {
        code: text.strip()[:MAX_SUMMARY_LENGTH]
        for code, text in (change_summaries or {}).items()
        if code in policy_translation_languages() and (text or "").strip()
    }
    per_language = {}
    for code in policy_translation_languages():
        per_language[f"body_html_{code}"] = clean_translations.get(code)
        per_language[f"change_summary_{code}"] = summaries.get(code)
    number = (policy.versions.aggregate(highest=Max("number"))["highest"] or 0) + 1
    version = PolicyVersion(
        policy=policy,
        number=number,
        body_html=clean_html,
        body_html_en=clean_html,  # explicit: the plain name writes the active language's column
        change_summary=change_summary.strip(),
        change_summary_en=change_summary.strip(),
        **per_language,
        effective_date=effective_date,
        author=author if author is not None and author.is_authenticated else None,
        facts=snapshot,
    )
    version.full_clean()
    version.save()
    for hook in _PUBLISHED_HOOKS:
        hook(version)
    return version


MAX_AUTO_SUMMARY_LINES = 6


def _auto_summary(lines: list[str]) -> str:
    """The change summary of an automatic version, in the shop's default language, cut to fit the field."""
    summary = "; ".join(lines[:MAX_AUTO_SUMMARY_LINES])
    if len(lines) > MAX_AUTO_SUMMARY_LINES:
        summary += "; …"
    if len(summary) > MAX_SUMMARY_LENGTH:
        summary = summary[: MAX_SUMMARY_LENGTH - 1].rstrip() + "…"
    return summary


def policy_facts_refresh(*, today: datetime.date | None = None) -> list[PolicyVersion]:
    """Publish a new version of every policy whose latest version shows a fact whose data has changed since.

    Same text, the new snapshot, a summary of each change ("Delivery to Poland: €7.95 -> €8.95"), effective
    today (or on the latest version's date if that is later), no author. Earlier versions, and the orders
    that accepted them, keep their own facts. Runs after each commit that touches a fact's data.
    """
    today = today or timezone.localdate()
    published = []
    for policy in Policy.objects.all():
        with transaction.atomic():
            Policy.objects.select_for_update().filter(pk=policy.pk).first()
            latest = _latest_version(policy)
            if latest is None:
                continue
            fresh = facts_collect(latest.body_html_en)
            old = {key: latest.facts.get(key) for key in fresh}
            if fresh == old:
                continue
            summaries = {}
            for code, _name in settings.LANGUAGES:  # the summary in every language, each in its own words
                with translation.override(code):
                    lines = facts_summary_lines(old=old, new=fresh) or [_("Facts shown in this policy were updated.")]
                    summaries[code] = _auto_summary(lines)
            summary = summaries.pop(settings.LANGUAGE_CODE)
            published.append(
                policy_publish(
                    policy=policy,
                    body_html=latest.body_html_en,
                    translations=version_translations(version=latest),
                    change_summaries=summaries,
                    change_summary=summary,
                    effective_date=max(today, latest.effective_date),
                    author=None,
                    facts=fresh,
                )
            )
    return published


@transaction.atomic
def policy_get_or_create(*, kind: str, title: str = "") -> Policy:
    """The single Policy row of ``kind`` (one per kind), created with its default title if missing."""
    if kind not in Policy.Kind.values:
        raise ApplicationError(_("Unknown policy kind."), field="kind")
    policy, _created = Policy.objects.get_or_create(kind=kind, defaults={"title": title or Policy.Kind(kind).label})
    return policy
