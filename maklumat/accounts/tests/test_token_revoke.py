"""`maklumat token revoke` takes the token as `token create` printed it, or its prefix."""

import pytest
from django.core.management import CommandError, call_command

from maklumat.accounts.models import ApiToken
from maklumat.accounts.services import token_authenticate, token_create


def test_revoke_accepts_the_full_token_as_printed(officer, capsys):
    raw = token_create(user=officer)
    call_command("token", "revoke", raw)
    assert ApiToken.objects.get().revoked_at is not None
    assert token_authenticate(raw) is None
    assert capsys.readouterr().out.strip() == f"revoked {raw[4:12]}…"


def test_revoke_accepts_the_prefix_as_listed_with_or_without_the_ellipsis(officer):
    first, second = token_create(user=officer, name="a"), token_create(user=officer, name="b")
    # "--": a random prefix may start with "-", which argparse would read as an option.
    call_command("token", "revoke", "--", first[4:12])
    call_command("token", "revoke", "--", f"{second[4:12]}…")
    assert ApiToken.objects.filter(revoked_at__isnull=True).count() == 0


def test_revoke_of_an_unknown_token_fails_and_changes_nothing(officer):
    raw = token_create(user=officer)
    with pytest.raises(CommandError, match="no active token is 'mkl_nothing'"):
        call_command("token", "revoke", "mkl_nothing")
    assert token_authenticate(raw) == officer
