"""Form errors: a summary above the form (role=alert) links to each field; each error also sits by its field."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_contact_form_errors_have_a_summary_linking_to_the_fields(client):
    response = client.post("/support/", {})
    body = response.content.decode()
    assert response.status_code == 200
    summary = re.search(r'<div class="error-summary" role="alert".*?</div>', body, re.S)
    assert summary, "no error summary"
    anchors = re.findall(r'href="#(id_[\w-]+)"', summary.group(0))
    assert anchors
    for anchor in anchors:
        assert f'id="{anchor}"' in body  # the link leads to a real field
        assert f'id="{anchor}_error"' in body or f"{anchor}_error" in body  # whose own error sits beside it


def test_a_valid_looking_page_has_no_summary(client):
    assert "error-summary" not in client.get("/support/").content.decode()
