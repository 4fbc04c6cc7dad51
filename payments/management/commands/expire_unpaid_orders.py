from django.core.management.base import BaseCommand

from payments.services import orders_expire_unpaid


class Command(BaseCommand):
    help = "Cancel unpaid orders past their deadline and release their stock."

    def handle(self, *args, **options):
        self.stdout.write(f"expired {orders_expire_unpaid()} order(s)")
