"""Labels, not codes: officers read class, status, origin and outcome as words in their language,
in pages, the XLSX statistics and the audit trail."""

from __future__ import annotations

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from maklumat.queueing.services import call_next, kiosk_ticket_issue, ticket_end, ticket_no_show, ticket_recall
from maklumat.queueing.tests.conftest import at, issue

CODES = {"general", "priority", "compensation", "kiosk", "officer", "booking", "no_show", "done", "waiting",
         "called", "True", "False", "None"}


def test_the_xlsx_names_where_numbers_came_from_in_words(client_of, kasubsi, duta, officer, queue):
    issue(queue, officer, now=at(8))
    kiosk_ticket_issue(office=queue.office, actor=duta, ticket_class="priority", step=queue.steps["intake"],
                       now=at(8, 5))
    response = client_of(kasubsi).get(reverse("queueing:statistics_xlsx", kwargs={"code": "blitar"}),
                                      {"dari": "2025-06-02", "sampai": "2025-06-02"})
    book = load_workbook(BytesIO(response.content))
    summary = [[c.value for c in r] for r in book["Ringkasan"].iter_rows()]
    start = summary.index(["Nomor diambil per asal", *[None] * (len(summary[0]) - 1)])
    origins = {r[0]: r[1] for r in summary[start + 1:] if r[0]}
    assert origins == {"Kiosk (datang langsung)": 1, "Petugas": 1}
    cells = {str(c.value) for sheet in book.worksheets for r in sheet.iter_rows() for c in r if c.value is not None}
    assert not cells & CODES


def test_the_statistics_page_shows_classes_as_words(client_of, kasubsi, officer, queue, clock):
    clock(at(12))
    issue(queue, officer, "P", now=at(8))
    call_next(counter=queue.counters["Loket 1"], actor=officer, now=at(8, 10))
    page = client_of(kasubsi).get(reverse("queueing:statistics", kwargs={"code": "blitar"})).content.decode()
    assert "<td>Prioritas</td>" in page
    assert ">priority<" not in page


def test_the_audit_trail_names_the_outcome_in_words(officer, queue):
    from maklumat.audit.models import AuditEntry

    issue(queue, officer, now=at(8))
    issue(queue, officer, now=at(8, 1))
    counter = queue.counters["Loket 1"]
    call_next(counter=counter, actor=officer, now=at(8, 5))
    ticket_recall(counter=counter, actor=officer, now=at(8, 6))
    ticket_recall(counter=counter, actor=officer, now=at(8, 7))
    ticket_no_show(counter=counter, actor=officer, now=at(8, 9))
    call_next(counter=counter, actor=officer, now=at(8, 10))
    ticket_end(counter=counter, actor=officer, now=at(8, 12))
    summaries = list(AuditEntry.objects.filter(action__in=["queue.no_show", "queue.ticket_end"])
                     .order_by("id").values_list("summary", flat=True))
    assert summaries == ["A-001: Tidak hadir", "A-002: Selesai"]


def test_an_officer_named_like_a_formula_is_text_in_the_xlsx(client_of, kasubsi, officer, queue):
    officer.first_name, officer.last_name = '=HYPERLINK("http://evil.example/","Klik")', ""
    officer.save()
    issue(queue, officer, now=at(8))
    call_next(counter=queue.counters["Loket 1"], actor=officer, now=at(8, 10))
    response = client_of(kasubsi).get(reverse("queueing:statistics_xlsx", kwargs={"code": "blitar"}),
                                      {"dari": "2025-06-02", "sampai": "2025-06-02"})
    book = load_workbook(BytesIO(response.content))
    name = book["Per petugas"]["A2"]
    assert (name.value, name.data_type, name.quotePrefix) == ('=HYPERLINK("http://evil.example/","Klik")', "s", True)
    assert all(c.data_type != "f" for sheet in book.worksheets for r in sheet.iter_rows() for c in r)
