from django.core.management import call_command

from maklumat.accounts.models import User
from maklumat.applications.models import Application
from maklumat.offices.models import Office


def test_demo_without_serving_seeds_idempotently_and_prints_logins(db, capsys, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    # The history's volume is not what this test is about (the import path has its own tests): a
    # small year keeps the suite fast while every seeding step still runs twice.
    settings.DEMO_HISTORY_PER_OFFICE = 300
    settings.DEMO_SURVEY_SCALE = 0.05  # likewise the survey answers (satisfaction has its own seed test)
    call_command("demo", "--no-serve")
    call_command("demo", "--no-serve")
    out = capsys.readouterr().out
    assert Office.objects.count() == 5
    assert Application.objects.filter(office__code="blitar").count() > 300
    assert User.objects.filter(role="kasubsi").count() == 5
    assert "kasubsi.blitar" in out and "maklumat-demo" in out and "http://127.0.0.1:8000/" in out
