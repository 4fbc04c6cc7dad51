"""Policy versioning and sanitising: every publish is a new immutable version; merchant HTML cannot carry script."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.factories import UserFactory
from core.errors import ApplicationError
from demo.seeding.policies import seed_policies
from policies.models import Policy, PolicyVersion
from policies.selectors import (
    policy_current_version,
    policy_diff,
    policy_text_lines,
    policy_upcoming_versions,
    policy_version_body,
)
from policies.services import policy_get_or_create, policy_html_sanitise, policy_publish

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
XSS_PAYLOADS = [
    "<script>alert('xss')</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" ONERROR="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href=" javascript:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<p onclick="alert(1)" onmouseover="alert(2)">text</p>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    "<body onload=alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "<!--<img src=x onerror=alert(1)>-->",
    '<div><a href="vbscript:msgbox(1)">vb</a></div>',
]
FORBIDDEN = ["<script", "onerror", "onload", "onclick", "onmouseover", "javascript:", "vbscript:", "<iframe",
             "<style", "<svg", "<object", "<embed", "<form", "<meta", "<base", "style=", "srcdoc"]  # fmt: skip


def assert_harmless(html: str) -> None:
    lowered = html.lower()
    for needle in FORBIDDEN:
        assert needle not in lowered, f"{needle!r} survived in {html!r}"
    assert not re.search(r"=\s*[\"']?\s*data:", lowered), f"a data: URL survived in {html!r}"
    assert not re.search(r"<[^>]+\son\w+\s*=", lowered), f"an on* attribute survived in {html!r}"


def publish(policy, body, *, summary="Change", date=None, author=None, backdate=False):
    return policy_publish(
        policy=policy,
        body_html=body,
        change_summary=summary,
        effective_date=date or TODAY(),
        author=author,
        backdating_allowed=backdate,
    )


@pytest.fixture
def returns_policy() -> Policy:
    return policy_get_or_create(kind=Policy.Kind.RETURNS)


def test_each_publish_creates_a_new_numbered_version_and_leaves_old_ones_unchanged(returns_policy):
    merchant = UserFactory(is_staff=True)
    v1 = publish(returns_policy, "<p>Return within 14 days.</p>", summary="First", author=merchant)
    v2 = publish(returns_policy, "<p>Return within 30 days.</p>", summary="Longer window", author=merchant)
    v3 = publish(returns_policy, "<p>Return within 60 days.</p>", summary="Even longer", author=None)

    assert [v1.number, v2.number, v3.number] == [1, 2, 3]
    stored = {v.number: v for v in PolicyVersion.objects.filter(policy=returns_policy)}
    assert stored[1].body_html == "<p>Return within 14 days.</p>"
    assert stored[1].change_summary == "First"
    assert stored[2].body_html == "<p>Return within 30 days.</p>"
    assert stored[2].author == merchant
    assert stored[3].author is None
    assert stored[1].created_at <= stored[2].created_at <= stored[3].created_at


def test_versions_are_numbered_per_policy(returns_policy):
    privacy = policy_get_or_create(kind=Policy.Kind.PRIVACY)
    publish(returns_policy, "<p>A</p>")
    publish(returns_policy, "<p>B</p>")
    assert publish(privacy, "<p>Privacy</p>").number == 1


def test_a_stored_version_refuses_update_and_delete(returns_policy):
    version = publish(returns_policy, "<p>Original text.</p>")
    version.body_html = "<p>Sneaky rewrite.</p>"
    with pytest.raises(ValidationError):
        version.save()
    with pytest.raises(ValidationError):
        version.delete()
    fresh = PolicyVersion.objects.get(pk=version.pk)
    assert fresh.body_html == "<p>Original text.</p>"


def test_policy_with_versions_cannot_be_deleted(returns_policy):
    from django.db.models import ProtectedError

    publish(returns_policy, "<p>Kept for ever.</p>")
    with pytest.raises(ProtectedError):
        returns_policy.delete()


@pytest.mark.parametrize(
    ("body", "summary", "date", "field"),
    [
        ("", "Summary", "today", "body_html"),
        ("<script>alert(1)</script>", "Summary", "today", "body_html"),
        ("<p>   </p>", "Summary", "today", "body_html"),
        ("<p>Text</p>", "   ", "today", "change_summary"),
        ("<p>Text</p>", "x" * 301, "today", "change_summary"),
        ("<p>Text</p>", "Summary", None, "effective_date"),
        ("<p>Text</p>", "Summary", "yesterday", "effective_date"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_stored(returns_policy, body, summary, date, field):
    effective = {"today": TODAY(), "yesterday": TODAY() - datetime.timedelta(days=1), None: None}[date]
    with pytest.raises(ApplicationError) as caught:
        policy_publish(
            policy=returns_policy, body_html=body, change_summary=summary, effective_date=effective, author=None
        )
    assert caught.value.field == field
    assert caught.value.message
    assert not PolicyVersion.objects.exists()


def test_a_new_version_cannot_start_before_the_latest_one(returns_policy):
    publish(returns_policy, "<p>Applies next month.</p>", date=TODAY() + datetime.timedelta(days=30))
    with pytest.raises(ApplicationError) as caught:
        publish(returns_policy, "<p>Applies next week.</p>", date=TODAY() + datetime.timedelta(days=7))
    assert caught.value.field == "effective_date"
    assert PolicyVersion.objects.count() == 1


def test_publishing_the_same_text_again_is_refused(returns_policy):
    publish(returns_policy, "<p>Same.</p>")
    with pytest.raises(ApplicationError):
        publish(returns_policy, "<p>Same.</p>", summary="Nothing really")
    assert PolicyVersion.objects.count() == 1


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_sanitiser_removes_every_xss_payload(payload):
    assert_harmless(policy_html_sanitise(html=f"<p>Before</p>{payload}<p>After</p>"))


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_publish_stores_only_sanitised_html(returns_policy, payload):
    version = publish(returns_policy, f"<p>Returns are free.</p>{payload}")
    assert_harmless(PolicyVersion.objects.get(pk=version.pk).body_html)
    assert "Returns are free." in version.body_html


def test_sanitiser_keeps_the_allowed_structure_and_safe_links():
    html = (
        '<h2>Heading</h2><p>Text with <strong>bold</strong>, <em>em</em> and a '
        '<a href="https://example.com/info" target="_blank">link</a>, '
        '<a href="mailto:help@trustmark.example">mail</a> and <a href="/policies/terms/">terms</a>.</p>'
        '<ul><li>One</li></ul><table><tr><th scope="col">A</th></tr><tr><td>1</td></tr></table>'
    )
    clean = policy_html_sanitise(html=html)
    for kept in ("<h2>Heading</h2>", "<strong>bold</strong>", "<em>em</em>", 'href="https://example.com/info"',
                 'href="mailto:help@trustmark.example"', 'href="/policies/terms/"', "<li>One</li>",
                 '<th scope="col">A</th>'):  # fmt: skip
        assert kept in clean
    assert 'rel="noopener noreferrer nofollow"' in clean
    assert "target=" not in clean


def test_h1_is_flattened_because_the_page_title_is_the_only_h1():
    assert policy_html_sanitise(html="<h1>Big</h1><p>x</p>") == "Big<p>x</p>"


def test_current_version_is_the_latest_in_force_and_future_ones_are_upcoming(returns_policy):
    publish(returns_policy, "<p>Old.</p>", date=TODAY() - datetime.timedelta(days=10), backdate=True)
    v2 = publish(returns_policy, "<p>In force.</p>", date=TODAY())
    v3 = publish(returns_policy, "<p>Next month.</p>", date=TODAY() + datetime.timedelta(days=30))

    assert policy_current_version(kind="returns") == v2
    assert policy_upcoming_versions(kind="returns") == [v3]
    assert policy_current_version(kind="returns", on=TODAY() + datetime.timedelta(days=30)) == v3
    assert policy_current_version(kind="no-such-kind") is None
    assert policy_current_version(kind="privacy") is None


def test_text_lines_strip_tags_and_split_blocks():
    assert policy_text_lines(html="<h2>Title</h2><p>One &amp; <b>two</b></p><ul><li>a</li><li>b</li></ul>") == [
        "Title",
        "One & two",
        "• a",
        "• b",
    ]


def test_diff_marks_changed_words_added_and_removed_paragraphs():
    diff = policy_diff(
        old_html="<p>Keep this.</p><p>Return within 14 days.</p><p>Gone paragraph.</p>",
        new_html="<p>Keep this.</p><p>Return within 30 days.</p><p>Brand new paragraph.</p><p>And more.</p>",
    )
    assert diff.unchanged_lines == 1
    flat = [(row.op, [(s.op, s.text) for s in row.segments]) for row in diff.rows]
    assert ("replace", [("equal", "Return within "), ("del", "14"), ("ins", "30"), ("equal", " days.")]) in flat
    assert any(op == "insert" and segs == [("ins", "And more.")] for op, segs in flat)
    removed = " ".join(s.text for row in diff.rows for s in row.segments if s.op == "del")
    added = " ".join(s.text for row in diff.rows for s in row.segments if s.op == "ins")
    assert "Gone" in removed and "Brand new" in added
    assert "Keep this." not in removed + added


def test_seed_policies_creates_six_policies_with_two_versions_and_is_idempotent():
    seed_policies()
    seed_policies()
    assert Policy.objects.count() == 6
    for policy in Policy.objects.all():
        assert list(policy.versions.order_by("number").values_list("number", flat=True)) == [1, 2]
        current = policy_current_version(kind=policy.kind)
        assert current is not None and current.number == 2
    returns = str(policy_version_body(version=policy_current_version(kind="returns")))
    assert "30 days" in returns and "14 days" in returns  # the return window and the withdrawal period
    form = policy_current_version(kind="withdrawal-form").body_html
    assert "hereby give notice that I/We (*) withdraw from my/our (*) contract" in form
    assert "Stripe" in policy_current_version(kind="payment-security").body_html
    assert "3-D Secure" in policy_current_version(kind="payment-security").body_html
    assert "import VAT and duties" in policy_current_version(kind="shipping").body_html
    assert "GDPR" in policy_current_version(kind="privacy").body_html


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_editors_publishing_at_once_get_consecutive_numbers(postgres_only):
    """The policy row lock serialises publishes: no duplicate number error, no lost version."""
    import threading

    from django.db import connection

    policy = policy_get_or_create(kind=Policy.Kind.RETURNS)
    publish(policy, "<p>Version one.</p>")
    barrier = threading.Barrier(2)
    numbers, errors = [], []

    def editor(text: str) -> None:
        try:
            barrier.wait(timeout=10)
            numbers.append(publish(Policy.objects.get(pk=policy.pk), text).number)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=editor, args=(f"<p>Edit {n}.</p>",)) for n in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert sorted(numbers) == [2, 3]
    assert list(policy.versions.order_by("number").values_list("number", flat=True)) == [1, 2, 3]
