"""Existing databases: 001 becomes Muara Enim's own issuance SOP, and public source texts lose the
internal document names ("seed 001"). The next ``seed`` run adds the other offices' own versions."""

import re

from django.db import migrations

MUARA_ENIM_NUMBER = "W.6.IMI.IMI.2.GR.04.02-1275"


def forwards(apps, schema_editor):
    Office = apps.get_model("offices", "Office")
    Sop = apps.get_model("standards", "Sop")
    SopVersion = apps.get_model("standards", "SopVersion")
    for version in SopVersion.objects.filter(source_document__contains="(seed "):
        version.source_document = re.sub(r"\s*\(seed \d+\)", "", version.source_document)
        version.save(update_fields=["source_document"])
    muara_enim = Office.objects.filter(code="muara-enim").first()
    default = Sop.objects.filter(kind="issuance", office__isnull=True,
                                 versions__document_number=MUARA_ENIM_NUMBER).first()
    if muara_enim and default and not Sop.objects.filter(kind="issuance", office=muara_enim).exists():
        default.office = muara_enim
        default.save(update_fields=["office"])


class Migration(migrations.Migration):
    dependencies = [
        ("offices", "0001_initial"),
        ("standards", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
