"""The seeded SOPs are the seeds' SOPs, versions are frozen history, and offices fall back."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from maklumat.portal.management.commands.seed import run_seed_steps
from maklumat.standards.models import Sop, SopStep, SopVersion
from maklumat.standards.selectors import sop_version_in_force, sop_versions_in_force
from maklumat.standards.services import sop_version_new_draft, sop_version_publish


def test_issuance_sop_has_the_eleven_steps_and_norms_of_seed_001(blitar):
    version = sop_version_in_force(office=blitar, kind="issuance", on=date(2025, 6, 1))
    steps = list(version.steps.values_list("order", "code", "norm_minutes"))
    assert [minutes for _, _, minutes in steps] == [5, 5, 5, 10, 5, 2, 10, 10, 5, 5, 2]
    assert steps[2][1] == "biometric" and steps[7][1] == "allocation"
    assert version.effective_date == date(2020, 11, 4)
    assert version.sop.office is None  # the default every office follows


def test_walk_in_complaint_sop_of_pamekasan_matches_seed_002(pamekasan):
    version = sop_version_in_force(office=pamekasan, kind="complaint_walk_in", on=date(2025, 1, 1))
    assert list(version.steps.values_list("norm_minutes", flat=True)) == [2, 30, 60, 60, 60, 60]
    assert list(version.steps.values_list("actor_role", flat=True)) == [
        "duta_layanan", "petugas_yankomas", "kasubsi", "kasi", "kasubsi", "petugas_yankomas"]


def test_social_media_complaint_sop_of_balikpapan_matches_seed_004(balikpapan):
    version = sop_version_in_force(office=balikpapan, kind="complaint_social_media", on=date(2025, 1, 1))
    assert list(version.steps.values_list("norm_minutes", flat=True)) == [10, 10, 10, 15, 10, 10]


def test_no_version_is_in_force_before_its_effective_date(pamekasan):
    assert sop_version_in_force(office=pamekasan, kind="complaint_walk_in", on=date(2024, 7, 2)) is None


def test_an_office_sees_its_own_sops_and_the_defaults(blitar, pamekasan):
    assert [v.sop.kind for v in sop_versions_in_force(office=blitar, on=date(2025, 1, 1))] == ["issuance"]
    assert [v.sop.kind for v in sop_versions_in_force(office=pamekasan, on=date(2025, 1, 1))] == [
        "complaint_walk_in", "issuance"]


def test_seeding_twice_changes_nothing(reference_data):
    before = (Sop.objects.count(), SopVersion.objects.count(), SopStep.objects.count())
    run_seed_steps("seed_reference", lambda message: None)
    assert (Sop.objects.count(), SopVersion.objects.count(), SopStep.objects.count()) == before == (3, 3, 23)


def test_a_new_version_copies_steps_and_leaves_the_old_one_untouched(blitar, officer):
    old = sop_version_in_force(office=blitar, kind="issuance", on=date(2025, 1, 1))
    draft = sop_version_new_draft(version=old, actor=officer)
    draft.steps.filter(code="biometric").update(norm_minutes=7)
    draft.effective_date = date(2026, 1, 1)
    draft.save()
    sop_version_publish(version=draft, actor=officer)
    assert sop_version_in_force(office=blitar, kind="issuance", on=date(2025, 12, 31)).pk == old.pk
    newer = sop_version_in_force(office=blitar, kind="issuance", on=date(2026, 1, 1))
    assert newer.pk == draft.pk and newer.steps.get(code="biometric").norm_minutes == 7
    assert old.steps.get(code="biometric").norm_minutes == 5


def test_publishing_twice_or_empty_is_refused(blitar, officer):
    old = sop_version_in_force(office=blitar, kind="issuance", on=date(2025, 1, 1))
    with pytest.raises(ValidationError, match="sudah diterbitkan"):
        sop_version_publish(version=old, actor=officer)
    empty = SopVersion.objects.create(sop=old.sop, number=9, effective_date=date(2027, 1, 1))
    with pytest.raises(ValidationError, match="tanpa langkah"):
        sop_version_publish(version=empty, actor=officer)
