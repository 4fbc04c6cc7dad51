"""The policy form shows its languages as tabs in a real browser (Debian's chromium): one language at a time,
arrow keys move between them, and a language with an error opens first. Without JavaScript the languages stand
one after another (tests/policies/test_policies_admin.py reads the same form without a browser)."""

from __future__ import annotations

import pytest

from accounts import roles
from tests.backoffice.test_backoffice_browser import page, sign_in_as  # noqa: F401 (page: a 1366 × 768 fixture)
from tests.policies.test_policies_admin import returns_policy  # noqa: F401

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_the_policy_form_shows_one_language_at_a_time(live_server, page, returns_policy):  # noqa: F811
    sign_in_as(page, live_server, roles.OWNER)
    page.goto(f"{live_server.url}/admin/policies/policy/{returns_policy.pk}/change/")
    tabs = page.get_by_role("tab")
    assert [tabs.nth(i).inner_text() for i in range(tabs.count())] == ["English", "Polish", "Dutch"]
    assert page.get_by_role("tab", name="English").get_attribute("aria-selected") == "true"
    assert page.locator("input[name=title]").is_visible() and page.locator("input[name=title_pl]").is_hidden()

    page.get_by_role("tab", name="Polish").click()
    assert page.locator("input[name=title_pl]").is_visible() and page.locator("input[name=title]").is_hidden()
    page.keyboard.press("ArrowRight")  # the WAI-ARIA tabs pattern: arrows move to the next language
    assert page.evaluate("document.activeElement.textContent") == "Dutch"
    assert page.locator("input[name=title_nl]").is_visible()

    # A Polish summary over its 300 characters: the form comes back on the Polish tab, marked.
    page.get_by_role("tab", name="Polish").click()
    page.locator("input[name=change_summary_pl]").evaluate("(el) => el.removeAttribute('maxlength')")
    page.locator("input[name=change_summary_pl]").fill("x" * 301)
    page.locator("input[name=change_summary]").evaluate("(el) => { el.value = 'Clearer wording'; }")
    page.locator("input[name=_save]").click()
    page.wait_for_load_state()
    polish = page.get_by_role("tab", name="Polish")
    assert polish.get_attribute("aria-selected") == "true" and "has-errors" in polish.get_attribute("class")
    assert page.locator("input[name=change_summary_pl]").is_visible()
