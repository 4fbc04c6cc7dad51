from django.core.management.base import BaseCommand

from payments.services import payments_reconcile


class Command(BaseCommand):
    help = "Re-read every payment still waiting on Stripe and settle it as the webhook would."

    def handle(self, *args, **options):
        counts = payments_reconcile()
        self.stdout.write(f"checked {counts['checked']}, changed {counts['changed']}, errors {counts['errors']}")
