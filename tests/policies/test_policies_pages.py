"""The public policy pages: version in force, upcoming change, history with diffs, old versions, 404s."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from demo.seeding.policies import seed_policies
from policies.factories import PolicyFactory, PolicyVersionFactory
from policies.models import Policy
from policies.services import policy_get_or_create, policy_publish
from tests.policies.test_policies import XSS_PAYLOADS, assert_harmless

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def returns_history() -> Policy:
    policy = policy_get_or_create(kind=Policy.Kind.RETURNS)
    for body, summary, date in (
        ("<p>Intro stays.</p><p>Return within 14 days.</p>", "First version", days(-60)),
        ("<p>Intro stays.</p><p>Return within 30 days.</p>", "Window extended to 30 days", days(-5)),
    ):
        policy_publish(
            policy=policy, body_html=body, change_summary=summary, effective_date=date, author=None,
            backdating_allowed=True,
        )  # fmt: skip
    return policy


def main_html(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def test_policy_page_shows_the_current_version_number_date_and_text(client, returns_history):
    response = client.get("/policies/returns/")
    assert response.status_code == 200
    html = main_html(response)
    assert "<h1" in html and "Returns policy" in html
    assert "Version 2" in html
    assert f'datetime="{days(-5).isoformat()}"' in html
    body = html[html.index('class="policy-body"') : html.index('id="history"')]
    assert "Return within 30 days." in body
    assert "14 days" not in body


def test_history_lists_earlier_versions_with_a_readable_diff(client, returns_history):
    html = main_html(client.get("/policies/returns/"))
    history = html[html.index('id="history"') :]
    assert "Window extended to 30 days" in history
    assert "First version" in history
    assert "<del>14</del>" in history
    assert "<ins>30</ins>" in history
    assert "This is the first version" in history
    assert reverse("policies:policy_version", kwargs={"kind": "returns", "number": 1}) in history
    # Version 2 is listed before version 1 (newest first).
    assert history.index('id="version-2"') < history.index('id="version-1"')


def test_page_per_old_version_shows_that_text_and_says_it_is_superseded(client, returns_history):
    response = client.get("/policies/returns/v1/")
    assert response.status_code == 200
    html = main_html(response)
    assert "Return within 14 days." in html
    assert "no longer in force" in html
    assert reverse("policies:policy", kwargs={"kind": "returns"}) in html

    current = main_html(client.get("/policies/returns/v2/"))
    assert "This is the version in force." in current
    assert "<del>14</del>" in current and "<ins>30</ins>" in current


def test_a_future_version_is_announced_as_upcoming_but_not_yet_applied(client, returns_history):
    policy_publish(
        policy=returns_history,
        body_html="<p>Intro stays.</p><p>Return within 60 days.</p>",
        change_summary="Window extended to 60 days",
        effective_date=days(14),
        author=None,
    )
    html = main_html(client.get("/policies/returns/"))
    body = html[html.index('class="policy-body"') : html.index('id="history"')]
    assert "Return within 30 days." in body and "60 days" not in body
    assert "Upcoming change: version 3 applies from" in html
    assert "Window extended to 60 days" in html
    assert "Version 2" in html  # still the version in force
    upcoming = main_html(client.get("/policies/returns/v3/"))
    assert "not in force yet" in upcoming
    assert "<del>30</del>" in upcoming and "<ins>60</ins>" in upcoming


def test_diff_text_is_escaped(client):
    policy = policy_get_or_create(kind=Policy.Kind.TERMS)
    for body, date in (("<p>Price &lt;b&gt;5&lt;/b&gt;</p>", days(-3)), ("<p>Price &lt;i&gt;6&lt;/i&gt;</p>", days(0))):
        policy_publish(
            policy=policy, body_html=body, change_summary="x", effective_date=date, author=None,
            backdating_allowed=True,
        )  # fmt: skip
    history = main_html(client.get("/policies/terms/"))
    history = history[history.index('id="history"') :]
    assert "<b>" not in history and "<i>" not in history
    assert "&lt;i&gt;6&lt;/i&gt;" in history


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_payload_reaches_the_page_even_if_it_bypassed_the_service(client, payload):
    """A row written directly (factory, SQL, old data) is sanitised again when the page renders it."""
    PolicyVersionFactory(
        policy=PolicyFactory(kind=Policy.Kind.PRIVACY),
        body_html=f"<p>Privacy text.</p>{payload}",
        effective_date=days(-1),
    )
    for url in ("/policies/privacy/", "/policies/privacy/v1/"):
        html = main_html(client.get(url))
        assert "Privacy text." in html
        assert_harmless(html)


@pytest.mark.parametrize(
    "url",
    ["/policies/nonsense/", "/policies/returns/", "/policies/returns/v1/", "/policies/nonsense/v1/"],
)
def test_unknown_policy_or_version_is_404(client, url):
    assert client.get(url).status_code == 404


def test_unknown_version_number_is_404(client, returns_history):
    assert client.get("/policies/returns/v3/").status_code == 404
    assert client.get("/policies/returns/v0/").status_code == 404
    assert client.get("/policies/returns/vx/").status_code == 404


def test_footer_links_every_policy(client, returns_history):
    html = client.get("/policies/returns/").content.decode()
    footer = html[html.index("<footer") :]
    for kind in Policy.Kind.values:
        assert f'href="{reverse("policies:policy", kwargs={"kind": kind})}"' in footer


def test_seeded_policies_all_render_with_history(client):
    seed_policies()
    for kind in Policy.Kind.values:
        html = main_html(client.get(f"/policies/{kind}/"))
        assert "Version 2" in html
        assert re.search(r"<(ins|del)>", html), kind
        assert_harmless(html)


def test_only_get_is_allowed(client, returns_history):
    assert client.post("/policies/returns/").status_code == 405
