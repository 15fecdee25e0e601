"""The seeded SOPs are the seeds' SOPs, versions are frozen history, and offices fall back."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from maklumat.accounts.roles import Role
from maklumat.conftest import make_user
from maklumat.standards.models import Sop, SopStep, SopVersion
from maklumat.standards.seed import seed_reference
from maklumat.standards.selectors import sop_version_in_force, sop_versions_in_force
from maklumat.standards.services import sop_version_new_draft, sop_version_publish


def test_muara_enim_publishes_the_eleven_steps_and_norms_of_its_sop_001(muara_enim):
    version = sop_version_in_force(office=muara_enim, kind="issuance", on=date(2025, 6, 1))
    steps = list(version.steps.values_list("order", "code", "norm_minutes"))
    assert [minutes for _, _, minutes in steps] == [5, 5, 5, 10, 5, 2, 10, 10, 5, 5, 2]
    assert steps[2][1] == "biometric" and steps[7][1] == "allocation"
    assert version.effective_date == date(2020, 11, 4)
    assert version.sop.office == muara_enim
    assert version.document_number == "W.6.IMI.IMI.2.GR.04.02-1275"


@pytest.mark.parametrize("code", ["blitar", "pamekasan", "balikpapan"])
def test_other_offices_publish_their_own_issuance_sop_based_on_001_without_its_number(reference_data, code):
    from maklumat.offices.models import Office

    office = Office.objects.get(code=code)
    version = sop_version_in_force(office=office, kind="issuance", on=date(2025, 6, 1))
    assert version.sop.office == office
    assert version.document_number == ""  # for the office to fill in
    assert version.approved_by == "" and version.source_document == ""
    # 001's steps and norms, without Muara Enim's delivery-compensation receipt (its own policy).
    assert list(version.steps.values_list("norm_minutes", flat=True)) == [5, 5, 5, 10, 5, 2, 10, 10, 5, 5]
    assert "delivery_receipt" not in set(version.steps.values_list("code", flat=True))
    allocation = version.steps.get(code="allocation")
    assert allocation.notes_id == "Alokasi paspor maksimal 2 hari kerja setelah pembayaran PNBP."


def test_an_office_without_its_own_sop_follows_the_numberless_default(jayapura):
    version = sop_version_in_force(office=jayapura, kind="issuance", on=date(2025, 6, 1))
    assert version.sop.office is None and version.document_number == ""


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
    seed_reference(lambda message: None)
    # 001, 002, 004, and the own issuance SOPs of Blitar, Pamekasan, Balikpapan and the default.
    assert (Sop.objects.count(), SopVersion.objects.count(), SopStep.objects.count()) == before == (7, 7, 63)


def test_seeding_again_after_an_office_filled_in_its_number_adds_no_version(blitar):
    version = sop_version_in_force(office=blitar, kind="issuance", on=date(2025, 6, 1))
    SopVersion.objects.filter(pk=version.pk).update(document_number="W.15.IMI.IMI.7-UM.01.01-0001")
    seed_reference(lambda message: None)
    assert version.sop.versions.count() == 1


@pytest.fixture
def head_of_blitar(blitar):
    return make_user("kepala.blitar", Role.KEPALA_KANTOR, office=blitar)


def test_a_new_version_copies_steps_and_leaves_the_old_one_untouched(blitar, head_of_blitar):
    officer = head_of_blitar
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


def test_publishing_twice_or_empty_is_refused(blitar, head_of_blitar):
    officer = head_of_blitar
    old = sop_version_in_force(office=blitar, kind="issuance", on=date(2025, 1, 1))
    with pytest.raises(ValidationError, match="sudah diterbitkan"):
        sop_version_publish(version=old, actor=officer)
    empty = SopVersion.objects.create(sop=old.sop, number=9, effective_date=date(2027, 1, 1))
    with pytest.raises(ValidationError, match="tanpa langkah"):
        sop_version_publish(version=empty, actor=officer)


def test_publishing_needs_the_declared_role_in_reach_and_the_default_needs_national(
        blitar, officer, outsider, head_of_blitar, national, muara_enim):
    blitar_sop = sop_version_in_force(office=blitar, kind="issuance", on=date(2025, 1, 1))
    with pytest.raises(PermissionDenied):  # a counter officer of Blitar: wrong role
        sop_version_new_draft(version=blitar_sop, actor=officer)
    with pytest.raises(Http404):  # Balikpapan's officer: out of reach
        sop_version_new_draft(version=blitar_sop, actor=outsider)
    default = SopVersion.objects.get(sop__kind="issuance", sop__office__isnull=True)
    with pytest.raises(PermissionDenied):  # an office's head may not change every office's default
        sop_version_new_draft(version=default, actor=head_of_blitar)
    assert SopVersion.objects.filter(sop=blitar_sop.sop).count() == 1
