"""Seed the demo shop. Idempotent: a second run finds everything in place and changes nothing."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.demo import seed_users
from fraud.demo import seed_fraud
from payments.demo import seed_payments
from prices.demo import seed_prices
from returns.demo import seed_returns
from reviews.demo import seed_reviews
from shop.demo import seed_catalogue
from shop.policy_demo import seed_policies
from support.demo import seed_support
from trust.demo import seed_trust


class Command(BaseCommand):
    help = "Create the demo catalogue, policies, accounts and orders (refuses to run in production)."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_demo refuses to run with TRUSTMARK_ENV=production.")
        with transaction.atomic():
            logins = seed_users()
            seed_catalogue()
            seed_policies()
            seed_support()
            seed_trust()
            seed_prices()  # after the catalogue, before orders: price histories (three real sales, one fake)
            seed_payments()  # after users and catalogue: fees, delivery zones, demo orders (some delivered)
            seed_reviews()  # after the catalogue: reviews tied to delivered demo orders of its products
            seed_fraud()  # default risk weights and thresholds, demo IP range -> country table
            seed_returns()  # after orders: returns terms per returns-policy version, demo return requests
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
        for login in logins:
            self.stdout.write(f"  {login.role:<24} {login.email:<32} {login.password}")
        from accounts.demo import MERCHANT_TOTP_SECRET, merchant_totp_uri

        self.stdout.write(f"  merchant two-factor (TOTP) secret, demo only: {MERCHANT_TOTP_SECRET}")
        self.stdout.write(f"    add it to an authenticator app, or: {merchant_totp_uri()}")
        code_command = f"import pyotp; print(pyotp.TOTP('{MERCHANT_TOTP_SECRET}').now())"
        self.stdout.write(f'    current code: .venv/bin/python -c "{code_command}"')
