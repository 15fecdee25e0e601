"""Models and migrations agree: a model change without its migration fails here, not on deploy."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db
@pytest.mark.usefixtures("migrations_on_disk")
def test_no_model_change_is_missing_its_migration():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:
        pytest.fail(f"makemigrations --check found missing migrations (exit {exc.code}):\n{out.getvalue()}")


@pytest.mark.django_db
@pytest.mark.usefixtures("migrations_on_disk")
def test_the_test_database_counts_as_fully_migrated():
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
