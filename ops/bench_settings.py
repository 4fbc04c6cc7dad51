"""Settings for `ops/bench_live.py` only: the production settings plus one extra URL, the bare comparison view."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "ops.bench_urls"

# The TLS proxy in front of production compresses HTML; gunicorn alone does not. Stand in for it here (Django's
# GZipMiddleware pads its output against BREACH). Static files are pre-compressed by whitenoise already.
MIDDLEWARE = ["django.middleware.gzip.GZipMiddleware", *MIDDLEWARE]  # noqa: F405
