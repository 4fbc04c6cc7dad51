"""One rule for where a failing badge shows, applied in every place badges appear and stated on the trust centre:
a passing check shows its badge; a failing one never shows as a badge and is never hidden either (the strip
counts it and links to it); the trust centre marks it "Not met"."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from shop.factories import ProductFactory
from trust import badges
from trust.selectors import badges_evaluate

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
TAG = re.compile(r"\{% trust_badges [^%]*%\}")


def _places() -> dict[str, str]:
    """Every template that shows badges, with its exact ``{% trust_badges %}`` call."""
    places = {}
    for path in TEMPLATES.rglob("*.html"):
        for call in TAG.findall(path.read_text()):
            places[f"{path.relative_to(TEMPLATES)}: {call}"] = call
    return places


PLACES = _places()


def test_badges_appear_in_the_footer_the_product_page_and_checkout():
    names = " ".join(PLACES)
    assert "includes/footer.html" in names and "shop/product_detail.html" in names
    assert "checkout_review.html" in names


@pytest.mark.parametrize("call", list(PLACES.values()), ids=list(PLACES))
def test_every_place_applies_the_same_rule(call):
    request = RequestFactory().get("/")  # HTTP: the secure-connection check fails, like 3-D Secure (no data)
    html = Template("{% load trust %}" + call).render(Context({"request": request}))
    keys = re.findall(r'data-badge="([a-z_]+)"', html)
    only = re.search(r'"[a-z_]+(?:,[a-z_]+)+"', call)
    wanted = only.group(0).strip('"').split(",") if only else None
    results = badges_evaluate(request=request, keys=wanted)
    assert keys == [b.key for b in results if b.passed]  # passing checks only, in order
    failing = [b for b in results if not b.passed]
    if failing:  # never hidden: counted, with a link to the first failing check's evidence
        assert f"{len(failing)} check" in html and f'href="/trust/#{failing[0].anchor}"' in html
    else:
        assert "not met" not in html


def test_the_product_page_follows_the_rule(client):
    product = ProductFactory()
    html = client.get(product.get_absolute_url()).content.decode()
    assert 'data-badge="secure_connection"' not in html  # failing over HTTP: no badge anywhere on the page
    assert "trust-not-met" in html


def test_the_trust_centre_states_the_rule_and_marks_each_failing_check():
    from django.test import Client

    html = Client().get(reverse("trust:centre")).content.decode()
    rule = re.search(r'<p id="badge-rule".*?</p>', html, re.S).group(0)
    assert "only while its check passes" in rule and "never hidden" in rule
    assert "footer" in rule and "product pages" in rule and "checkout" in rule
    section = html[html.index('id="badge-secure-connection"') :]
    assert "Not met" in section[:600]


def test_no_badge_carries_its_own_exception_to_the_rule():
    fields = {f.name for f in dataclasses.fields(badges.BadgeResult)}
    assert not {"show_when_failing", "visible_in_strip"} & fields
