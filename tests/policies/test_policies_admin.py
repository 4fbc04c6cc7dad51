"""Merchants edit policies in the admin: each save publishes a new version with author, summary and date."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accounts.factories import UserFactory
from policies.models import Policy, PolicyVersion
from policies.services import policy_get_or_create, policy_publish
from tests.accounts.helpers import sign_in, totp_enable, user_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def merchant():
    return user_make(username="boss", superuser=True, email="boss@trustmark.example")


@pytest.fixture
def admin_client(client, merchant):
    """A superuser signed in through allauth with password and TOTP code, as the admin demands for staff."""
    sign_in(client, merchant, secret=totp_enable(merchant))
    return client


@pytest.fixture
def returns_policy() -> Policy:
    policy = policy_get_or_create(kind=Policy.Kind.RETURNS)
    policy_publish(
        policy=policy,
        body_html="<p>Return within 14 days.</p>",
        change_summary="First version",
        effective_date=timezone.localdate() - datetime.timedelta(days=10),
        author=None,
        backdating_allowed=True,
    )
    return policy


def change_url(policy: Policy) -> str:
    return f"/admin/policies/policy/{policy.pk}/change/"


def form_data(policy: Policy, **overrides) -> dict:
    count = policy.versions.count()
    data = {
        "title": policy.title,
        "body_html": "<p>Return within 30 days.</p>",
        "change_summary": "Longer window",
        "effective_date": timezone.localdate().isoformat(),
        # The read-only versions inline still posts its management form.
        "versions-TOTAL_FORMS": str(count),
        "versions-INITIAL_FORMS": str(count),
        "versions-MIN_NUM_FORMS": "0",
        "versions-MAX_NUM_FORMS": "1000",
    }
    for index, version in enumerate(policy.versions.order_by("-number")):
        data[f"versions-{index}-id"] = str(version.pk)
        data[f"versions-{index}-policy"] = str(policy.pk)
    data.update(overrides)
    return data


def test_change_form_shows_the_current_text_and_the_version_list(admin_client, returns_policy):
    response = admin_client.get(change_url(returns_policy))
    assert response.status_code == 200
    html = response.content.decode()
    assert "&lt;p&gt;Return within 14 days.&lt;/p&gt;" in html  # inside the textarea, escaped
    assert 'name="change_summary"' in html and 'name="effective_date"' in html
    assert "Saving publishes version 2" in html
    assert "First version" in html  # inline list of versions
    assert "/policies/returns/v1/" in html


def test_saving_in_the_admin_publishes_a_new_version_with_author_and_summary(
    admin_client, returns_policy, merchant
):
    response = admin_client.post(change_url(returns_policy), form_data(returns_policy), follow=True)
    assert response.status_code == 200
    assert "Published version 2" in response.content.decode()
    versions = {v.number: v for v in returns_policy.versions.all()}
    assert set(versions) == {1, 2}
    assert versions[2].body_html == "<p>Return within 30 days.</p>"
    assert versions[2].change_summary == "Longer window"
    assert versions[2].author == merchant
    assert versions[2].effective_date == timezone.localdate()
    assert versions[1].body_html == "<p>Return within 14 days.</p>"  # untouched


def test_admin_save_sanitises_the_html(admin_client, returns_policy):
    body = '<p onclick="x()">Thirty days.</p><script>alert(1)</script><a href="javascript:alert(1)">x</a>'
    admin_client.post(change_url(returns_policy), form_data(returns_policy, body_html=body))
    stored = returns_policy.versions.get(number=2).body_html
    assert stored == '<p>Thirty days.</p><a rel="noopener noreferrer nofollow">x</a>'


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"change_summary": ""}, "This field is required."),
        ({"effective_date": ""}, "This field is required."),
        ({"effective_date": "2001-01-01"}, "cannot apply retroactively"),
        ({"body_html": "<script>alert(1)</script>"}, "cannot be empty"),
        ({"body_html": "<p>Return within 14 days.</p>"}, "nothing to publish"),
    ],
)
def test_invalid_edit_shows_the_error_and_publishes_nothing(admin_client, returns_policy, overrides, message):
    response = admin_client.post(change_url(returns_policy), form_data(returns_policy, **overrides))
    assert response.status_code == 200  # the form again, with errors
    assert message in response.content.decode()
    assert returns_policy.versions.count() == 1


def test_adding_a_policy_in_the_admin_publishes_version_1(admin_client, merchant):
    data = {
        "kind": "privacy",
        "title": "Privacy policy",
        "body_html": "<p>We keep little.</p>",
        "change_summary": "First version",
        "effective_date": timezone.localdate().isoformat(),
        "versions-TOTAL_FORMS": "0",
        "versions-INITIAL_FORMS": "0",
        "versions-MIN_NUM_FORMS": "0",
        "versions-MAX_NUM_FORMS": "1000",
    }
    response = admin_client.post("/admin/policies/policy/add/", data)
    assert response.status_code == 302
    version = PolicyVersion.objects.get(policy__kind="privacy")
    assert (version.number, version.author, version.body_html) == (1, merchant, "<p>We keep little.</p>")


def test_versions_are_read_only_in_the_admin(admin_client, returns_policy):
    version = returns_policy.versions.get()
    assert admin_client.get("/admin/policies/policyversion/").status_code == 200
    assert admin_client.get("/admin/policies/policyversion/add/").status_code == 403
    detail = admin_client.get(f"/admin/policies/policyversion/{version.pk}/change/")
    assert detail.status_code == 200  # view only
    assert 'name="body_html"' not in detail.content.decode()
    response = admin_client.post(
        f"/admin/policies/policyversion/{version.pk}/change/",
        {"body_html": "<p>rewritten</p>", "change_summary": "x", "number": "1"},
    )
    assert response.status_code == 403
    assert admin_client.post(f"/admin/policies/policyversion/{version.pk}/delete/", {"post": "yes"}).status_code == 403
    assert admin_client.post(f"/admin/policies/policy/{returns_policy.pk}/delete/", {"post": "yes"}).status_code == 403
    assert PolicyVersion.objects.get(pk=version.pk).body_html == "<p>Return within 14 days.</p>"


def test_non_staff_cannot_reach_the_policy_admin(client, returns_policy):
    shopper = UserFactory(is_staff=False)
    client.force_login(shopper)
    response = client.post(change_url(returns_policy), form_data(returns_policy))
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert returns_policy.versions.count() == 1
