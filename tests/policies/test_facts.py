"""Fact blocks in policy texts: rendered from data in every language, snapshotted per version, and a change of
the data publishes a new version with its diff and summary."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.html import format_html

from core.errors import ApplicationError
from policies import facts
from policies.models import Policy
from policies.selectors import policy_page, policy_version_body
from policies.services import policy_facts_refresh, policy_get_or_create, policy_publish
from support.models import SupportSettings

pytestmark = pytest.mark.django_db


class FakeSource:
    """Stands in for a higher app's configuration (a fee, say)."""

    fee = 795


@pytest.fixture
def fee_fact(monkeypatch) -> FakeSource:
    """A registered fact ``[[test_fee]]``; the test changes the returned source's ``fee``."""
    source = FakeSource()

    def render(data):
        words = {"en": "Fee", "pl": "Opłata", "nl": "Kosten"}[translation.get_language()[:2]]
        return format_html("<strong>{} {}</strong>", words, data["fee"])

    fact = facts.PolicyFact(
        key="test_fee",
        label="Test fee",
        collect=lambda: {"fee": source.fee},
        render=render,
        summarise=lambda old, new: [f"Fee: {old['fee']} -> {new['fee']}"],
    )
    monkeypatch.setitem(facts.FACTS, "test_fee", fact)
    return source


def _publish(policy: Policy, body: str, translations: dict[str, str] | None = None) -> None:
    policy_publish(
        policy=policy,
        body_html=body,
        translations=translations,
        change_summary="Merchant edit",
        effective_date=timezone.localdate() - datetime.timedelta(days=10),
        author=None,
        backdating_allowed=True,
    )


def test_a_placeholder_alone_in_a_paragraph_becomes_the_block_in_every_language(fee_fact):
    policy = policy_get_or_create(kind=Policy.Kind.SHIPPING)
    _publish(
        policy,
        "<p>Our fee:</p><p>[[test_fee]]</p><p>Also inline: [[ test_fee ]].</p>",
        translations={"pl": "<p>Nasza opłata:</p><p>[[test_fee]]</p>", "nl": "<p>Onze kosten: [[test_fee]]</p>"},
    )
    version = policy.versions.get()
    assert version.facts == {"test_fee": {"fee": 795}}
    with translation.override("en"):
        body = str(policy_version_body(version=version))
    assert "<p><strong>Fee 795</strong></p>" not in body  # the paragraph was replaced, not wrapped
    assert body.count("<strong>Fee 795</strong>") == 2
    with translation.override("pl"):
        assert "Opłata 795" in str(policy_version_body(version=version))
    with translation.override("nl"):
        assert "Kosten 795" in str(policy_version_body(version=version))


def test_an_untranslated_text_is_english_with_english_facts(fee_fact):
    """Without a Polish text the Polish reader gets the English one whole: its facts in English too."""
    policy = policy_get_or_create(kind=Policy.Kind.SHIPPING)
    _publish(policy, "<p>Our fee: [[test_fee]]</p>")
    with translation.override("pl"):
        body = str(policy_version_body(version=policy.versions.get()))
    assert "Our fee: <strong>Fee 795</strong>" in body and "Opłata" not in body


def test_a_translation_must_use_the_same_fact_blocks_as_english(fee_fact):
    policy = policy_get_or_create(kind=Policy.Kind.SHIPPING)
    with pytest.raises(ApplicationError) as error:
        _publish(policy, "<p>Our fee: [[test_fee]]</p>", translations={"pl": "<p>Opłata: 7,95 zł</p>"})
    assert error.value.field == "body_html_pl" and "[[test_fee]]" in error.value.message
    assert not policy.versions.exists()


def test_an_unknown_block_is_refused_and_the_known_ones_are_named(fee_fact):
    policy = policy_get_or_create(kind=Policy.Kind.SHIPPING)
    with pytest.raises(ApplicationError) as error:
        _publish(policy, "<p>[[test_feee]]</p>")
    assert "[[test_feee]]" in error.value.message and "[[test_fee]]" in error.value.message


def test_changing_the_data_publishes_a_new_version_with_summary_and_diff(fee_fact):
    policy = policy_get_or_create(kind=Policy.Kind.SHIPPING)
    _publish(policy, "<p>Hello.</p><p>[[test_fee]]</p>")
    assert policy_facts_refresh() == []  # nothing changed: nothing published

    fee_fact.fee = 895
    (new,) = policy_facts_refresh()
    assert new.number == 2 and new.body_html == policy.versions.get(number=1).body_html
    assert new.change_summary == "Fee: 795 -> 895"
    assert new.effective_date == timezone.localdate() and new.author is None
    assert new.facts == {"test_fee": {"fee": 895}}

    page = policy_page(kind="shipping")
    assert "Fee 895" in page.current_body
    latest = page.history[0]
    cells = [(seg.op, seg.text) for row in latest.diff.rows for seg in row.segments]
    assert ("del", "795") in cells and ("ins", "895") in cells
    # The old version still shows the fee of its own time.
    assert "Fee 795" in str(policy_version_body(version=policy.versions.get(number=1)))
    assert policy_facts_refresh() == []


def test_a_policy_without_the_block_is_not_republished(fee_fact):
    policy = policy_get_or_create(kind=Policy.Kind.PRIVACY)
    _publish(policy, "<p>No facts here.</p>")
    fee_fact.fee = 1
    assert policy_facts_refresh() == []
    assert policy.versions.count() == 1


def test_the_same_text_with_new_facts_is_a_change_but_the_same_text_and_facts_is_not(fee_fact):
    policy = policy_get_or_create(kind=Policy.Kind.SHIPPING)
    _publish(policy, "<p>[[test_fee]]</p>")
    with pytest.raises(ApplicationError):
        _publish(policy, "<p>[[test_fee]]</p>")
    fee_fact.fee = 100
    _publish(policy, "<p>[[test_fee]]</p>")
    assert policy.versions.count() == 2


def test_the_command_publishes_what_changed_without_a_model_save(fee_fact):
    policy = policy_get_or_create(kind=Policy.Kind.SHIPPING)
    _publish(policy, "<p>[[test_fee]]</p>")
    fee_fact.fee = 999
    out = io.StringIO()
    call_command("policy_facts_refresh", stdout=out)
    assert out.getvalue().strip() == "shipping v2: Fee: 795 -> 999"


def test_saving_the_data_publishes_after_the_commit_once(django_capture_on_commit_callbacks):
    """A registered fact's model (support's promised response time) republishes the policy that shows it."""
    policy = policy_get_or_create(kind=Policy.Kind.PAYMENT_SECURITY)
    _publish(policy, "<p>We answer within [[support_response_time]].</p>")
    assert "24 hours" in str(policy_version_body(version=policy.versions.get()))
    with django_capture_on_commit_callbacks(execute=True):
        row = SupportSettings.objects.create(first_response_hours=12)
        row.save()  # a second save in the same transaction: still one new version
    latest = policy.versions.order_by("-number").first()
    assert latest.number == 2 and latest.change_summary == "Support answers within: 24 hours -> 12 hours"
    assert "12 hours" in str(policy_version_body(version=latest))
