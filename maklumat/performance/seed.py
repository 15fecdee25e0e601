"""Reference data of Kinerja: Blitar's 2024 action-plan target of 27,053 travel documents (seed 003)."""

from __future__ import annotations

from maklumat.offices.models import Office
from maklumat.performance.models import DocumentTarget

# Seed 003 (Blitar): "target ... tahun 2024 sebanyak 27.053 dokumen perjalanan".
SEEDED_TARGETS = {("blitar", 2024): 27_053}


def seed_reference(log) -> None:
    for (code, year), documents in SEEDED_TARGETS.items():
        office = Office.objects.filter(code=code).first()
        if office is None:
            continue
        _target, created = DocumentTarget.objects.get_or_create(office=office, year=year,
                                                                defaults={"documents": documents})
        if created:
            log(f"Target dokumen {code} {year}: {documents}")
