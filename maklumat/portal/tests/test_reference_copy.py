"""The suite's fast way back to the reference data after a transactional test's flush (conftest.py)
copies back exactly what the seed steps wrote."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from maklumat import conftest
from maklumat.accounts.seed import OFFICE_ADMIN_GROUP, OFFICE_ADMIN_PERMISSIONS
from maklumat.offices.models import Kanwil, Office


@pytest.mark.django_db(transaction=True)
def test_rows_copied_back_after_a_flush_equal_the_seeded_ones(reference_data):
    assert conftest._snapshot_reference() == conftest._REFERENCE_ROWS
    call_command("flush", "--noinput")  # resets the sequences too: the copy must set them past its ids
    assert not Office.objects.exists()
    conftest._restore_reference()
    assert conftest._snapshot_reference() == conftest._REFERENCE_ROWS
    assert Group.objects.get(name=OFFICE_ADMIN_GROUP).permissions.count() == len(OFFICE_ADMIN_PERMISSIONS)
    blitar = Office.objects.get(code="blitar")
    new = Office.objects.create(code="baru", name="Kantor Baru", office_class=blitar.office_class,
                                kanwil=Kanwil.objects.first(), time_zone=blitar.time_zone, city="Baru")
    assert new.pk > max(Office.objects.exclude(pk=new.pk).values_list("pk", flat=True))
