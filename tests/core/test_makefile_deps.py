"""`make demo` installs no browser (only the tests need chromium); `make test` does."""

from __future__ import annotations

import subprocess

from tests.conftest import ROOT


def dry_run(target: str) -> str:
    """The commands `make -n -B` would run for ``target`` as if nothing were built yet."""
    result = subprocess.run(
        ["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    return result.stdout


def test_make_demo_installs_no_chromium():
    assert "chromium" not in dry_run("demo")


def test_make_test_installs_chromium():
    assert "apt-get install -y -qq chromium" in dry_run("test")
