"""The `maklumat` console script: every Django management command plus our own.

Before a command that needs the database runs, the script checks that the database exists and
is migrated; otherwise it names the data directory and ``MAKLUMAT_DATA_DIR`` and exits 2 (instead
of creating an empty database somewhere unexpected and failing with a traceback).
"""

from __future__ import annotations

import os
import sys

# Commands that create or do not need a migrated database. A command of ours can also say so
# itself with a class attribute ``needs_database = False``.
NO_DATABASE_NEEDED = frozenset({
    "ikm",  # `ikm compute` reads a CSV file only
    "migrate", "demo", "seed", "restore", "help", "check", "makemigrations", "showmigrations",
    "sqlmigrate", "squashmigrations", "collectstatic", "findstatic", "compilemessages", "makemessages",
    "startapp", "startproject", "diffsettings", "version", "optimizemigration", "shell", "dbshell",
    "sendtestemail",
})
HIDDEN = frozenset({"test", "testserver", "startapp", "startproject"})
TEST_HINT = "maklumat: the tests run with pytest: .venv/bin/pytest (see the README)"


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maklumat.settings")
    argv = sys.argv[1:]
    if argv[:1] in (["--version"], ["version"]):
        print(f"maklumat {maklumat_version()}")
        return
    if not argv or argv in (["help"], ["--help"], ["-h"]):
        import django

        django.setup()
        print(help_text())
        return
    if argv[0] == "test":
        print(TEST_HINT, file=sys.stderr)
        sys.exit(2)

    import django

    django.setup()
    if needs_database(argv):
        problem = database_problem()
        if problem:
            print(problem, file=sys.stderr)
            sys.exit(2)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["maklumat", *argv])


def needs_database(argv: list[str]) -> bool:
    from django.core.management import get_commands

    command = argv[0]
    asks_help = any(arg in ("--help", "-h") for arg in argv[1:])
    app = get_commands().get(command)
    if app is None or command in NO_DATABASE_NEEDED or asks_help:
        return False
    from django.core.management import load_command_class

    return getattr(load_command_class(app, command), "needs_database", True)


def maklumat_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("maklumat")
    except PackageNotFoundError:
        return "unknown (not installed)"


def help_text() -> str:
    """Maklumat's own commands first with one line each, then Django's, grouped by app."""
    from django.core.management import get_commands, load_command_class

    ours: list[tuple[str, str]] = []
    theirs: dict[str, list[str]] = {}
    for name, app in sorted(get_commands().items()):
        if name in HIDDEN:
            continue
        if app.startswith("maklumat"):
            try:
                summary = (load_command_class(app, name).help or "").strip().splitlines()[0]
            except Exception as exc:  # a broken command must not hide the others
                summary = f"(cannot load: {exc})"
            ours.append((name, summary))
        else:
            theirs.setdefault(app.rpartition(".")[2], []).append(name)
    width = max((len(name) for name, _ in ours), default=0)
    lines = [
        f"Maklumat {maklumat_version()}",
        "",
        "Usage: maklumat <command> [options]    (maklumat <command> --help for a command's options)",
        "       maklumat --version",
        "",
        "Maklumat's commands:",
        *(f"  {name:<{width}}  {summary}" for name, summary in ours),
        "",
        "Django's commands:",
    ]
    for app, names in sorted(theirs.items()):
        lines.append(f"  [{app}] " + ", ".join(names))
    lines += ["", "Tests run with pytest (.venv/bin/pytest), not `maklumat test`."]
    return "\n".join(lines)


def database_problem(*, unreachable_is_a_problem: bool = True) -> str | None:
    """A message naming the data directory when the database is missing or not migrated, else None.

    The web server passes ``unreachable_is_a_problem=False``: a database that is down at boot may
    come back (``/health/`` answers 503 meanwhile), whereas a missing or empty one will not.
    """
    from django.conf import settings
    from django.db import DatabaseError, connection

    origin = "from MAKLUMAT_DATA_DIR" if settings.DATA_DIR_FROM_ENV else "the default; MAKLUMAT_DATA_DIR is not set"
    where = f"data directory {settings.DATA_DIR} ({origin})"
    fix = ("Run `maklumat migrate` (and `maklumat seed`) to create it, `maklumat demo` for demo data, "
           "or set MAKLUMAT_DATA_DIR to the directory that holds your data"
           + (" / DATABASE_URL to your database." if connection.vendor != "sqlite" else "."))
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict["NAME"])
        if not name.startswith((":memory:", "file:")) and not os.path.exists(name):
            return f"maklumat: no database at {name}\n  {where}\n  {fix}"
        label = name
    else:
        label = f"{connection.settings_dict.get('NAME')!r} ({connection.vendor})"
    try:
        tables = connection.introspection.table_names()
    except DatabaseError as exc:
        if not unreachable_is_a_problem:
            return None
        return f"maklumat: cannot open the {label}: {exc}\n  {where}\n  Check DATABASE_URL or MAKLUMAT_DATA_DIR."
    if "django_migrations" not in tables:
        return f"maklumat: the database {label} is empty (not migrated)\n  {where}\n  {fix}"
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        return (f"maklumat: the database {label} has {len(pending)} unapplied migration(s) "
                f"(e.g. {pending[0][0].app_label}.{pending[0][0].name})\n  {where}\n"
                "  Run `maklumat migrate` first (after an upgrade, see the README's 'Running in production').")
    return None


if __name__ == "__main__":
    main()
