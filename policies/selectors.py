"""Reads for policies: the version in force, upcoming versions, the history and readable diffs.

Other apps use ``policy_current_version(kind=...)``: checkout records the terms/returns versions a shopper
accepted, the trust centre reads the returns policy.
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.conf import settings
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from policies.facts import facts_render
from policies.models import Policy, PolicyVersion
from policies.services import policy_html_sanitise

# Tags that end a line of text when the HTML is flattened for the diff.
_BLOCK_TAGS = frozenset(
    {"p", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "dt", "dd", "blockquote", "hr", "div", "table",
     "caption", "ul", "ol", "dl"}
)  # fmt: skip
_WORD_RE = re.compile(r"\s+|[^\s]+")


def _today() -> datetime.date:
    return timezone.localdate()


def policy_get(*, kind: str) -> Policy | None:
    if kind not in Policy.Kind.values:
        return None
    return Policy.objects.filter(kind=kind).first()


def policy_current_versions(*, kinds: list[str], on: datetime.date | None = None) -> dict[str, PolicyVersion]:
    """Per kind, the version in force: the highest-numbered one whose effective date is today (or ``on``) or
    earlier. One query for all the kinds (checkout shows the terms and the returns policy together)."""
    versions = (
        PolicyVersion.objects.select_related("policy")
        .filter(policy__kind__in=kinds, effective_date__lte=on or _today())
        .order_by("-number")
    )
    current: dict[str, PolicyVersion] = {}
    for version in versions:
        current.setdefault(version.policy.kind, version)
    return current


def policy_current_version(*, kind: str, on: datetime.date | None = None) -> PolicyVersion | None:
    if kind not in Policy.Kind.values:
        return None
    return policy_current_versions(kinds=[kind], on=on).get(kind)


def policy_upcoming_versions(*, kind: str) -> list[PolicyVersion]:
    """Published versions that take effect after today, soonest first (announced on the policy page)."""
    current = policy_current_version(kind=kind)
    qs = PolicyVersion.objects.select_related("policy").filter(policy__kind=kind, effective_date__gt=_today())
    if current is not None:
        qs = qs.filter(number__gt=current.number)
    return list(qs.order_by("effective_date", "number"))


def policy_version_get(*, kind: str, number: int) -> PolicyVersion | None:
    if kind not in Policy.Kind.values:
        return None
    return PolicyVersion.objects.select_related("policy").filter(policy__kind=kind, number=number).first()


def _reader_language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def policy_version_language(*, version: PolicyVersion, language: str | None = None) -> str:
    """The language ``version`` is shown in to a reader of ``language`` (default: the active one): that
    language if the version holds a text in it, else English (the page says so)."""
    language = language or _reader_language()
    if language != settings.LANGUAGE_CODE and (getattr(version, f"body_html_{language}", None) or "").strip():
        return language
    return settings.LANGUAGE_CODE


def policy_version_html(*, version: PolicyVersion, language: str | None = None) -> str:
    """The version's text in ``language`` (default: the reader's, or English where it has no translation), its
    fact blocks rendered from its own snapshot in that same language."""
    shown = policy_version_language(version=version, language=language)
    html = getattr(version, f"body_html_{shown}", None) or version.body_html_en or version.body_html
    with translation.override(shown):
        return facts_render(html=html, snapshot=version.facts)


def policy_version_body(*, version: PolicyVersion, language: str | None = None) -> SafeString:
    """The text with its facts, sanitised once more on the way out (defence in depth: rows may come from
    elsewhere, and the fact blocks use only allow-listed tags)."""
    html = policy_html_sanitise(html=policy_version_html(version=version, language=language))
    return mark_safe(html)  # noqa: S308 - nh3 output with our allow-list


def policy_version_summary(*, version: PolicyVersion) -> str:
    """The change summary in the reader's language, or English where it has none."""
    language = _reader_language()
    return getattr(version, f"change_summary_{language}", None) or version.change_summary_en or ""


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._skip += 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("• ")

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self._skip:
            self._skip -= 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        if tag in {"td", "th"}:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def policy_text_lines(*, html: str) -> list[str]:
    """The text of a policy with tags stripped: one line per paragraph, list item, heading or table row."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return [line for line in lines if line]


@dataclass(frozen=True)
class DiffSegment:
    op: str  # "equal", "ins" or "del"
    text: str


@dataclass(frozen=True)
class DiffRow:
    op: str  # "insert", "delete" or "replace"
    segments: tuple[DiffSegment, ...]


@dataclass(frozen=True)
class PolicyDiff:
    rows: tuple[DiffRow, ...]
    unchanged_lines: int

    @property
    def has_changes(self) -> bool:
        return bool(self.rows)


def _word_diff(old: str, new: str) -> tuple[DiffSegment, ...]:
    old_words, new_words = _WORD_RE.findall(old), _WORD_RE.findall(new)
    segments: list[DiffSegment] = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append(DiffSegment("equal", "".join(old_words[i1:i2])))
            continue
        if tag in {"delete", "replace"}:
            segments.append(DiffSegment("del", "".join(old_words[i1:i2])))
        if tag in {"insert", "replace"}:
            segments.append(DiffSegment("ins", "".join(new_words[j1:j2])))
    return tuple(segments)


def policy_diff(*, old_html: str, new_html: str) -> PolicyDiff:
    """A readable diff of two versions' text: changed paragraphs, with changed words marked inside them."""
    old_lines, new_lines = policy_text_lines(html=old_html), policy_text_lines(html=new_html)
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    rows: list[DiffRow] = []
    unchanged = 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            unchanged += i2 - i1
        elif tag == "delete":
            rows.extend(DiffRow("delete", (DiffSegment("del", line),)) for line in old_lines[i1:i2])
        elif tag == "insert":
            rows.extend(DiffRow("insert", (DiffSegment("ins", line),)) for line in new_lines[j1:j2])
        else:
            old_block, new_block = old_lines[i1:i2], new_lines[j1:j2]
            paired = min(len(old_block), len(new_block))
            for old, new in zip(old_block[:paired], new_block[:paired], strict=True):
                rows.append(DiffRow("replace", _word_diff(old, new)))
            rows.extend(DiffRow("delete", (DiffSegment("del", line),)) for line in old_block[paired:])
            rows.extend(DiffRow("insert", (DiffSegment("ins", line),)) for line in new_block[paired:])
    return PolicyDiff(rows=tuple(rows), unchanged_lines=unchanged)


