"""The yearly target of travel documents: seeded for Blitar 2024, set through an audited service."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from maklumat.accounts.roles import Role
from maklumat.audit.models import AuditEntry
from maklumat.conftest import make_user
from maklumat.performance.models import DocumentTarget
from maklumat.performance.services import document_target_set


@pytest.fixture
def kasi(blitar):
    return make_user("kasi.blitar", Role.KASI, office=blitar)


def test_blitar_2024_target_is_seeded_from_003(blitar):
    assert DocumentTarget.objects.get(office=blitar, year=2024).documents == 27_053


def test_kasi_changes_the_target_and_the_change_is_audited(blitar, kasi):
    document_target_set(actor=kasi, office=blitar, year=2024, documents=28_000)
    assert DocumentTarget.objects.get(office=blitar, year=2024).documents == 28_000
    entry = AuditEntry.objects.get(action="performance.target_set")
    assert (entry.actor, entry.office, entry.before, entry.after) == (
        kasi, blitar, {"documents": 27_053}, {"year": 2024, "documents": 28_000})


def test_a_new_year_target_is_created_and_audited_without_before(blitar, kasi):
    document_target_set(actor=kasi, office=blitar, year=2026, documents=30_000)
    entry = AuditEntry.objects.get(action="performance.target_set")
    assert (entry.before, entry.after) == (None, {"year": 2026, "documents": 30_000})


def test_setting_the_same_value_records_nothing(blitar, kasi):
    document_target_set(actor=kasi, office=blitar, year=2024, documents=27_053)
    assert not AuditEntry.objects.filter(action="performance.target_set").exists()


def test_kasubsi_may_not_set_a_target(blitar, kasubsi):
    with pytest.raises(PermissionDenied):
        document_target_set(actor=kasubsi, office=blitar, year=2025, documents=1)
    assert not DocumentTarget.objects.filter(office=blitar, year=2025).exists()


def test_another_office_kasi_gets_404(blitar, balikpapan):
    other = make_user("kasi.bpn", Role.KASI, office=balikpapan)
    with pytest.raises(Http404):
        document_target_set(actor=other, office=blitar, year=2025, documents=1)


@pytest.mark.parametrize(("year", "documents", "field"), [
    (1999, 10, "year"), (9999, 10, "year"), (2025, -1, "documents"), (2025, 10_000_000, "documents"),
    (2025, "10", "documents"),
])
def test_bad_targets_are_refused_naming_the_field(blitar, kasi, year, documents, field):
    with pytest.raises(ValidationError) as refused:
        document_target_set(actor=kasi, office=blitar, year=year, documents=documents)
    assert list(refused.value.message_dict) == [field]
    assert not AuditEntry.objects.filter(action="performance.target_set").exists()
