"""Reference data: the service catalogue and the SOPs of the source documents 001, 002 and 004.

The SOPs are named data, one JSON file per document in ``standards/sops/``.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.db import transaction

from maklumat.accounts.roles import Role
from maklumat.offices.models import Office
from maklumat.standards.models import Service, Sop, SopKind, SopStep, SopVersion

PASSPORT_FEES_ID = (
    "Paspor biasa 5 tahun Rp350.000 / 10 tahun Rp650.000; paspor elektronik 5 tahun Rp650.000 / "
    "10 tahun Rp950.000 (PP 45/2024)."
)
PASSPORT_FEES_EN = (
    "Ordinary passport 5 years Rp350,000 / 10 years Rp650,000; electronic passport 5 years "
    "Rp650,000 / 10 years Rp950,000 (Government Regulation 45/2024)."
)
BASIC_REQUIREMENTS_ID = "KTP-el; Kartu Keluarga; akta kelahiran, ijazah, buku nikah atau surat baptis."
BASIC_REQUIREMENTS_EN = "Electronic ID card; family card; birth certificate, diploma, marriage book or baptism letter."

SERVICES = [
    {
        "code": "baru", "order": 10, "sop_kind": SopKind.ISSUANCE, "completion_working_days": 3,
        "name_id": "Paspor baru", "name_en": "New passport",
        "description_id": "Penerbitan paspor untuk pemohon yang belum pernah memiliki paspor.",
        "description_en": "Issuing a passport to an applicant who never had one.",
        "requirements_id": BASIC_REQUIREMENTS_ID, "requirements_en": BASIC_REQUIREMENTS_EN,
        "fee_note_id": PASSPORT_FEES_ID, "fee_note_en": PASSPORT_FEES_EN,
    },
    {
        "code": "penggantian", "order": 20, "sop_kind": SopKind.ISSUANCE, "completion_working_days": 3,
        "name_id": "Penggantian paspor (habis berlaku / halaman penuh)",
        "name_en": "Passport replacement (expired / pages full)",
        "description_id": "Penggantian paspor yang masa berlakunya habis atau halamannya penuh.",
        "description_en": "Replacing a passport that expired or whose pages are full.",
        "requirements_id": "KTP-el; paspor lama.", "requirements_en": "Electronic ID card; the old passport.",
        "fee_note_id": PASSPORT_FEES_ID, "fee_note_en": PASSPORT_FEES_EN,
    },
    {
        "code": "hilang", "order": 30, "sop_kind": SopKind.ISSUANCE, "completion_working_days": None,
        "name_id": "Penggantian paspor hilang", "name_en": "Replacement of a lost passport",
        "description_id": "Melalui pemeriksaan (BAP) sesuai SOP Paspor Hilang, Rusak, atau Ganda.",
        "description_en": "After an examination (BAP) under the lost, damaged or duplicate passport SOP.",
        "requirements_id": BASIC_REQUIREMENTS_ID + " Surat keterangan hilang dari kepolisian.",
        "requirements_en": BASIC_REQUIREMENTS_EN + " Police report of the loss.",
        "fee_note_id": PASSPORT_FEES_ID + " Ditambah denda sesuai PP 45/2024.",
        "fee_note_en": PASSPORT_FEES_EN + " Plus the fine set by Government Regulation 45/2024.",
    },
    {
        "code": "rusak", "order": 40, "sop_kind": SopKind.ISSUANCE, "completion_working_days": None,
        "name_id": "Penggantian paspor rusak", "name_en": "Replacement of a damaged passport",
        "description_id": "Melalui pemeriksaan (BAP) sesuai SOP Paspor Hilang, Rusak, atau Ganda.",
        "description_en": "After an examination (BAP) under the lost, damaged or duplicate passport SOP.",
        "requirements_id": BASIC_REQUIREMENTS_ID + " Paspor yang rusak.",
        "requirements_en": BASIC_REQUIREMENTS_EN + " The damaged passport.",
        "fee_note_id": PASSPORT_FEES_ID + " Ditambah denda sesuai PP 45/2024.",
        "fee_note_en": PASSPORT_FEES_EN + " Plus the fine set by Government Regulation 45/2024.",
    },
    {
        "code": "percepatan", "order": 50, "sop_kind": SopKind.ISSUANCE, "completion_working_days": 0,
        "name_id": "Layanan percepatan paspor", "name_en": "Accelerated passport service",
        "description_id": "Paspor selesai pada hari kerja yang sama; pengambilan mulai pukul 12.00.",
        "description_en": "Passport ready the same working day; pickup from 12:00.",
        "requirements_id": "Sesuai jenis permohonan paspor.", "requirements_en": "As for the passport applied for.",
        "fee_note_id": "Rp1.000.000 di luar biaya paspor (PP 45/2024).",
        "fee_note_en": "Rp1,000,000 on top of the passport fee (Government Regulation 45/2024).",
    },
]

SOP_DIR = Path(__file__).resolve().parent / "sops"
STEP_FIELDS = (
    "code", "actor_role", "actor_label", "norm_minutes", "activity_id", "activity_en",
    "requirements_id", "requirements_en", "output_id", "output_en", "notes_id", "notes_en",
)
SOP_FIELDS = (
    "document", "kind", "office", "title_id", "title_en", "document_number", "effective_date", "approved_by",
    "source_document", "steps",
)


class SopFileError(ValueError):
    """A file in ``standards/sops/`` that does not describe an SOP the way the loader expects."""


def _checked(spec: dict, name: str) -> dict:
    missing = [field for field in SOP_FIELDS if field not in spec]
    unknown = [field for field in spec if field not in SOP_FIELDS]
    if missing or unknown:
        raise SopFileError(f"{name}: missing {missing}, unknown {unknown}")
    if spec["kind"] not in SopKind.values:
        raise SopFileError(f"{name}: unknown kind {spec['kind']!r}")
    for order, step in enumerate(spec["steps"], start=1):
        if set(step) != set(STEP_FIELDS):
            raise SopFileError(f"{name}: step {order} needs exactly the fields {list(STEP_FIELDS)}")
        if step["actor_role"] not in Role.values:
            raise SopFileError(f"{name}: step {order} has unknown actor_role {step['actor_role']!r}")
    return {**spec, "effective_date": date.fromisoformat(spec["effective_date"])}


OWN_VERSION_FIELDS = (
    "based_on", "kind", "offices", "title_id", "title_en", "document_number", "effective_date", "approved_by",
    "source_document", "leave_out_steps", "step_notes",
)


def own_version_specs(documents: list[dict] | None = None) -> list[dict]:
    """SOPs that offices publish as their own version of a source document (``sops/own_versions/``).

    Each gives, for every office listed (``null``: the default for offices without one), an SOP of
    that kind with the source document's steps and norms, minus steps that belong to another
    office's policy, and with the office's own (for now empty) number and title.
    """
    by_document = {spec["document"]: spec for spec in (documents or sop_specs())}
    specs = []
    for path in sorted((SOP_DIR / "own_versions").glob("*.json")):
        rule = json.loads(path.read_text(encoding="utf-8"))
        if set(rule) != set(OWN_VERSION_FIELDS):
            raise SopFileError(f"{path.name}: needs exactly the fields {list(OWN_VERSION_FIELDS)}")
        source = by_document.get(rule["based_on"])
        if source is None or source["kind"] != rule["kind"]:
            raise SopFileError(f"{path.name}: no {rule['kind']} document {rule['based_on']!r} to base it on")
        codes = {step["code"] for step in source["steps"]}
        unknown = (set(rule["leave_out_steps"]) | set(rule["step_notes"])) - codes
        if unknown:
            raise SopFileError(f"{path.name}: {source['document']} has no steps {sorted(unknown)}")
        steps = [{**step, **rule["step_notes"].get(step["code"], {})}
                 for step in source["steps"] if step["code"] not in rule["leave_out_steps"]]
        for office in rule["offices"]:
            specs.append(_checked({
                "document": f"{rule['based_on']}:{office or 'default'}", "kind": rule["kind"], "office": office,
                "title_id": rule["title_id"], "title_en": rule["title_en"],
                "document_number": rule["document_number"], "effective_date": rule["effective_date"],
                "approved_by": rule["approved_by"], "source_document": rule["source_document"], "steps": steps,
            }, path.name))
    return specs


def sop_specs() -> list[dict]:
    """The SOPs of the source documents (001, 002, 004), one file each, in document order (each the SOP
    of the office that issued it)."""
    return [_checked(json.loads(path.read_text(encoding="utf-8")), path.name)
            for path in sorted(SOP_DIR.glob("*.json"))]


def _seed_sop(spec: dict) -> None:
    office = Office.objects.get(code=spec["office"]) if spec["office"] else None
    sop, _ = Sop.objects.get_or_create(
        kind=spec["kind"], office=office,
        defaults={"title_id": spec["title_id"], "title_en": spec["title_en"]},
    )
    if sop.versions.filter(document_number=spec["document_number"]).exists():
        return  # that document is already in; never rewrite a version
    if not spec["document_number"] and sop.versions.exists():
        return  # an office's own version, seeded once; the office fills in its number later
    version = SopVersion.objects.create(
        sop=sop, number=sop.versions.count() + 1, document_number=spec["document_number"],
        effective_date=spec["effective_date"], approved_by=spec["approved_by"],
        source_document=spec["source_document"], is_published=True,
    )
    SopStep.objects.bulk_create(
        SopStep(version=version, order=order, **step) for order, step in enumerate(spec["steps"], start=1)
    )


@transaction.atomic
def seed_reference(log) -> None:
    for row in SERVICES:
        Service.objects.update_or_create(code=row["code"], defaults=row)
    documents = sop_specs()
    for spec in [*documents, *own_version_specs(documents)]:
        _seed_sop(spec)
    log(f"standards: {Service.objects.count()} layanan, {SopVersion.objects.count()} versi SOP")
