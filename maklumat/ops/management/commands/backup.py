"""`maklumat backup PATH`: the database, uploaded files and secret key in one .tar.gz."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from maklumat.ops.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database, uploaded files (letter scans) and the secret key into one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument("path", help="archive to write, e.g. /var/backups/maklumat/2025-07-01.tar.gz")

    def handle(self, *args, path, **options):
        try:
            backup_create(Path(path), log=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
