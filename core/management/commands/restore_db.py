"""`make restore [BACKUP=path]`: replace the database with a backup (default: the newest one)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backups import backup_latest, db_restore
from core.errors import ApplicationError


class Command(BaseCommand):
    help = (
        "Restore the database from a backup made by backup_db (default: the newest in var/backups). "
        "The current database is backed up first (pre-restore-<stamp>), so nothing is lost."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", nargs="?", type=Path, help="a .sqlite3 or .dump file from backup_db")
        parser.add_argument("--dir", type=Path, default=None, help="where to look for the newest backup")
        parser.add_argument("--database", default="default")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, **options):
        try:
            path = options["backup"] or backup_latest(directory=options["dir"], alias=options["database"])
            if not options["yes"]:
                answer = input(f"Replace the database with {path}? The current one is backed up first. [y/N] ")
                if answer.strip().lower() not in {"y", "yes"}:
                    raise CommandError("Restore cancelled; nothing changed.")
            counts = db_restore(path=path, alias=options["database"])
        except ApplicationError as error:
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(f"Restored {path}; every count matches the backup's manifest."))
        for label, count in counts.items():
            self.stdout.write(f"  {label:<28} {count}")
