"""The trust centre page, the badge cache, the footer badge strip and the anti-phishing facts."""

from __future__ import annotations

import datetime
import re

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from trust.badges import REGISTRY
from trust.selectors import badge_evaluate, badges_cache_clear

pytestmark = pytest.mark.django_db

EXPECTED_BADGES = {
    "secure_connection", "card_data_stripe", "three_d_secure", "verified_reviews", "returns_window",
    "delivery_promise", "support_response", "staff_two_factor",
}


def test_registry_holds_every_badge():
    assert set(REGISTRY) == EXPECTED_BADGES


def test_every_badge_has_a_section_with_anchor_evidence_time_and_link(client):
    body = client.get(reverse("trust:centre")).content.decode()
    for key in EXPECTED_BADGES:
        anchor = "badge-" + key.replace("_", "-")
        match = re.search(rf'<section id="{anchor}".*?</section>', body, re.S)
        assert match, f"no section for {key}"
        section = match.group(0)
        assert '<dl class="facts trust-evidence">' in section and "<dt>" in section
        assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT', section), f"no computed time for {key}"
        assert "Computed" in section
        assert re.search(r'<a href="/[^"]+">', section), f"no evidence link for {key}"
        assert f'href="#{anchor}"' in body  # the table of contents links to it


def test_http_page_shows_the_honest_failing_state_and_https_passes(client):
    body = client.get(reverse("trust:centre")).content.decode()
    section = re.search(r'<section id="badge-secure-connection".*?</section>', body, re.S).group(0)
    assert "is-fail" in section and "Not met" in section and "not loaded over HTTPS" in section
    body = client.get(reverse("trust:centre"), secure=True).content.decode()
    section = re.search(r'<section id="badge-secure-connection".*?</section>', body, re.S).group(0)
    assert "is-pass" in section and "Checked" in section


def test_anti_phishing_facts_and_help_links(client, settings):
    settings.SHOP_EMAIL_DOMAIN = "mail.trustmark.example"
    settings.STRIPE_JS_URL = "https://js.stripe.com/v3/"
    settings.SHOP_BASE_URL = "https://shop.example.com"
    body = client.get(reverse("trust:centre"), HTTP_HOST="localhost:9999").content.decode()
    assert "@mail.trustmark.example" in body
    assert "https://js.stripe.com" in body
    # Our own origin is the configured one, never the Host header of the request (nor any port it names).
    assert "<code>https://shop.example.com</code>" in body and "localhost:9999" not in body
    for name in ("support:faq", "support:contact", "support:report", "support:phishing"):
        assert f'href="{reverse(name)}"' in body


def test_results_are_cached_briefly_and_the_page_says_when(client):
    staff = UserFactory(username="boss", is_staff=True)
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={})
    first = badge_evaluate(key="staff_two_factor", request=None)
    assert first.passed
    UserFactory(username="intern", is_staff=True)  # no MFA
    cached = badge_evaluate(key="staff_two_factor", request=None)
    assert cached.passed and cached.computed_at == first.computed_at  # served from the cache, with its time
    badges_cache_clear()
    fresh = badge_evaluate(key="staff_two_factor", request=None)
    assert not fresh.passed and fresh.computed_at > first.computed_at


def test_cache_expires_within_a_few_minutes(settings):
    from trust.selectors import BADGE_CACHE_SECONDS

    assert 0 < BADGE_CACHE_SECONDS <= 300


def test_secure_connection_is_never_cached(rf=None):
    from django.test import RequestFactory

    assert not badge_evaluate(key="secure_connection", request=RequestFactory().get("/")).passed
    assert badge_evaluate(key="secure_connection", request=RequestFactory().get("/", secure=True)).passed


def test_footer_strip_links_each_visible_badge_to_its_section(client):
    body = client.get(reverse("support:faq")).content.decode()
    strip = re.search(r'<ul class="trust-strip.*?</ul>', body, re.S).group(0)
    assert 'href="/trust/#badge-card-data-stripe"' in strip
    # Failing checks (HTTP here, no 3-D Secure data) are not badges; the strip counts them and links to the first.
    assert "badge-secure-connection" not in strip and "badge-three-d-secure" not in strip
    not_met = re.search(r'<p class="trust-not-met">.*?</p>', body, re.S).group(0)
    assert 'href="/trust/#badge-secure-connection"' in not_met and "checks not met" in not_met


def test_support_badge_in_strip_once_it_passes(client, staff_at_work):
    from support.factories import TicketFactory
    from support.services import ticket_reply

    created = timezone.now() - datetime.timedelta(days=1)
    ticket = TicketFactory(created_at=created)
    ticket_reply(ticket=ticket, author=None, body="Hi", now=created + datetime.timedelta(hours=1), notify=False)
    strip = re.search(r'<ul class="trust-strip.*?</ul>', client.get(reverse("support:faq")).content.decode(),
                      re.S).group(0)
    assert 'href="/trust/#badge-support-response"' in strip


def test_strip_can_show_only_chosen_badges_with_their_state(rf=None):
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/", secure=True)
    html = Template('{% load trust %}{% trust_badges request "full" "card_data_stripe,secure_connection" %}').render(
        Context({"request": request})
    )
    assert html.index("badge-card-data-stripe") < html.index("badge-secure-connection")
    assert "support-response" not in html
    assert "our servers never see or store them" in html  # "full" shows the state


def test_cached_strip_costs_no_database_query(django_assert_num_queries):
    from django.template import Context, Template
    from django.test import RequestFactory

    template = Template('{% load trust %}{% trust_badges request %}')
    context = Context({"request": RequestFactory().get("/")})
    template.render(context)  # computes and caches
    with django_assert_num_queries(0):
        html = template.render(context)
    assert "badge-card-data-stripe" in html


def test_a_database_error_hides_the_strip_but_not_the_page(client, monkeypatch):
    from django.db import DatabaseError

    from trust import badges

    def broken(*, request):
        raise DatabaseError("connection lost")

    monkeypatch.setitem(badges.REGISTRY, "staff_two_factor",
                        badges.BadgeSpec(key="staff_two_factor", function=broken, cached=True))
    response = client.get(reverse("support:faq"))
    assert response.status_code == 200
    assert "trust-strip" not in response.content.decode()


def test_strip_renders_without_a_request_in_the_context():
    from django.template import Context, Template

    html = Template('{% load trust %}{% trust_badges request %}').render(Context({}))
    assert "badge-card-data-stripe" in html and "checks not met" in html  # no request, no HTTPS claim
