"""Login lockout (django-axes): wrong passwords lock the account and the address; an admin unlocks."""

from __future__ import annotations

from django.test import override_settings

from maklumat.audit.models import AuditEntry
from maklumat.conftest import make_user

RIGHT = "x-test-password-1"


def sign_in(client, username, password, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return client.post("/masuk/", {"username": username, "password": password}, **extra)


def test_the_sixth_wrong_password_in_a_minute_is_refused_even_when_right(client, officer):
    # given five wrong passwords for one account
    answers = [sign_in(client, officer.username, f"wrong-{n}").status_code for n in range(5)]
    # when the sixth try carries the right password
    sixth = sign_in(client, officer.username, RIGHT)
    # then the fifth failure already answers with the lockout, and the sixth is refused with it
    assert answers == [200, 200, 200, 200, 429]
    assert sixth.status_code == 429
    html = sixth.content.decode()
    assert "Login dikunci sementara" in html and "Too many failed sign-in attempts" in html
    assert "_auth_user_id" not in client.session


def test_the_account_is_locked_whatever_address_the_guesses_come_from(client, officer):
    # given five wrong passwords, each from another socket address (a distributed guess)
    for n in range(5):
        client.post("/masuk/", {"username": officer.username, "password": "wrong"}, REMOTE_ADDR=f"10.0.0.{n + 1}")
    # when the right password comes from yet another address
    response = client.post("/masuk/", {"username": officer.username, "password": RIGHT}, REMOTE_ADDR="10.0.0.99")
    # then the account stays locked
    assert response.status_code == 429


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_a_new_forwarded_for_per_guess_does_not_escape_the_address_lockout(client, officer, db):
    # given five wrong passwords for five different accounts, each claiming another X-Forwarded-For
    for n in range(5):
        sign_in(client, f"guess{n}", "wrong", forwarded=f"203.0.113.{n + 1}")
    # when a sixth try, with a fresh X-Forwarded-For, names a real account and its right password
    response = sign_in(client, officer.username, RIGHT, forwarded="198.51.100.7")
    # then the address (the socket address: no proxy is trusted) is locked out
    assert response.status_code == 429


def test_a_correct_login_under_the_limit_succeeds(client, officer):
    for n in range(4):
        sign_in(client, officer.username, f"wrong-{n}")
    response = sign_in(client, officer.username, RIGHT)
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(officer.pk)


def test_an_administrator_unlocks_a_login_and_the_unlock_is_audited(client, officer):
    # given a locked account
    for n in range(5):
        sign_in(client, officer.username, f"wrong-{n}")
    assert sign_in(client, officer.username, RIGHT).status_code == 429
    # when an administrator uses "Buka kunci login" on it
    admin_user = make_user("root", "administrator", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    response = client.post("/admin/accounts/user/", {"action": "unlock_login", "_selected_action": [officer.pk]})
    client.logout()
    # then the unlock is audited and the officer signs in again
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="admin.login_unlock")
    assert (entry.actor, entry.object_id, entry.office) == (admin_user, str(officer.pk), officer.office)
    assert entry.summary.startswith("Admin: kunci login loket.blitar dibuka")
    assert sign_in(client, officer.username, RIGHT).status_code == 302
