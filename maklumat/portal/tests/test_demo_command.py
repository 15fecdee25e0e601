from django.core.management import call_command

from maklumat.accounts.models import User
from maklumat.offices.models import Office


def test_demo_without_serving_seeds_idempotently_and_prints_logins(db, capsys, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    call_command("demo", "--no-serve")
    call_command("demo", "--no-serve")
    out = capsys.readouterr().out
    assert Office.objects.count() == 5
    assert User.objects.filter(role="kasubsi").count() == 5
    assert "kasubsi.blitar" in out and "maklumat-demo" in out and "http://127.0.0.1:8000/" in out
