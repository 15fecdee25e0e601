import pytest
from django.core.management import CommandError, call_command

from maklumat.accounts.models import ApiToken


def test_token_create_prints_a_token_that_only_its_hash_is_stored(officer, capsys):
    call_command("token", "create", officer.username, "--name", "kiosk 1")
    raw = capsys.readouterr().out.strip()
    token = ApiToken.objects.get(user=officer)
    assert raw.startswith("mkl_")
    assert token.digest == ApiToken.digest_of(raw) and raw not in token.digest
    assert token.name == "kiosk 1"


def test_token_create_for_unknown_user_fails_and_creates_nothing(db):
    with pytest.raises(CommandError, match="no user named 'ghost'"):
        call_command("token", "create", "ghost")
    assert ApiToken.objects.count() == 0


def test_token_creation_is_audited(officer):
    from maklumat.accounts.services import token_create
    from maklumat.audit.models import AuditEntry

    token_create(user=officer, actor=officer)
    entry = AuditEntry.objects.get(action="token.create")
    assert entry.actor == officer and entry.office == officer.office
