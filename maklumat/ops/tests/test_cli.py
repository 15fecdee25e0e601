"""The `maklumat` script: help lists our commands first, --version, no silent data fork."""

import os
import subprocess
import sys
from pathlib import Path

import maklumat
from maklumat.lib.env import default_data_dir

PACKAGE_DIR = Path(maklumat.__file__).resolve().parent


def run(*args, cwd=None, **env):
    full_env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "MAKLUMAT_DATA_DIR"}}
    full_env.update(env)
    return subprocess.run([sys.executable, "-m", "maklumat", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=120)


def test_help_lists_maklumat_commands_first_with_one_line_each_then_djangos():
    done = run("--help")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    ours, theirs = out.index("Maklumat's commands:"), out.index("Django's commands:")
    assert ours < theirs
    own_block = out[ours:theirs].splitlines()[1:]
    names = [line.split()[0] for line in own_block if line.strip()]
    for command in ("backup", "complaints", "demo", "pickup_cancel_expired", "restore", "seed", "token"):
        assert command in names
    assert all(len(line.split(maxsplit=1)) == 2 for line in own_block if line.strip())  # name + one line
    assert "migrate" in out[theirs:]


def test_test_is_not_listed_and_points_to_pytest():
    out = run("--help").stdout
    listed = out[out.index("Maklumat's commands:"):out.index("Tests run with pytest")]
    names = {word.strip(",") for line in listed.splitlines() for word in line.split()[:1] + line.split("] ")[1:]}
    names |= {name.strip() for line in listed.splitlines() if "] " in line for name in line.split("] ")[1].split(",")}
    assert "migrate" in names and "test" not in names
    done = run("test")
    assert done.returncode == 2
    assert "pytest" in done.stderr


def test_version_prints_maklumats_version_from_package_metadata():
    from importlib.metadata import version

    done = run("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"maklumat {version('maklumat')}"


def test_default_data_directory_is_the_checkouts_var_whatever_the_working_directory():
    # the test run itself is an editable install of a checkout
    assert default_data_dir(PACKAGE_DIR) == PACKAGE_DIR.parent / "var"


def test_installed_package_keeps_its_data_in_xdg_data_home(tmp_path, monkeypatch):
    site_package = tmp_path / "site-packages" / "maklumat"
    site_package.mkdir(parents=True)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    assert default_data_dir(site_package) == tmp_path / "share" / "maklumat"


def test_settings_resolve_the_same_data_directory_from_another_working_directory(tmp_path):
    code = "import django; django.setup(); from django.conf import settings; print(settings.DATA_DIR)"
    env = {k: v for k, v in os.environ.items() if k != "MAKLUMAT_DATA_DIR"}
    env["DJANGO_SETTINGS_MODULE"] = "maklumat.settings"
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()) == PACKAGE_DIR.parent / "var"
    assert not (tmp_path / "var").exists()


def test_a_command_on_a_missing_database_names_the_data_directory_and_creates_no_database(tmp_path):
    data = tmp_path / "data"
    done = run("token", "list", "someone", MAKLUMAT_DATA_DIR=str(data))
    assert done.returncode == 2
    assert done.stdout == ""
    assert f"no database at {data / 'maklumat.sqlite3'}" in done.stderr
    assert f"data directory {data} (from MAKLUMAT_DATA_DIR)" in done.stderr
    assert "maklumat migrate" in done.stderr and "Traceback" not in done.stderr
    assert not (data / "maklumat.sqlite3").exists()


def test_a_command_on_an_unmigrated_database_says_so(tmp_path):
    import sqlite3

    data = tmp_path / "data"
    data.mkdir()
    sqlite3.connect(data / "maklumat.sqlite3").close()
    done = run("complaints", "sweep", MAKLUMAT_DATA_DIR=str(data))
    assert done.returncode == 2
    assert "is empty (not migrated)" in done.stderr and "MAKLUMAT_DATA_DIR" in done.stderr


def test_a_command_on_a_partly_migrated_database_asks_for_migrate(tmp_path):
    data = tmp_path / "data"
    assert run("migrate", "accounts", "0001", MAKLUMAT_DATA_DIR=str(data)).returncode == 0
    done = run("pickup_cancel_expired", MAKLUMAT_DATA_DIR=str(data))
    assert done.returncode == 2
    assert "unapplied migration(s)" in done.stderr and "maklumat migrate" in done.stderr


def test_an_unknown_command_is_reported_as_such_even_without_a_database(tmp_path):
    done = run("no-such-command", MAKLUMAT_DATA_DIR=str(tmp_path / "data"))
    assert done.returncode == 1
    assert "Unknown command: 'no-such-command'" in done.stderr


def test_a_commands_help_needs_no_database(tmp_path):
    done = run("backup", "--help", MAKLUMAT_DATA_DIR=str(tmp_path / "data"))
    assert done.returncode == 0 and "usage: maklumat backup" in done.stdout


def test_a_command_that_reads_only_files_runs_without_a_database(tmp_path):
    answers = tmp_path / "answers.csv"
    answers.write_text("u1,u2,u3,u4,u5,u6,u7,u8,u9\n4,4,4,4,4,4,4,4,4\n")
    done = run("ikm", "compute", "--input", str(answers), MAKLUMAT_DATA_DIR=str(tmp_path / "data"))
    assert done.returncode == 0, done.stderr
    assert '"respondents": 1' in done.stdout


def test_the_web_server_refuses_to_start_on_a_missing_database(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["MAKLUMAT_DATA_DIR"] = str(tmp_path / "data")
    done = subprocess.run([sys.executable, "-c", "import maklumat.wsgi"], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 1
    assert f"no database at {tmp_path / 'data' / 'maklumat.sqlite3'}" in done.stderr
    assert not (tmp_path / "data" / "maklumat.sqlite3").exists()


def test_the_web_server_starts_on_a_migrated_database(transactional_db):
    import importlib

    import maklumat.wsgi

    importlib.reload(maklumat.wsgi)  # the check passes on the test database
    assert callable(maklumat.wsgi.application)
