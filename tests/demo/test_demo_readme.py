"""The README opens with exactly the two commands a newcomer needs; its demo logins match the demo seed's."""

from __future__ import annotations

import re

from demo.seeding.accounts import DEMO_LOGINS
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text()


def test_first_code_block_is_exactly_make_demo_and_make_test():
    first_block = re.search(r"```[a-z]*\n(.*?)```", README, re.S)
    assert first_block is not None
    assert first_block.group(1).strip().splitlines() == ["make demo", "make test"]


def test_every_demo_login_is_in_the_readme_table():
    assert DEMO_LOGINS
    for login in DEMO_LOGINS:
        assert re.search(rf"\|[^\n]*`{re.escape(login.email)}`[^\n]*`{re.escape(login.password)}`", README), login


def test_sections_for_every_area_are_present():
    headings = set(re.findall(r"^## (.+)$", README, re.M))
    for heading in ("Payments", "Accounts and security", "Reviews", "Benchmarks", "Operations", "Tests",
                    "Project layout", "Settings and environment", "Demo logins"):  # fmt: skip
        assert heading in headings
