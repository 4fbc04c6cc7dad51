from __future__ import annotations

import logging
import uuid

from django.core.cache import caches
from django.db import connection

from core.cache import PAGES_CACHE, SECURITY_CACHE

logger = logging.getLogger(__name__)

# Check name -> cache alias (core/cache.py): sign-in needs the security cache, the shop only the pages cache.
HEALTH_CACHES = {"cache": PAGES_CACHE, "security_cache": SECURITY_CACHE}


def health_check() -> dict[str, bool]:
    """Live checks of the database and both caches; each is True only if a round trip worked."""
    results = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            results["database"] = cursor.fetchone() == (1,)
    except Exception:  # any driver error means "down"
        logger.exception("health check: database down")
        results["database"] = False
    for name, alias in HEALTH_CACHES.items():
        try:
            key, token = "healthz:probe", uuid.uuid4().hex
            caches[alias].set(key, token, 10)
            results[name] = caches[alias].get(key) == token
        except Exception:  # includes CacheUnavailable from the fail-closed security cache
            logger.exception("health check: %s down", name)
            results[name] = False
    return results
