"""One scoping mechanism decides which offices a user reaches; outsiders get 404."""

from datetime import UTC, date, datetime

import pytest
from django.http import Http404

from maklumat.accounts.permissions import ActionsFor
from maklumat.offices.models import OfficeHours
from maklumat.offices.scoping import get_scoped_or_404, office_for, restrict, visible_offices


def codes(queryset):
    return sorted(office.code for office in queryset)


def test_office_officer_reaches_only_their_office(officer):
    assert codes(visible_offices(officer)) == ["blitar"]


def test_kanwil_supervisor_reaches_the_offices_of_their_kanwil(supervisor):
    assert codes(visible_offices(supervisor)) == ["blitar", "pamekasan"]


def test_national_supervisor_reaches_every_office(national):
    assert codes(visible_offices(national)) == ["balikpapan", "blitar", "jayapura", "muara-enim", "pamekasan"]


def test_anonymous_and_inactive_users_reach_nothing(officer):
    from django.contrib.auth.models import AnonymousUser

    assert codes(visible_offices(AnonymousUser())) == []
    officer.is_active = False
    assert codes(visible_offices(officer)) == []


def test_officer_without_office_reaches_nothing(reference_data):
    from maklumat.conftest import make_user

    assert codes(visible_offices(make_user("lost", "petugas_loket"))) == []


def test_office_for_another_office_is_404_like_a_missing_one(outsider):
    with pytest.raises(Http404):
        office_for(outsider, "blitar")
    with pytest.raises(Http404):
        office_for(outsider, "no-such-office")
    assert office_for(outsider, "balikpapan").code == "balikpapan"


def test_restrict_and_get_scoped_hide_rows_of_other_offices(blitar, balikpapan, officer, outsider):
    # Office hours are office rows like any other (each seeded office has Monday–Friday).
    monday = OfficeHours.objects.get(office=blitar, weekday=0)
    assert {row.office_id for row in restrict(OfficeHours.objects.all(), officer)} == {blitar.pk}
    with pytest.raises(Http404):
        get_scoped_or_404(OfficeHours.objects.all(), outsider, pk=monday.pk)
    assert get_scoped_or_404(OfficeHours.objects.all(), officer, pk=monday.pk) == monday


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
