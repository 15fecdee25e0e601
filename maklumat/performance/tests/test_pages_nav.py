"""The menu entry "Kinerja" leads each role to the table or page it may see."""

from __future__ import annotations

import pytest

from maklumat.accounts.roles import Role
from maklumat.conftest import make_user
from maklumat.portal.navigation import items_for

pytestmark = pytest.mark.django_db


def _kinerja(user):
    return dict(items_for(user)).get("Kinerja")


def test_menu_leads_each_role_to_its_kinerja(blitar, supervisor, national, officer):
    assert _kinerja(make_user("kasi.blitar", Role.KASI, office=blitar)) == "/kantor/blitar/kinerja/"
    assert _kinerja(supervisor) == f"/kanwil/{blitar.kanwil.code}/kinerja/"
    assert _kinerja(national) == "/kinerja/nasional/"
    assert _kinerja(officer) is None
