"""A real worker survives its database connection being killed (PostgreSQL only).

Before the shared loop, both workers died on a one-second blip. Here the worker's server
connection is terminated (as a PostgreSQL restart does); the worker logs, reconnects and keeps
going, and stops with status 0 on SIGTERM.
"""

import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from django.db import connection


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_pickup_worker_survives_a_terminated_connection_and_stops_on_sigterm():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…) to kill the worker's connection")
    params = connection.settings_dict
    url = (f"postgres://{params['USER']}:{params.get('PASSWORD') or ''}@{params['HOST'] or '127.0.0.1'}:"
           f"{params['PORT'] or 5432}/{params['NAME']}")
    env = {**os.environ, "DATABASE_URL": url, "PYTHONUNBUFFERED": "1"}
    worker = subprocess.Popen([sys.executable, "-m", "maklumat", "pickup_cancel_expired", "--loop", "--interval", "1"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(worker.stdout.readline, "")), daemon=True)
    reader.start()

    def passes() -> int:
        return sum("paspor dibatalkan" in line for line in list(lines))

    def wait_for(condition, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not condition():
            time.sleep(0.1)
        return condition()

    try:
        assert wait_for(lambda: passes() >= 1), lines
        # when the server kills the worker's connection
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                           "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        before = passes()
        # then the worker reports the loss, reconnects and keeps passing
        assert wait_for(lambda: passes() >= before + 2), lines
        assert worker.poll() is None
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=15) == 0
    finally:
        if worker.poll() is None:
            worker.kill()
    reader.join(timeout=5)
    assert any("database unavailable" in line for line in lines), lines
