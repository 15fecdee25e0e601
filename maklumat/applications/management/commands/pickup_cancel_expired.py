"""`maklumat pickup_cancel_expired [--loop [--interval N]]`: remind applicants 5 days before the pickup
period ends, and cancel passports not collected within it."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from maklumat.applications.services import application_cancel_uncollected, application_remind_uncollected
from maklumat.lib.worker import run_loop


class Command(BaseCommand):
    help = "Cancel passports not collected within 30 days of being ready; records why. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true",
                            help="keep running (the demo and production worker); stops on SIGTERM/SIGINT")
        parser.add_argument("--interval", type=int, default=3600, help="seconds between passes with --loop")
        parser.add_argument("--every", type=int, default=0, help="same as --loop --interval N (older spelling)")

    def handle(self, *args, loop, interval, every, **options):
        if every:
            loop, interval = True, every
        if not loop:
            self._one_pass()
            return
        run_loop(self._one_pass, interval=max(1, interval), name="pickup_cancel_expired")

    def _one_pass(self) -> None:
        now = timezone.now()
        reminded = application_remind_uncollected(as_of=now)
        if reminded:
            self.stdout.write(f"{len(reminded)} pengingat batas pengambilan diantrekan")
        cancelled = application_cancel_uncollected(as_of=now)
        for application in cancelled:
            self.stdout.write(f"{application.office.code} {application.number}: dibatalkan")
        self.stdout.write(f"{len(cancelled)} paspor dibatalkan karena tidak diambil dalam 30 hari")
