"""`maklumat demo`: migrate, seed reference and demo data, then serve with gunicorn and the workers.

SIGTERM/SIGINT stop gunicorn and every worker; a worker that dies is restarted (lib/supervisor.py).
"""

from __future__ import annotations

import errno
import os
import shutil
import socket
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from maklumat.accounts.seed import DEMO_PASSWORD, demo_logins
from maklumat.lib.areas import area_modules
from maklumat.lib.supervisor import Supervisor
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
        if not no_serve:
            problem = port_problem(host, port)
            if problem:
                raise CommandError(problem)
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
        self.stdout.write("  (pengguna kantor lain: ganti 'blitar' dengan muara-enim, pamekasan, balikpapan, jayapura)")
        self.stdout.write("")

    def _serve(self, host: str, port: int, workers: int) -> None:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "maklumat.settings",
               "MAKLUMAT_DATA_DIR": str(settings.DATA_DIR)}
        # The notification worker writes every message to the log in the demo, unless a gateway is set.
        for name in ("NOTIFY_EMAIL_BACKEND", "NOTIFY_SMS_BACKEND", "NOTIFY_WHATSAPP_BACKEND"):
            env.setdefault(name, "log")
        worker_commands = [[sys.executable, "-m", "maklumat", *command]
                           for _, module in area_modules("workers") for command in module.WORKERS]
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or "gunicorn"
        server = [gunicorn, "maklumat.wsgi", "--bind", _bind_address(host, port), "--workers", str(workers),
                  "--access-logfile", "-", "--graceful-timeout", "5"]
        status = Supervisor(server, worker_commands, env=env,
                            log=lambda line: self.stderr.write(f"demo: {line}")).run()
        if status:
            raise CommandError(f"gunicorn stopped with status {status} (see its messages above)")
        self.stdout.write("Maklumat dihentikan (server dan semua worker).")


def _bind_address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def port_problem(host: str, port: int) -> str | None:
    """Why gunicorn could not listen on host:port, or None (checked before any data is prepared)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        return f"cannot serve on {host!r}: {exc}"
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn does
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return (f"port {port} on {host} is already in use (another `maklumat demo` or server?); "
                        f"stop it or choose another port with --port N")
            return f"cannot listen on {host}:{port}: {exc.strerror or exc}"
    return None
