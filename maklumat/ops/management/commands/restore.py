"""`maklumat restore PATH`: replace the database, uploaded files and secret key with a backup's."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from maklumat.ops.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a `maklumat backup` archive (replaces the database, uploaded files and secret key)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="archive written by `maklumat backup`")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help="do not ask for confirmation")

    def handle(self, *args, path, interactive, **options):
        if interactive:
            target = connection.settings_dict["NAME"]
            answer = input(f"This replaces the database {target}, every uploaded file and the secret key with "
                           f"the contents of {path}. Stop the web server and workers first.\nType 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("restore cancelled; nothing changed")
        try:
            backup_restore(Path(path), log=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        from django.db.migrations.loader import MigrationLoader

        from maklumat.ops.backup import applied_migrations  # after the restore: what the database holds now

        known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
        applied = {(app, name) for app, names in applied_migrations().items() for name in names}
        if known - applied:
            self.stdout.write("restore: the backup predates this version: run `maklumat migrate` now")
        self.stdout.write(self.style.SUCCESS("restore: done; restart the web server and the workers"))
