"""Bench sections of the core app (discovered by `manage.py bench`)."""

from core.bench_budgets import budgets_section

SECTIONS = [budgets_section]
