"""Seed the demo shop. Idempotent: a second run finds everything in place and changes nothing.

The seed makes history (orders placed, shipped and delivered weeks ago), not news: it sends no email. Its
background tasks run at once in this process (not queued for the demo's worker) with emails suppressed
(``core.emails.emails_suppressed``), so nothing is mailed now or when ``make demo`` starts the worker.
"""

import contextlib
import logging
from collections.abc import Iterator

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from core.emails import emails_suppressed
from demo.seeding.accounts import MERCHANT_TOTP_SECRET, merchant_totp_uri, seed_users, totp_code_command
from demo.seeding.chat import seed_chat
from demo.seeding.fraud import seed_fraud
from demo.seeding.payments import seed_payments
from demo.seeding.policies import seed_policies
from demo.seeding.prices import seed_prices
from demo.seeding.returns import seed_returns
from demo.seeding.reviews import seed_reviews
from demo.seeding.shop import seed_catalogue
from demo.seeding.support import seed_support
from demo.seeding.trust import seed_trust


@contextlib.contextmanager
def _quiet_tasks() -> Iterator[None]:
    """The seed's tasks run in this process: their "Task ... RUNNING/SUCCESSFUL" lines are not news either."""
    logger = logging.getLogger("django_tasks")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


SEED_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}


class Command(BaseCommand):
    help = "Create the demo catalogue, policies, accounts and orders (refuses to run in production)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_demo refuses to run with TRUSTMARK_ENV=production.")
        with emails_suppressed(), override_settings(TASKS=SEED_TASKS), _quiet_tasks(), transaction.atomic():
            logins = seed_users()
            seed_catalogue()
            seed_policies()
            seed_support()
            seed_chat()  # after users: the merchant answers live chats
            seed_trust()
            seed_prices()  # after the catalogue, before orders: price histories (three real sales, one fake)
            seed_payments()  # after users and catalogue: fees, delivery zones, demo orders (some delivered)
            seed_reviews()  # after the catalogue: reviews tied to delivered demo orders of its products
            seed_fraud()  # default risk weights and thresholds, demo IP range -> country table
            seed_returns()  # after orders: returns terms per returns-policy version, demo return requests
        if options["verbosity"] == 0:  # `make demo`: its banner shows the logins
            return
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
        for login in logins:
            self.stdout.write(f"  {login.role:<24} {login.email:<34} {login.password}")
        self.stdout.write(f"  staff two-factor (TOTP) secret, demo only: {MERCHANT_TOTP_SECRET}")
        self.stdout.write(f"    add it to an authenticator app, or: {merchant_totp_uri()}")
        self.stdout.write(f"    current code: {totp_code_command()}")
