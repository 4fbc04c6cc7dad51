"""The policy text editor: our own static script and stylesheet on every policy text field, the strict CSP
unchanged on the admin and on shoppers' pages (no nonce, no inline code), and the textarea still there for
browsers without JavaScript."""

from __future__ import annotations

import json
import re

import pytest
from django import forms
from django.templatetags.static import static

from policies.admin import PolicyAdminForm
from policies.models import Policy
from policies.services import policy_html_sanitise
from policies.widgets import RichTextTextarea
from tests.policies.test_policies_admin import admin_client, change_url, merchant, returns_policy  # noqa: F401

pytestmark = pytest.mark.django_db

STRICT = {
    "default-src": "default-src 'self'",
    "style-src": "style-src 'self'",
    "object-src": "object-src 'none'",
    "base-uri": "base-uri 'none'",
}


def directives(header: str) -> dict[str, str]:
    return {part.strip().split(" ")[0]: part.strip() for part in header.split(";") if part.strip()}


def test_the_policy_form_loads_the_editor_from_our_static_files(admin_client, returns_policy):  # noqa: F811
    html = admin_client.get(change_url(returns_policy)).content.decode()
    assert f'src="{static("policies/richtext.js")}"' in html
    assert f'href="{static("policies/richtext.css")}"' in html
    textarea = re.search(r"<textarea[^>]*name=\"body_html\"[^>]*>", html).group(0)
    assert "data-richtext=" in textarea  # the script finds it; without JavaScript it is the plain HTML field
    assert "Return within 14 days." in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "no inline script on the policy form"
    assert "<style" not in html


def test_the_toolbar_speaks_the_admins_language(admin_client, returns_policy):  # noqa: F811
    html = admin_client.get("/pl" + change_url(returns_policy)).content.decode()
    textarea = re.search(r"<textarea[^>]*name=\"body_html\"[^>]*>", html).group(0)
    labels = json.loads(re.search(r'data-richtext="([^"]*)"', textarea).group(1).replace("&quot;", '"'))
    assert set(labels) >= {"bold", "italic", "h2", "ul", "ol", "link"}
    assert labels["bold"] == "Pogrubienie"


def test_every_language_text_field_gets_the_editor():
    class PerLanguageForm(PolicyAdminForm):
        body_html_pl = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 24, "lang": "pl"}))
        body_html_nl = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 24, "lang": "nl"}))

    form = PerLanguageForm(instance=Policy(kind=Policy.Kind.RETURNS))
    for name in ("body_html", "body_html_pl", "body_html_nl"):
        assert isinstance(form.fields[name].widget, RichTextTextarea), name
    assert form.fields["body_html_pl"].widget.attrs["lang"] == "pl"
    assert 'lang="pl"' in str(form["body_html_pl"])
    assert not isinstance(form.fields["change_summary"].widget, RichTextTextarea)
    assert static("policies/richtext.js") in str(form.media)


def test_the_csp_is_the_same_strict_policy_on_the_admin_and_on_shoppers_pages(admin_client, returns_policy):  # noqa: F811
    admin_csp = admin_client.get(change_url(returns_policy)).headers["Content-Security-Policy"]
    shopper_csp = admin_client.get("/policies/returns/").headers["Content-Security-Policy"]
    home_csp = admin_client.get("/").headers["Content-Security-Policy"]
    assert admin_csp == shopper_csp == home_csp
    policy = directives(shopper_csp)
    for name, value in STRICT.items():
        assert policy[name] == value
    assert "nonce-" not in shopper_csp and "unsafe-inline" not in shopper_csp
    assert policy["script-src"].split()[1] == "'self'"


def test_what_the_editor_makes_survives_cleaning_and_a_script_does_not():
    editor_html = (
        "<h2>Returns</h2><p>You have <b>30 days</b>, <i>no questions</i>.</p>"
        '<ul><li>Unused</li></ul><ol><li>Write</li></ol><p><a href="https://example.com/form">form</a></p>'
        '<script>alert(1)</script><p onclick="x()">click</p><div>div</div>'
    )
    clean = policy_html_sanitise(html=editor_html)
    for kept in ("<h2>Returns</h2>", "<b>30 days</b>", "<i>no questions</i>", "<ul><li>Unused</li></ul>",
                 "<ol><li>Write</li></ol>", 'href="https://example.com/form"'):  # fmt: skip
        assert kept in clean
    assert "script" not in clean and "alert" not in clean and "onclick" not in clean
