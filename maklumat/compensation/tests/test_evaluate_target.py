"""`maklumat compensation evaluate` never damages its output target, also when the shell appends (>>)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

MAKLUMAT = str(Path(sys.executable).parent / "maklumat")
GOOD = json.dumps({"id": "A1", "service": "baru", "booking": "m_paspor", "smart_queue": True,
                   "events": {"biometric_ticket": "2025-05-08T08:00:00+07:00",
                              "biometric_start": "2025-05-08T10:01:00+07:00"}})
BAD = json.dumps({"id": "A2", "service": "baru", "booking": "fax"})
EXISTING = b'{"id": "OLD-1", "decision": "eligible"}\n{"id": "OLD-2", "decision": "pending"}\n'


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user, host, port = settings.get("USER") or "postgres", settings.get("HOST") or "127.0.0.1", settings.get("PORT")
    return f"postgres://{user}@{host}:{port or 5432}/{settings['NAME']}"


def evaluate_into(tmp_path: Path, lines: list[str], redirect: str) -> subprocess.CompletedProcess:
    """Run the command in a shell with its stdout redirected (``>>`` or ``>``) onto results.jsonl."""
    source = tmp_path / "input.jsonl"
    source.write_text("".join(line + "\n" for line in lines))
    env = {**os.environ, "DATABASE_URL": database_url(), "MAKLUMAT_DATA_DIR": str(tmp_path / "var")}
    command = (f'"{MAKLUMAT}" compensation evaluate --office blitar --input "{source}" '
               f'--as-of 2025-05-08T16:00:00+07:00 {redirect} "{tmp_path / "results.jsonl"}"')
    return subprocess.run(["sh", "-c", command], env=env, capture_output=True, timeout=120, check=False)


@pytest.mark.django_db(transaction=True)
def test_failing_run_appending_to_a_file_leaves_it_exactly_as_it_was(blitar, tmp_path):
    # Given a results file with earlier answers
    target = tmp_path / "results.jsonl"
    target.write_bytes(EXISTING)
    # When a run with one bad line appends to it
    done = evaluate_into(tmp_path, [GOOD, BAD, GOOD], ">>")
    # Then it fails with exit 2, names the line and field, prints nothing, and the file is untouched
    assert done.returncode == 2, done.stderr
    assert done.stdout == b""
    assert b"line 2: booking:" in done.stderr
    assert target.read_bytes() == EXISTING


@pytest.mark.django_db(transaction=True)
def test_good_run_appends_after_the_existing_answers(blitar, tmp_path):
    target = tmp_path / "results.jsonl"
    target.write_bytes(EXISTING)
    done = evaluate_into(tmp_path, [GOOD], ">>")
    assert done.returncode == 0, done.stderr
    content = target.read_bytes()
    assert content.startswith(EXISTING)
    [answer] = [json.loads(row) for row in content[len(EXISTING):].splitlines()]
    assert (answer["id"], answer["policy"], answer["decision"]) == ("A1", "blitar-2025", "eligible")
