"""`maklumat complaints sweep [--loop]` (SLA worker) and `maklumat complaints mail PATH --office CODE`."""

from __future__ import annotations

import imaplib
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from maklumat.complaints.inbound import mailbox_import
from maklumat.complaints.mail import read_imap
from maklumat.complaints.sla import complaints_sweep
from maklumat.lib.worker import run_loop
from maklumat.offices.models import Office


class Command(BaseCommand):
    help = "Complaint workers: the SLA sweep and the e-mail intake."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sweep = sub.add_parser("sweep", help="warn before due times, mark breaches, notify the next level")
        sweep.add_argument("--loop", action="store_true", help="keep sweeping (the demo and production worker)")
        sweep.add_argument("--interval", type=int, default=60, help="seconds between sweeps with --loop")
        mail = sub.add_parser("mail", help="read a maildir, mbox or IMAP folder and open or thread complaints")
        mail.add_argument("path", help="maildir directory, mbox file, or imaps://user@host/INBOX "
                                       "(password in COMPLAINTS_IMAP_PASSWORD)")
        mail.add_argument("--office", required=True, help="office code the mailbox belongs to")

    def handle(self, *args, action, **options):
        if action == "sweep":
            self._sweep(options["loop"], options["interval"])
        else:
            self._mail(options["path"], options["office"])

    def _sweep(self, loop: bool, interval: int) -> None:
        def one_pass():
            result = complaints_sweep()
            if result.warned or result.breached or not loop:
                self.stdout.write(f"sweep: {result.warned} peringatan, {result.breached} pelanggaran tenggat, "
                                  f"{result.notices} notifikasi")

        if not loop:
            one_pass()
            return
        run_loop(one_pass, interval=max(1, interval), name="complaints sweep")

    def _mail(self, source: str, office_code: str) -> None:
        office = Office.objects.filter(code=office_code).first()
        if office is None:
            raise CommandError(f"office {office_code!r} does not exist")
        if source.startswith(("imap://", "imaps://")):
            password = os.environ.get("COMPLAINTS_IMAP_PASSWORD", "")
            if not password:
                raise CommandError("set COMPLAINTS_IMAP_PASSWORD to read an IMAP folder")
            try:
                messages = read_imap(source, password, office.tz)
            except (OSError, ValueError, imaplib.IMAP4.error) as exc:
                raise CommandError(f"IMAP: {exc}") from exc
            result = mailbox_import(office=office, messages=messages)
        else:
            path = Path(source)
            if not path.exists():
                raise CommandError(f"{path} does not exist")
            result = mailbox_import(path=path, office=office)
        self.stdout.write(f"mail: {result.opened} pengaduan baru, {result.threaded} balasan terhubung, "
                          f"{result.skipped} sudah dibaca")
