"""The one authorization path: declared actions, 404 outside reach before 403 for the wrong role."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404

from maklumat.accounts.permissions import ActionsFor, allowed_roles, authorize, may
from maklumat.offices.scoping import office_for


def test_an_undeclared_action_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured):
        allowed_roles("nosucharea.anything")
    with pytest.raises(ImproperlyConfigured):
        allowed_roles("unnamed")


@pytest.mark.django_db
def test_anonymous_may_nothing():
    from django.contrib.auth.models import AnonymousUser

    assert may(AnonymousUser(), "offices.view") is False
    with pytest.raises(PermissionDenied):
        authorize(AnonymousUser(), "offices.view")


def test_out_of_reach_is_404_before_the_role_is_looked_at(outsider, blitar):
    with pytest.raises(Http404):
        office_for(outsider, "blitar", action="offices.view")


def test_in_reach_the_declared_roles_decide(officer, national):
    assert office_for(officer, "blitar", action="offices.view").code == "blitar"
    assert ActionsFor(officer)["offices"]["view"] is True


def test_office_time_is_the_offices_own(blitar, balikpapan):
    moment = datetime(2026, 1, 13, 23, 30, tzinfo=UTC)  # 06:30 WIB / 07:30 WITA on the 14th
    assert blitar.local_date(moment) == date(2026, 1, 14)
    assert balikpapan.localtime(moment).hour == 7
    assert blitar.start_of_day(date(2026, 1, 14)).utcoffset().total_seconds() == 7 * 3600


def test_error_pages_are_styled_and_bilingual(client, outsider, db):
    client.force_login(outsider)
    response = client.get("/kantor/blitar/tidak-ada/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Tidak ditemukan" in body and "Not found" in body and "site-header" in body
