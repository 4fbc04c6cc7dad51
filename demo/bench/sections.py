"""Every bench section, in the order ``manage.py bench`` runs them, with the area each one measures."""

from demo.bench.budgets import budgets_section
from demo.bench.catalogue import catalogue_section
from demo.bench.checkout import checkout_section
from demo.bench.fraud import fraud_screening_section
from demo.bench.harness import Section
from demo.bench.methods import bank_methods_section
from demo.bench.reviews import reviews_section

SECTIONS: list[tuple[str, Section]] = [
    ("core", budgets_section),
    ("shop", catalogue_section),
    ("payments", checkout_section),
    ("methods", bank_methods_section),
    ("reviews", reviews_section),
    ("fraud", fraud_screening_section),
]
