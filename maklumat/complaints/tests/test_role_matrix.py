"""The role matrix of complaints: every page and API route, requested as each role of Blitar, an
outsider, the Kanwil and national supervisors, a superuser and an anonymous visitor, gets exactly the
answer its declared action implies (issue 10, "Done when")."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.test import override_settings

from maklumat.complaints.models import CannedReply, ComplaintAttachment
from maklumat.complaints.tests.factories import open_complaint
from maklumat.portal.tests.role_matrix import (
    ALL_ROLES,
    ANONYMOUS,
    SIGNED_IN,
    Case,
    admin_page,
    by_action,
    matrix_users,
    mismatches,
    undeclared,
)
from maklumat.standards.models import Service

# Complaints does not import the satisfaction area, not even in tests: the model by its label.
SurveyResponse = apps.get_model("satisfaction", "SurveyResponse")

OFFICE = "kantor/<slug:code>/pengaduan/"
COMPLAINT = OFFICE + "<str:tracking>/"
API = "api/v1/offices/<code>/complaints"
POST_ONLY = {ANONYMOUS: 302, **{role: 405 for role in SIGNED_IN}}  # login first, then the method
EVERYONE = {role: 200 for role in ALL_ROLES}
SIGNED_IN_200 = {ANONYMOUS: 302, **{role: 200 for role in SIGNED_IN}}
FIELDS = {"subject": "Paspor belum selesai", "description": "Sudah 5 hari kerja paspor belum dapat diambil."}

CASES = [
    # Public pages and API (rate-limited): a refused form is shown again, an unknown office is 422.
    Case("GET", "pengaduan/", EVERYONE),
    Case("POST", "pengaduan/", EVERYONE, data={}),
    Case("GET", "pengaduan/status/", EVERYONE),
    Case("GET", "pengaduan/status/<str:tracking>/", EVERYONE),
    Case("POST", "pengaduan/status/<str:tracking>/", EVERYONE, data={}),
    Case("POST", "api/v1/complaints/public", {role: 422 for role in ALL_ROLES}, data={**FIELDS, "office": "atlantis"}),
    Case("GET", "api/v1/complaints/public/<tracking_code>", EVERYONE),
    # Each signed-in user's own notifications.
    Case("GET", "pengaduan/notifikasi/", SIGNED_IN_200),
    Case("POST", "pengaduan/notifikasi/", {ANONYMOUS: 302, **{role: 302 for role in SIGNED_IN}}, data={}),
    # The office's complaints.
    Case("GET", OFFICE, by_action("complaints.view", 200)),
    Case("GET", OFFICE + "baru/", by_action("complaints.handle", 200)),
    Case("POST", OFFICE + "baru/", by_action("complaints.handle", 200), data={}),  # the form again, fields named
    Case("GET", OFFICE + "formulir-kosong.pdf", by_action("complaints.view", 200)),
    Case("GET", OFFICE + "saran-ikm/", by_action("complaints.view", 200)),
    Case("POST", OFFICE + "saran-ikm/", by_action("complaints.handle", 302), data={"response": "{suggestion}"}),
    Case("GET", COMPLAINT, by_action("complaints.view", 200)),
    Case("GET", COMPLAINT + "aksi/", POST_ONLY),
    Case("POST", COMPLAINT + "aksi/", by_action("complaints.handle", 302), data={"action": ""}),
    # The desk: the active step's owner, internal notes, the reply history (a refused empty form
    # redirects back with the reason), and the header's "my work" badge.
    Case("GET", COMPLAINT + "penanggung-jawab/", POST_ONLY),
    Case("POST", COMPLAINT + "penanggung-jawab/", by_action("complaints.handle", 302), data={}),
    Case("GET", COMPLAINT + "catatan/", POST_ONLY),
    Case("POST", COMPLAINT + "catatan/", by_action("complaints.handle", 302), data={}),
    Case("GET", COMPLAINT + "jawaban/", POST_ONLY),
    Case("POST", COMPLAINT + "jawaban/", by_action("complaints.handle", 302), data={}),
    Case("GET", "pengaduan/kerja-saya/", by_action("complaints.handle", 200, outsider=403)),
    # Canned replies: national reference data, edited by the superuser only (office administrators 403).
    *[Case("GET", "admin/complaints/cannedreply/" + tail, admin_page(office_admin=403, outside_admin=403),
           values={"object_id": "{canned}"} if "object_id" in tail else {})
      for tail in ("", "add/", "<path:object_id>/change/", "<path:object_id>/delete/", "<path:object_id>/history/")],
    Case("GET", "admin/complaints/cannedreply/<path:object_id>/", {role: 302 for role in ALL_ROLES},
         values={"object_id": "{canned}"}),
    Case("GET", COMPLAINT + "formulir.pdf", by_action("complaints.view", 200)),
    Case("GET", COMPLAINT + "surat/", by_action("complaints.view", 200)),
    Case("GET", COMPLAINT + "lampiran/<int:pk>/", by_action("complaints.view", 200)),
    # The monthly recap, sent up by the office, rolled up by its Kanwil.
    Case("GET", OFFICE + "rekap/", by_action("complaints.recap_view", 200)),
    Case("GET", OFFICE + "rekap/kirim/", POST_ONLY),
    Case("POST", OFFICE + "rekap/kirim/", by_action("complaints.recap_submit", 302), data={"bulan": "2025-05"}),
    Case("GET", "kanwil/<slug:code>/pengaduan/rekap/", by_action("complaints.kanwil_recap_view", 200),
         values={"code": "{kanwil}"}),
    # The staff API: 401 without credentials; an unknown category is 422 only for a role that may record.
    Case("POST", API, by_action("complaints.handle", 422, anonymous=401),
         data={**FIELDS, "channel": "walk_in", "category": "tidak-ada"}),
    Case("GET", API, by_action("complaints.view", 200, anonymous=401)),
    Case("GET", API + "/<tracking_code>", by_action("complaints.view", 200, anonymous=401)),
]


def test_every_complaints_route_has_a_declared_answer():
    assert undeclared(CASES, modules=("maklumat.complaints",)) == []


@override_settings(PUBLIC_RATE_LIMIT=100_000)
@pytest.mark.django_db
def test_every_role_gets_exactly_its_declared_answer(client, blitar, balikpapan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    users = matrix_users(blitar, balikpapan)
    complaint = open_complaint(blitar, users["petugas_yankomas"], at=datetime(2025, 5, 8, 9, 0,
                                                                              tzinfo=ZoneInfo("Asia/Jakarta")))
    complaint.letter_scan.save("surat.pdf", ContentFile(b"%PDF-1.4 demo"), save=True)
    attachment = ComplaintAttachment(complaint=complaint, kind="png", size=8, uploaded_at=complaint.received_at)
    attachment.file.save("lampiran.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=True)
    today = blitar.local_date()
    suggestion = SurveyResponse.objects.create(
        office=blitar, service=Service.objects.get(code="baru"), channel="kiosk", submitted_on=today,
        **{f"u{i}": 2 for i in range(1, 10)}, suggestion="Petugas loket 2 meminta uang tambahan.",
        marked_as_complaint=True, complaint_marked_on=today)
    values = {"code": "blitar", "tracking": complaint.tracking_code, "tracking_code": complaint.tracking_code,
              "pk": attachment.pk, "{kanwil}": blitar.kanwil.code,
              "{canned}": str(CannedReply.objects.order_by("pk").first().pk)}
    cases = [Case(case.method, case.route, case.expected, case.default, case.values,
                  {"response": suggestion.pk} if case.data == {"response": "{suggestion}"} else case.data)
             for case in CASES]
    wrong = mismatches(client, users, cases, values=values)
    assert wrong == [], "\n".join(wrong)
