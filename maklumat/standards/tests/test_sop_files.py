"""The source documents' SOPs are named data files, one per document, loaded by ``seed_reference``."""

import hashlib
import json

import pytest

from maklumat.standards.models import SopVersion
from maklumat.standards.seed import SOP_DIR, SopFileError, _checked, sop_specs

STEP_FIELDS = ["order", "code", "actor_role", "actor_label", "norm_minutes", "activity_id", "activity_en",
               "requirements_id", "requirements_en", "output_id", "output_en", "notes_id", "notes_en"]


def rows_of(document_number: str) -> list:
    version = SopVersion.objects.select_related("sop").get(document_number=document_number)
    head = [version.sop.kind, version.sop.title_id, version.sop.title_en, version.document_number,
            version.effective_date.isoformat(), version.approved_by, version.is_published, version.number]
    steps = [[getattr(step, name) for name in STEP_FIELDS] for step in version.steps.order_by("order")]
    return [head, steps]


def digest(rows) -> str:
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()


# Digests (office and source text aside) of the rows that the 12-field tuples of ``standards/seed.py``
# produced before the move to files.
BEFORE_THE_MOVE = {
    "W.6.IMI.IMI.2.GR.04.02-1275": "99e8cdbab4cbe62067e2d13b17a3b5e4ff57fc9e9679f5b0df82a9010f6ed7ea",
    "W.15.IMI.IMI.10-OT.02.02-": "f221e507d50111926154ce52bd6ba92d621f2641df19bd6d1ddf188cecef0202",
    "W 18 IMI IMI 1-GR.01.14- 06582": "06d2b6cfdc10056f6ffaeee9b162da3d32a5d2f43927b950672e2ee8f23e66ed",
}


def test_sop_files_give_the_same_rows_as_the_tuples_they_replace(reference_data):
    assert {number: digest(rows_of(number)) for number in BEFORE_THE_MOVE} == BEFORE_THE_MOVE


def test_there_is_one_named_file_per_source_document():
    assert sorted(path.name for path in SOP_DIR.glob("*.json"))[:3] == [
        "001-issuance-muara-enim.json", "002-complaint-walk-in-pamekasan.json",
        "004-complaint-social-media-balikpapan.json"]
    by_document = {spec["document"]: spec for spec in sop_specs()}
    assert [len(by_document[doc]["steps"]) for doc in ("001", "002", "004")] == [11, 6, 6]


def test_a_file_with_an_unknown_field_or_role_is_refused():
    spec = json.loads((SOP_DIR / "002-complaint-walk-in-pamekasan.json").read_text())
    with pytest.raises(SopFileError, match="unknown \\['colour'\\]"):
        _checked({**spec, "colour": "red"}, "bad.json")
    spec["steps"][0]["actor_role"] = "janitor"
    with pytest.raises(SopFileError, match="unknown actor_role 'janitor'"):
        _checked(spec, "bad.json")


def test_existing_databases_move_001_to_muara_enim_and_drop_internal_names(muara_enim):
    import importlib

    from django.apps import apps

    from maklumat.standards.models import Sop

    migration = importlib.import_module("maklumat.standards.migrations.0002_own_issuance_sops")
    # Given a database seeded before: 001 as the default SOP, with "(seed 001)" in its public source
    version = SopVersion.objects.get(document_number="W.6.IMI.IMI.2.GR.04.02-1275")
    old_default = Sop.objects.get(kind="issuance", office__isnull=True)
    old_default.versions.all().delete()
    old_default.delete()
    Sop.objects.filter(pk=version.sop_id).update(office=None)
    SopVersion.objects.filter(pk=version.pk).update(source_document=version.source_document + " (seed 001)")
    # When the migration runs
    migration.forwards(apps, None)
    # Then 001 is Muara Enim's own SOP and its source names no internal document
    version.refresh_from_db()
    assert version.sop.office == muara_enim
    assert version.source_document == "SOP Kompensasi Antar Paspor, Kantor Imigrasi Kelas II Non TPI Muara Enim"
