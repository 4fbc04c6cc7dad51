"""The demo signs order links with a key of its own, not one anyone can read in the repository [issue 14, item 9].

Dev settings make a random key on the first run, keep it in ``var/secret_key`` (mode 0600, ignored by git) and
read it from then on; tests use a fixed test key; production takes SECRET_KEY from the environment and refuses
the public ones. Settings are read at import, so each case loads them in a fresh interpreter.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.secret_key import secret_key_from_file
from tests.conftest import ROOT
from tests.core.test_settings_production import SETUP, clean_env, run_python

PRINT_KEY = "import config.settings as s; print(s.SECRET_KEY)"


def dev_key(key_file) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "TRUSTMARK_ENV", "DJANGO_SETTINGS_MODULE"}}
    env.update(TRUSTMARK_ENV="dev", SECRET_KEY_FILE=str(key_file))
    return subprocess.run([sys.executable, "-c", PRINT_KEY], cwd=ROOT, env=env, capture_output=True, text=True)


def test_the_first_dev_run_makes_a_private_key_file_and_later_runs_reuse_it(tmp_path):
    key_file = tmp_path / "var" / "secret_key"
    first = dev_key(key_file)
    assert first.returncode == 0, first.stderr
    key = first.stdout.strip()
    assert len(key) >= 50 and len(set(key)) > 20
    assert key_file.read_text().strip() == key
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600  # readable by the demo's user only
    assert list(key_file.parent.iterdir()) == [key_file]  # no temporary file left behind

    assert dev_key(key_file).stdout.strip() == key  # sessions and links survive a restart


def test_the_repository_holds_no_usable_dev_key(tmp_path):
    """Two fresh checkouts get two different keys: nothing committed is the demo's key."""
    one, two = dev_key(tmp_path / "one" / "secret_key"), dev_key(tmp_path / "two" / "secret_key")
    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr
    assert one.stdout.strip() != two.stdout.strip()
    ignored = subprocess.run(["git", "check-ignore", "-q", "var/secret_key"], cwd=ROOT)
    assert ignored.returncode == 0, "var/secret_key must never be committed"
    tracked = subprocess.run(["git", "ls-files", "var"], cwd=ROOT, capture_output=True, text=True).stdout
    assert tracked == ""


def test_tests_use_the_fixed_test_key():
    from django.conf import settings

    from config.settings import TEST_SECRET_KEY

    assert settings.SECRET_KEY == TEST_SECRET_KEY


@pytest.mark.parametrize(
    "key",
    [
        "trustmark-tests-only-secret-key-refused-outside-TRUSTMARK_ENV-test",
        "demo-insecure-trustmark-secret-key-do-not-use-in-production",
    ],
)
def test_production_refuses_the_public_keys(key):
    result = run_python(SETUP, clean_env(SECRET_KEY=key))
    assert result.returncode != 0
    assert "strong SECRET_KEY" in result.stderr


def test_production_never_reads_or_makes_a_key_file(tmp_path):
    key_file = tmp_path / "secret_key"
    result = run_python(SETUP, clean_env(SECRET_KEY=None, SECRET_KEY_FILE=str(key_file)))
    assert result.returncode != 0
    assert "strong SECRET_KEY" in result.stderr
    assert not key_file.exists()


def test_processes_starting_together_all_read_the_same_key(tmp_path):
    """The web server, worker and scheduler may load settings at the same moment."""
    key_file = tmp_path / "secret_key"
    with ThreadPoolExecutor(max_workers=8) as pool:
        keys = set(pool.map(lambda _: secret_key_from_file(key_file), range(16)))
    assert keys == {key_file.read_text().strip()}


@pytest.mark.parametrize("content", ["", "short\n", "k" * 49])
def test_an_unusable_key_file_is_refused_with_a_clear_message(tmp_path, content):
    key_file = tmp_path / "secret_key"
    key_file.write_text(content)
    with pytest.raises(ImproperlyConfigured, match="delete the file and a new one is made"):
        secret_key_from_file(key_file)


def test_a_key_file_of_exactly_50_characters_is_used(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text("k" * 50 + "\n")
    assert secret_key_from_file(key_file) == "k" * 50
