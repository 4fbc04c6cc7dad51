"""The demo's SECRET_KEY: random, made on the first run, kept in ``var/secret_key`` (mode 0600), never in git.

SECRET_KEY signs the order links in emails, password-reset links and sessions. A key written in the repository
would let anyone who has read it forge those links on a running demo, so the demo makes its own on the first
``make demo`` (the first ``manage.py`` command to load the settings) and reads it from then on. ``make clean``
deletes ``var/``; the next run makes a new key, and links signed with the old one stop working.

Tests use a fixed key of their own (config/settings.py); production takes SECRET_KEY from the environment only.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

MIN_LENGTH = 50


def secret_key_from_file(path: Path) -> str:
    """The key stored at ``path``, made first if there is none.

    A new key is written to a private temporary file (0600) and linked into place, which fails if another process
    got there first: every process (web server, worker, scheduler) ends up reading the same, complete key.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secret_key-")
        try:
            with os.fdopen(descriptor, "w") as file:
                file.write(secrets.token_urlsafe(64) + "\n")
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process made it meanwhile: use theirs
        finally:
            os.unlink(temporary)
    key = path.read_text().strip()
    if len(key) < MIN_LENGTH:
        raise ImproperlyConfigured(f"{path} holds no usable secret key: delete the file and a new one is made.")
    return key
