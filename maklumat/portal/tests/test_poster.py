"""Issue 14, item 4: the Maklumat poster (A4/A3 PDF) and the standards page print the compensation terms
generated from the office's policy data, the standards from the catalogue, contacts and complaint channels."""

from __future__ import annotations

import io
import json
from pathlib import Path

from django.test import override_settings
from pypdf import PdfReader

from maklumat.compensation.terms import compensation_terms
from maklumat.standards.models import Service

POLICIES = Path(__file__).resolve().parents[2] / "compensation" / "policies"


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def labels(spec) -> list[str]:
    out = []
    for condition in spec.get("conditions", ()):
        out.append(condition["label_id"])
        out += labels(condition)
    return out


def test_the_terms_are_the_policy_data_conditions_and_remedies_in_order(blitar):
    spec = json.loads((POLICIES / "blitar-2025.json").read_text())
    [terms] = compensation_terms(blitar, blitar.local_date())
    assert [text for _depth, text in terms.conditions] == labels(spec)
    assert terms.remedies == ("Permintaan maaf", "Layanan prioritas / bebas antrian", "Suvenir gratis")
    assert "ruang pengaduan" in terms.how_to_claim


def test_nested_groups_of_muara_enim_keep_their_depth(muara_enim):
    [terms] = compensation_terms(muara_enim, muara_enim.local_date())
    assert [depth for depth, _text in terms.conditions] == [0, 1, 2, 2, 2, 1]
    assert terms.conditions[0][1].endswith("(salah satu dari):")
    assert "tanpa perlu diminta" in terms.how_to_claim


@override_settings(PUBLIC_RATE_LIMIT=100_000)
def test_the_poster_prints_promise_standards_terms_and_channels_on_a4_and_a3(client, blitar):
    a4 = client.get("/kantor/blitar/maklumat.pdf")
    a3 = client.get("/kantor/blitar/maklumat.pdf?ukuran=a3")
    assert a4["Content-Type"] == a3["Content-Type"] == "application/pdf"
    box4, box3 = (PdfReader(io.BytesIO(r.content)).pages[0].mediabox for r in (a4, a3))
    assert (round(float(box4.width)), round(float(box3.width))) == (595, 842)
    text = text_of(a4.content)
    for printed in ("MAKLUMAT PELAYANAN", "sanggup menyelenggarakan pelayanan", "Menunggu lebih dari 2 jam",
                    "Suvenir gratis", "SP4N-LAPOR!", "Formulir pengaduan", "Lacak permohonan paspor Anda"):
        assert printed in text, printed
    for service in Service.objects.filter(is_active=True):
        assert service.name_id in text
    assert blitar.phone in text if blitar.phone else True


@override_settings(PUBLIC_RATE_LIMIT=100_000)
def test_the_standards_page_shows_the_same_terms_address_and_complaint_channels(client, muara_enim):
    page = client.get("/kantor/muara-enim/standar/").content.decode()
    for printed in ("Kompensasi bila kami tidak menepati janji", "Alokasi lewat dari 2 hari kerja setelah pembayaran",
                    "Antar paspor ke rumah", "Saluran pengaduan", "/pengaduan/?kantor=muara-enim", "maklumat.pdf"):
        assert printed in page, printed
    if muara_enim.address:
        assert muara_enim.address in page
