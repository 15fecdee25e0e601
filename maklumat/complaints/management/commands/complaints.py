"""`maklumat complaints sweep [--loop]` (SLA worker), `maklumat complaints mail PATH --office CODE`
and `maklumat complaints import-lapor --office CODE --input FILE` (SP4N-LAPOR! forwards)."""

from __future__ import annotations

import imaplib
import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from maklumat.complaints.inbound import mailbox_import
from maklumat.complaints.mail import read_imap
from maklumat.complaints.sla import complaints_sweep
from maklumat.lib.worker import run_loop
from maklumat.offices.models import Office

# Bad input (the import's file or arguments): the same code as `applications import`.
EXIT_BAD_INPUT = 2


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
        lapor = sub.add_parser("import-lapor", help="open complaints forwarded from SP4N-LAPOR! (CSV/XLSX export)")
        lapor.add_argument("--office", required=True, help="office code the reports were forwarded to")
        lapor.add_argument("--input", required=True, help="the SP4N-LAPOR! export: .csv or .xlsx")

    def handle(self, *args, action, **options):
        if action == "sweep":
            self._sweep(options["loop"], options["interval"])
        elif action == "import-lapor":
            self._lapor(options["office"], options["input"])
        else:
            self._mail(options["path"], options["office"])

    def _sweep(self, loop: bool, interval: int) -> None:
        def one_pass():
            result = complaints_sweep()
            if result.warned or result.breached or result.closed or not loop:
                self.stdout.write(f"sweep: {result.warned} peringatan, {result.breached} pelanggaran tenggat, "
                                  f"{result.notices} notifikasi, {result.closed} ditutup otomatis")

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

    def _lapor(self, office_code: str, source: str) -> None:
        """Exit 2 with ``line N: field: reason`` on stderr when anything is wrong; nothing is stored then."""
        from maklumat.complaints.lapor import LaporFileError, lapor_import

        office = None if "\x00" in office_code else Office.objects.filter(code=office_code[:60]).first()
        path = Path(source)
        try:
            if office is None:
                raise LaporFileError([f"line 0: office: unknown office code {office_code[:60]!r}"])
            if not path.is_file():
                raise LaporFileError([f"line 0: input: {source[:200]} is not a file"])
            result = lapor_import(office=office, path=path)
        except LaporFileError as exc:
            for line in exc.lines:
                sys.stderr.write(line + "\n")
            sys.stderr.flush()
            raise SystemExit(EXIT_BAD_INPUT) from None
        self.stdout.write(f"import-lapor: {len(result.opened)} pengaduan baru, {len(result.skipped)} sudah ada")
        for code in result.opened:
            self.stdout.write(code)
