"""The owner writes a policy in the rich-text editor in a real browser (Debian's chromium) under the strict CSP:
headings, bold, a list and a link reach the shoppers' page; a script typed into the HTML view is removed by nh3;
and the editor itself needs nothing the CSP refuses."""

from __future__ import annotations

import pytest

from accounts import roles
from policies.models import Policy
from tests.backoffice.test_backoffice_browser import sign_in_as
from tests.policies.test_policies_admin import returns_policy  # noqa: F401

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.messages = []
    page.on("console", lambda message: page.messages.append(message.text + " @ " + page.url))
    page.on("pageerror", lambda error: page.messages.append(str(error)))
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()


def test_the_owner_formats_a_policy_and_shoppers_see_it(live_server, page, returns_policy):  # noqa: F811
    sign_in_as(page, live_server, roles.OWNER)
    page.goto(f"{live_server.url}/admin/policies/policy/{returns_policy.pk}/change/")
    textarea = page.locator("textarea[name=body_html]")
    assert textarea.is_hidden()  # the editor replaced it on screen
    languages = page.locator("textarea[name^=body_html_]").count()  # body_html_pl, body_html_nl
    assert languages >= 2 and page.locator(".richtext-area").count() == 1 + languages  # an editor per language
    english = page.locator(".richtext").filter(has=page.locator("#id_body_html-editor"))
    editor = page.locator("#id_body_html-editor")
    assert "Return within 14 days." in editor.inner_text()

    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    english.get_by_role("button", name="Heading", exact=True).click()
    page.keyboard.type("Returning an order")
    page.keyboard.press("Enter")
    english.get_by_role("button", name="Paragraph").click()
    page.keyboard.type("You have ")
    english.get_by_role("button", name="Bold").click()
    page.keyboard.type("30 days")
    english.get_by_role("button", name="Bold").click()
    page.keyboard.type(" to send it back.")
    page.keyboard.press("Enter")
    english.get_by_role("button", name="Bulleted list").click()
    page.keyboard.type("Unused")
    page.keyboard.press("Enter")
    page.keyboard.type("In its box")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # leaves the list
    page.keyboard.type("Use the form")
    page.keyboard.press("Shift+Home")
    page.once("dialog", lambda dialog: dialog.accept("https://example.com/returns-form"))
    english.get_by_role("button", name="Link", exact=True).click()

    assert not [m for m in page.messages if "Content Security Policy" in m], page.messages  # the editor needs none
    # Then the HTML view: a script pasted here must not survive saving.
    english.get_by_role("button", name="Edit HTML").click()
    assert textarea.is_visible()
    textarea.press("Control+End")
    page.keyboard.type('<script>alert("x")</script><p onclick="alert(2)">Questions? Write to us.</p>')
    english.get_by_role("button", name="Back to the editor").click()
    assert textarea.is_hidden()
    assert "Questions? Write to us." in editor.inner_text()
    assert editor.locator("script, [onclick]").count() == 0  # never came alive in the admin

    # Saved straight from the HTML view, a script reaches the server: nh3 removes it.
    english.get_by_role("button", name="Edit HTML").click()
    textarea.press("Control+End")
    page.keyboard.type('<script>alert("y")</script><p><a href="javascript:alert(3)">Call us</a></p>')

    page.locator("#id_change_summary").fill("Longer window, formatted")
    page.locator("input[name=_save]").click()
    page.wait_for_url("**/admin/policies/policy/")

    body = returns_policy.versions.order_by("-number").first().body_html
    assert "<h2>Returning an order</h2>" in body
    assert "<b>30 days</b>" in body or "<strong>30 days</strong>" in body
    assert "<ul><li>Unused</li><li>In its box</li></ul>" in body
    assert 'href="https://example.com/returns-form"' in body
    assert "script" not in body and "alert" not in body and "onclick" not in body
    assert "Questions? Write to us." in body and "Call us" in body
    assert "<p></p>" not in body  # empty lines left by Enter are not kept

    page.goto(f"{live_server.url}/policies/{Policy.Kind.RETURNS}/")
    article = page.locator(".policy-body")
    assert article.locator("h2", has_text="Returning an order").count() == 1
    assert article.locator("b, strong", has_text="30 days").count() == 1
    assert article.locator("ul > li").all_inner_texts() == ["Unused", "In its box"]
    assert article.get_by_role("link", name="Use the form").get_attribute("href") == (
        "https://example.com/returns-form"
    )
    # The only CSP report is the CSP blocking the handler typed into the HTML view; no script error at all.
    blocked = [m for m in page.messages if "Content Security Policy" in m]
    assert all(m.startswith("Executing inline event handler") for m in blocked), blocked
    assert not [m for m in page.messages if "Uncaught" in m], page.messages
