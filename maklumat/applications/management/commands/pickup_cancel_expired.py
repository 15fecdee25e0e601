"""`maklumat pickup_cancel_expired`: cancel passports not collected within 30 days (idempotent)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from maklumat.applications.services import application_cancel_uncollected


class Command(BaseCommand):
    help = "Cancel passports not collected within 30 days of being ready; records why. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=0,
                            help="keep running, checking every N seconds (the demo worker)")

    def handle(self, *args, **options):
        while True:
            cancelled = application_cancel_uncollected(as_of=timezone.now())
            for application in cancelled:
                self.stdout.write(f"{application.office.code} {application.number}: dibatalkan")
            self.stdout.write(f"{len(cancelled)} paspor dibatalkan karena tidak diambil dalam 30 hari")
            if not options["every"]:
                return
            time.sleep(options["every"])
