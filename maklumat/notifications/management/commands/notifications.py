"""`maklumat notifications send [--loop] [--interval S] [--limit N]`: the outbox worker."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from maklumat.lib.worker import run_loop
from maklumat.notifications.services import messages_send_due


class Command(BaseCommand):
    help = "Send the notification outbox (retries with backoff; each message at most once)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        send = sub.add_parser("send", help="send the messages that are due")
        send.add_argument("--loop", action="store_true", help="keep sending (the demo and production worker)")
        send.add_argument("--interval", type=int, default=10, help="seconds between passes with --loop")
        send.add_argument("--limit", type=int, default=50, help="messages claimed per pass")

    def handle(self, *args, action, **options):
        loop, limit = options["loop"], max(1, options["limit"])

        def one_pass():
            result = messages_send_due(limit=limit)
            if result.sent or result.retried or result.failed or result.uncertain or not loop:
                self.stdout.write(f"notifikasi: {result.sent} terkirim, {result.retried} dicoba lagi, "
                                  f"{result.failed} gagal, {result.uncertain} tidak pasti, {result.skipped} ditolak")

        if not loop:
            one_pass()
            return
        run_loop(one_pass, interval=max(1, options["interval"]), name="notifications send")
