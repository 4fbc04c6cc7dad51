"""The policy editor's preview: the shoppers' own policy page with the text as it will be shown (nh3-cleaned,
fact blocks filled in), before anything is published."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from policies.factories import PolicyFactory, PolicyVersionFactory
from policies.models import Policy
from tests.backoffice.conftest import staff_client

pytestmark = pytest.mark.django_db


def test_preview_shows_the_shoppers_page_cleaned_with_facts_and_publishes_nothing(client):
    policy = PolicyFactory(kind=Policy.Kind.PRIVACY, title="Privacy")
    PolicyVersionFactory(policy=policy, number=1, body_html="<p>Old text.</p>")
    owner = staff_client(client, roles.OWNER)
    url = reverse("admin:policies_policy_change", args=[policy.pk])
    assert 'name="_preview"' in owner.get(url).content.decode()
    body = '<p>We keep your data <strong>safe</strong>.</p><script>alert(1)</script><p onclick="x()">Ask us.</p>'
    response = owner.post(url, {"title": "Privacy", "body_html": body, "change_summary": "Clearer",
                                "effective_date": timezone.localdate().isoformat(), "_preview": "1"})  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200 and 'data-testid="policy-preview"' in page
    assert '<div class="policy-body" lang="en"><p>We keep your data <strong>safe</strong>.</p>' in page
    assert "alert(1)" not in page and "onclick" not in page  # nh3 cleans the preview as it cleans the page
    assert "Version 2" in page  # the number it will get
    assert policy.versions.count() == 1  # nothing published


def test_support_cannot_preview_policies(client):
    policy = PolicyFactory(kind=Policy.Kind.PRIVACY, title="Privacy")
    PolicyVersionFactory(policy=policy, number=1, body_html="<p>Old text.</p>")
    support = staff_client(client, roles.SUPPORT)
    url = reverse("admin:policies_policy_change", args=[policy.pk])
    response = support.post(url, {"title": "Privacy", "body_html": "<p>x</p>", "_preview": "1"})
    assert response.status_code == 403
