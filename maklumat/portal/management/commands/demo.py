"""`maklumat demo`: migrate, seed reference and demo data, then serve with gunicorn."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from maklumat.accounts.seed import DEMO_PASSWORD, demo_logins
from maklumat.lib.areas import area_modules
from maklumat.portal.management.commands.seed import run_seed_steps


class Command(BaseCommand):
    help = "Prepare a demo database (SQLite by default) and serve it on http://127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
        parser.add_argument("--no-serve", action="store_true", help="prepare the data and stop")

    def handle(self, *args, port, host, workers, no_serve, **options):
        started = time.monotonic()
        call_command("migrate", interactive=False, verbosity=0)
        with transaction.atomic():
            run_seed_steps("seed_reference", self.stdout.write)
            run_seed_steps("seed_demo", self.stdout.write)
        call_command("collectstatic", interactive=False, verbosity=0)
        url = f"http://{host}:{port}/"
        self._print_banner(url)
        self.stdout.write(f"Siap dalam {time.monotonic() - started:.1f} s.")
        if no_serve:
            return
        self._serve(host, port, workers)

    def _print_banner(self, url: str) -> None:
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Maklumat berjalan di {url}"))
        self.stdout.write(f"API (OpenAPI): {url}api/v1/docs")
        self.stdout.write(f"Login demo (kata sandi semua akun: {DEMO_PASSWORD}):")
        for label, username in demo_logins():
            self.stdout.write(f"  {label:<24} {username}")
        self.stdout.write("  (pengguna kantor lain: ganti 'blitar' dengan muara-enim, pamekasan, balikpapan)")
        self.stdout.write("")

    def _serve(self, host: str, port: int, workers: int) -> None:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "maklumat.settings",
               "MAKLUMAT_DATA_DIR": str(settings.DATA_DIR)}
        children = [
            subprocess.Popen([sys.executable, "-m", "maklumat", *command], env=env)
            for _, module in area_modules("workers")
            for command in module.WORKERS
        ]
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or "gunicorn"
        server = subprocess.Popen(
            [gunicorn, "maklumat.wsgi", "--bind", f"{host}:{port}", "--workers", str(workers),
             "--access-logfile", "-", "--graceful-timeout", "5"],
            env=env,
        )
        try:
            server.wait()
        except KeyboardInterrupt:
            server.send_signal(signal.SIGTERM)
            server.wait()
        finally:
            for child in children:
                child.terminate()
            for child in children:
                child.wait(timeout=10)
