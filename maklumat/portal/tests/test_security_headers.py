"""Security headers, the Content-Security-Policy without inline script, HTTPS settings and
`check --deploy` with production settings (issue 12 item 3)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

import maklumat

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'self'; frame-ancestors 'none'; form-action 'self'")


def directives(header: str) -> set[str]:
    """The policy's directives, whatever order the library writes them in."""
    return {part.strip() for part in header.split(";")}


TEMPLATES = sorted(Path(maklumat.__file__).parent.glob("**/templates/**/*.html"))


@pytest.fixture
def sample_pages(blitar, kasubsi):
    """Home, standards, login, board, kiosk, ticket, complaint form, survey and dashboards.

    The kiosk is opened in a browser of its own, paired as a kiosk device (never under a staff login)."""
    from django.test import Client

    from maklumat.queueing.kiosk_devices import kiosk_device_register
    from maklumat.queueing.models import Series, Step
    from maklumat.queueing.services import officer_ticket_issue
    from maklumat.satisfaction.tests.factories import invite

    ticket = officer_ticket_issue(office=blitar, actor=kasubsi, series=Series.objects.get(office=blitar, code="A"),
                                  step=Step.objects.filter(office=blitar).first())
    token = invite(blitar).token
    _device, code = kiosk_device_register(actor=kasubsi, office=blitar, name="Kiosk lobi")
    kiosk = Client()
    kiosk.post("/kiosk/pasang/", {"kode": code})
    public = ["/", "/kantor/blitar/standar/", "/masuk/", "/pengaduan/", f"/survei/{token}/"]
    staff = ["/kantor/blitar/antrian/layar/",
             f"/kantor/blitar/antrian/tiket/{ticket.pk}/", "/dasbor/", "/kantor/blitar/ikm/"]
    return public, staff, kiosk


def test_every_sample_page_carries_the_policy_headers(client, client_of, kasubsi, sample_pages):
    # given public pages and the staff pages of Blitar (board, kiosk, ticket, dashboards)
    public, staff, kiosk = sample_pages
    staff_client = client_of(kasubsi)
    opened = [(client, path) for path in public] + [(staff_client, path) for path in staff]
    for browser, path in [*opened, (kiosk, "/kantor/blitar/antrian/kiosk/")]:
        # when each page is opened
        response = browser.get(path)
        # then it answers and carries every header
        assert response.status_code == 200, path
        assert directives(response["Content-Security-Policy"]) == directives(CSP), path
        assert response["Referrer-Policy"] == "same-origin", path
        assert response["X-Frame-Options"] == "DENY", path
        assert response["X-Content-Type-Options"] == "nosniff", path
        permissions = response["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
            assert feature in permissions, (path, feature)


def test_error_pages_carry_the_policy_too(client, reference_data):
    response = client.get("/kantor/atlantis/standar/")
    assert response.status_code == 404
    assert directives(response["Content-Security-Policy"]) == directives(CSP)


def test_the_templates_are_found():
    assert len(TEMPLATES) > 50


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p).split("maklumat/", 1)[-1])
def test_no_template_holds_inline_script_handlers_or_styles(template):
    text = template.read_text()
    for tag in re.findall(r"<script\b[^>]*>", text, flags=re.IGNORECASE):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert not re.search(r"\son[a-z]+\s*=", text, flags=re.IGNORECASE), "an on*= handler"
    assert "javascript:" not in text.lower()
    assert not re.search(r"\sstyle\s*=", text, flags=re.IGNORECASE), "an inline style="
    assert "<style" not in text.lower()


def test_htmx_is_told_not_to_inject_its_inline_indicator_style(client, reference_data):
    html = client.get("/").content.decode()
    assert """<meta name="htmx-config" content='{"includeIndicatorStyles": false}'>""" in html


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_plain_http_is_redirected_but_the_health_check_is_not(reference_data):
    client = Client()  # a fresh handler reads the overridden settings
    assert client.get("/kantor/blitar/standar/").status_code == 301
    assert client.get("/kantor/blitar/standar/")["Location"] == "https://testserver/kantor/blitar/standar/"
    assert client.get("/health/").status_code != 301


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
                   SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_behind_the_proxy_https_pages_carry_hsts(reference_data):
    response = Client().get("/kantor/blitar/standar/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


PRODUCTION = {
    "DEBUG": "false",
    "SECURE_COOKIES": "true",
    "SECRET_KEY": "p" * 20 + "-production-secret-key-of-more-than-fifty-characters-0123456789",
    "ALLOWED_HOSTS": "maklumat.imigrasi-blitar.example",
    "TRUST_X_FORWARDED_PROTO": "true",
}


def _run(code: str, tmp_path, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"SECURE_HSTS_SECONDS", "SECURE_SSL_REDIRECT"}}
    environment.update(DJANGO_SETTINGS_MODULE="maklumat.settings", MAKLUMAT_DATA_DIR=str(tmp_path), **env)
    return subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True, timeout=120)


def test_secure_cookies_switch_on_hsts_for_a_year_and_the_https_redirect(tmp_path):
    shown = _run("from django.conf import settings as s; import django; django.setup(); "
                 "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT, "
                 "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)", tmp_path, SECURE_COOKIES="true")
    assert shown.stdout.split() == ["31536000", "True", "True", "True", "True"], shown.stderr
    plain = _run("from django.conf import settings as s; import django; django.setup(); "
                 "print(s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT)", tmp_path, SECURE_COOKIES="false")
    assert plain.stdout.split() == ["0", "False"], plain.stderr


def test_check_deploy_prints_no_warning_with_production_settings(tmp_path):
    # given the production environment (DEBUG off, HTTPS cookies, a long secret key, the host name)
    # when Django's deployment checklist runs, failing on any warning
    result = _run("import django; django.setup(); from django.core.management import call_command; "
                  "call_command('check', '--deploy', '--fail-level', 'WARNING')", tmp_path, **PRODUCTION)
    # then it passes and reports nothing
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout
