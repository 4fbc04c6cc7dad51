from __future__ import annotations

import logging
import uuid

from django.core.cache import cache
from django.db import connection

logger = logging.getLogger(__name__)


def health_check() -> dict[str, bool]:
    """Live checks of the database and the cache; each is True only if a round trip worked."""
    results = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            results["database"] = cursor.fetchone() == (1,)
    except Exception:  # any driver error means "down"
        logger.exception("health check: database down")
        results["database"] = False
    try:
        key, token = "healthz:probe", uuid.uuid4().hex
        cache.set(key, token, 10)
        results["cache"] = cache.get(key) == token
    except Exception:
        logger.exception("health check: cache down")
        results["cache"] = False
    return results
