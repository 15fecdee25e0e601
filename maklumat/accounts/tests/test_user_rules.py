import pytest
from django.core.exceptions import ValidationError

from maklumat.accounts.models import User
from maklumat.accounts.roles import Role


def test_office_role_without_office_is_invalid(db):
    with pytest.raises(ValidationError, match="kantor"):
        User(username="x", role=Role.KASUBSI).clean()


def test_kanwil_supervisor_without_kanwil_is_invalid(db):
    with pytest.raises(ValidationError, match="Kanwil"):
        User(username="x", role=Role.SUPERVISOR_KANWIL).clean()


def test_reach_follows_role(officer, supervisor, national):
    assert (officer.reach, supervisor.reach, national.reach) == ("office", "kanwil", "national")
