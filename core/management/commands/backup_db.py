"""`make backup`: a consistent backup of the shop's database into var/backups (SQLite or PostgreSQL)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backups import db_backup
from core.errors import ApplicationError


class Command(BaseCommand):
    help = "Back up the database: SQLite with the online backup API, PostgreSQL with pg_dump -Fc."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=None, help="where to write (default var/backups)")
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        try:
            result = db_backup(directory=options["dir"], alias=options["database"])
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(f"Backup written: {result.path}"))
        for label, count in result.counts.items():
            self.stdout.write(f"  {label:<28} {count}")
