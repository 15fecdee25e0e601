"""An office administrator manages only their own office in the admin."""

import pytest
from django.contrib.auth.models import Group

from maklumat.accounts.roles import Role
from maklumat.calendar.models import OfficeClosure
from maklumat.conftest import make_user


@pytest.fixture
def office_admin(blitar):
    from maklumat.accounts.seed import OFFICE_ADMIN_GROUP

    user = make_user("admin.blitar", Role.ADMINISTRATOR, office=blitar, is_staff=True)
    user.groups.add(Group.objects.get(name=OFFICE_ADMIN_GROUP))
    return user


def test_office_admin_sees_only_their_offices_closures(client_of, office_admin, blitar, balikpapan):
    OfficeClosure.objects.create(office=blitar, date="2025-10-03", reason="Listrik padam di Blitar")
    other = OfficeClosure.objects.create(office=balikpapan, date="2025-10-03", reason="Banjir di Balikpapan")
    client = client_of(office_admin)
    listing = client.get("/admin/office_calendar/officeclosure/").content.decode()
    assert "Listrik padam di Blitar" in listing and "Banjir di Balikpapan" not in listing
    assert client.get(f"/admin/office_calendar/officeclosure/{other.pk}/change/").status_code == 302


def test_office_admin_cannot_pick_another_office(client_of, office_admin, balikpapan):
    response = client_of(office_admin).post(
        "/admin/office_calendar/officeclosure/add/",
        {"office": balikpapan.pk, "date": "2025-10-04", "reason": "Coba-coba"},
    )
    assert response.status_code == 200  # form redisplayed with an error
    assert not OfficeClosure.objects.filter(reason="Coba-coba").exists()


def test_office_admin_sees_only_their_office_in_the_office_list(client_of, office_admin):
    listing = client_of(office_admin).get("/admin/offices/office/").content.decode()
    assert "Non TPI Blitar" in listing and "Balikpapan" not in listing