def _diff_language(previous: PolicyVersion, version: PolicyVersion) -> str:
    """The reader's language if both versions hold it, else English: a diff compares texts in one language."""
    language = policy_version_language(version=version)
    return language if policy_version_language(version=previous, language=language) == language else "en"


def _version_diff(previous: PolicyVersion, version: PolicyVersion) -> PolicyDiff:
    """What a reader sees change: the texts with their facts rendered, so a new fee shows as a changed cell."""
    language = _diff_language(previous, version)
    return policy_diff(
        old_html=policy_version_html(version=previous, language=language),
        new_html=policy_version_html(version=version, language=language),
    )


@dataclass(frozen=True)
class VersionEntry:
    version: PolicyVersion
    previous: PolicyVersion | None
    diff: PolicyDiff | None  # None for the first version

    @property
    def summary(self) -> str:
        return policy_version_summary(version=self.version)

    @property
    def diff_language(self) -> str:
        """The language the diff compares (the reader's, or English when a version lacks a translation)."""
        return (
            _diff_language(self.previous, self.version)
            if self.previous
            else policy_version_language(version=self.version)
        )

    @property
    def untranslated(self) -> bool:
        return self.diff_language != _reader_language()


def _entries(versions: list[PolicyVersion]) -> dict[int, VersionEntry]:
    """Each version with its diff against the version numbered just before it."""
    by_number = sorted(versions, key=lambda v: v.number)
    entries: dict[int, VersionEntry] = {}
    previous: PolicyVersion | None = None
    for version in by_number:
        diff = _version_diff(previous, version) if previous else None
        entries[version.number] = VersionEntry(version=version, previous=previous, diff=diff)
        previous = version
    return entries


@dataclass
class PolicyPage:
    policy: Policy
    current: PolicyVersion | None
    current_body: SafeString | None
    upcoming: list[VersionEntry] = field(default_factory=list)
    history: list[VersionEntry] = field(default_factory=list)  # newest first, the current version included
    # The language the text in force is shown in: the reader's, or English while it has no translation.
    current_language: str = "en"

    @property
    def untranslated(self) -> bool:
        return self.current is not None and self.current_language != _reader_language()

    @property
    def current_summary(self) -> str:
        return policy_version_summary(version=self.current) if self.current else ""


def policy_page(*, kind: str) -> PolicyPage | None:
    """Everything the public policy page shows, or None if the shop has no such policy."""
    policy = policy_get(kind=kind)
    if policy is None:
        return None
    versions = list(policy.versions.select_related("author").order_by("number"))
    if not versions:
        return None
    entries = _entries(versions)
    current = policy_current_version(kind=kind)
    upcoming_numbers = {v.number for v in policy_upcoming_versions(kind=kind)}
    history = [entries[v.number] for v in reversed(versions) if v.number not in upcoming_numbers]
    upcoming = sorted(
        (entries[n] for n in upcoming_numbers), key=lambda e: (e.version.effective_date, e.version.number)
    )
    return PolicyPage(
        policy=policy,
        current=current,
        current_body=policy_version_body(version=current) if current else None,
        upcoming=upcoming,
        history=history,
        current_language=policy_version_language(version=current) if current else _reader_language(),
    )


@dataclass
class PolicyVersionPage:
    policy: Policy
    entry: VersionEntry
    body: SafeString
    current: PolicyVersion | None
    status: str  # "current", "superseded" or "upcoming"
    language: str = "en"  # the language the body is shown in

    @property
    def untranslated(self) -> bool:
        return self.language != _reader_language()


def policy_version_page(*, kind: str, number: int) -> PolicyVersionPage | None:
    version = policy_version_get(kind=kind, number=number)
    if version is None:
        return None
    previous = (
        PolicyVersion.objects.filter(policy=version.policy, number__lt=version.number).order_by("-number").first()
    )
    entry = VersionEntry(
        version=version,
        previous=previous,
        diff=_version_diff(previous, version) if previous else None,
    )
    current = policy_current_version(kind=kind)
    if current is not None and current.pk == version.pk:
        status = "current"
    elif version.effective_date > _today() and (current is None or version.number > current.number):
        status = "upcoming"
    else:
        status = "superseded"
    return PolicyVersionPage(
        policy=version.policy,
        entry=entry,
        body=policy_version_body(version=version),
        current=current,
        status=status,
        language=policy_version_language(version=version),
    )
