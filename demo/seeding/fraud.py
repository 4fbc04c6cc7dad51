"""Demo seed for the fraud screening: default weights and thresholds, and a small offline IP -> country table.

The table maps the documentation ranges (RFC 5737 / RFC 3849) to demo countries so the country signals can be
tried locally with ``X-Forwarded-For`` behind a proxy, or in tests. A real shop would import a GeoIP database.
"""

from __future__ import annotations

from fraud.models import IPCountryRange
from fraud.services import fraud_defaults_ensure

DEMO_IP_RANGES = [
    ("192.0.2.0/24", "NL", "Demo: TEST-NET-1 stands for a Dutch provider"),
    ("198.51.100.0/24", "DE", "Demo: TEST-NET-2 stands for a German provider"),
    ("203.0.113.0/24", "US", "Demo: TEST-NET-3 stands for a US provider"),
    ("2001:db8::/32", "PL", "Demo: IPv6 documentation prefix stands for a Polish provider"),
]


def seed_fraud() -> None:
    """Idempotent: existing weights, settings and ranges (the merchant's tuning) are left as they are."""
    fraud_defaults_ensure()
    for network, country, note in DEMO_IP_RANGES:
        IPCountryRange.objects.get_or_create(network=network, defaults={"country": country, "note": note})
