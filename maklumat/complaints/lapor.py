"""Complaints forwarded from SP4N-LAPOR! (the national system), read from its export file.

``maklumat complaints import-lapor --office CODE --input FILE`` (README: "SP4N-LAPOR! import").
The file is CSV (UTF-8, comma or semicolon) or XLSX (first sheet), one report per row under a
header row; columns are found by their header, in any order, case and spacing ignored:

| header | required | value |
|---|---|---|
| ID Tracking | yes | the LAPOR tracking ID (letters, digits, ``-``; 4–40) — kept on the complaint |
| Tanggal Laporan | yes | when the report was filed, office local time: ``YYYY-MM-DD HH:MM`` (or an XLSX date cell) |
| Judul | yes | the report's title |
| Isi Laporan | yes | the report's text |
| Kategori | no | a complaint category code or name of ours |
| Tanggal Kejadian | no | ``YYYY-MM-DD`` |
| Lokasi Kejadian | no | the place of the incident |
| Anonim, Rahasia | no | ``Ya`` / ``Tidak`` (also 1/0, true/false) |
| Nama Pelapor, Telepon, Surel | no | the reporter's contact (absent when anonymous in LAPOR) |
| Nomor Permohonan | no | a passport application number of this office |

Atomic: every row is checked and opened inside one transaction; one bad row and nothing is stored.
Idempotent: a tracking ID already imported is skipped, so the same file (or a later export that
repeats earlier rows) can be loaded again. Errors read ``line N: field: reason`` (N = the file's
line, the header being line 1).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from maklumat.audit.services import audit_record
from maklumat.complaints.models import Channel, Complaint, ComplaintCategory
from maklumat.complaints.services.intake import Reporter, complaint_open
from maklumat.offices.models import Office

LAPOR_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{3,39}$")
# Our field name → the export's header (normalised: lower case, single spaces).
COLUMNS = {
    "tracking_id": "id tracking", "reported_at": "tanggal laporan", "subject": "judul",
    "description": "isi laporan", "category": "kategori", "incident_on": "tanggal kejadian",
    "incident_place": "lokasi kejadian", "anonymous": "anonim", "confidential": "rahasia",
    "reporter_name": "nama pelapor", "reporter_phone": "telepon", "reporter_email": "surel",
    "application_number": "nomor permohonan",
}
REQUIRED = ("tracking_id", "reported_at", "subject", "description")
YES, NO = frozenset({"ya", "y", "1", "true"}), frozenset({"tidak", "t", "0", "false", ""})
MAX_ROWS = 5000
# Runs of the same file at the same moment: the loser re-reads the imported IDs this often.
RETRIES = 3


class LaporFileError(ValueError):
    """The file cannot be imported; ``lines`` are ``line N: field: reason`` messages."""

    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines


@dataclass
class LaporResult:
    opened: list[str] = field(default_factory=list)  # our tracking codes
    skipped: list[str] = field(default_factory=list)  # LAPOR IDs already imported


def _norm(header) -> str:
    return " ".join(str(header or "").replace("\ufeff", "").strip().lower().replace("_", " ").split())


def read_rows(path: Path) -> list[tuple[int, dict]]:
    """(line number, {header: value}) of every non-empty row of a CSV or XLSX export."""
    raw = path.read_bytes()
    if raw[:4] == b"PK\x03\x04":
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(raw), read_only=True, data_only=True).worksheets[0]
        except Exception as exc:  # noqa: BLE001 - a broken workbook is bad input, not a crash
            raise LaporFileError(["line 1: file: not a readable XLSX workbook"]) from exc
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise LaporFileError([f"line 1: file: not UTF-8 text ({exc.reason})"]) from exc
        if "\x00" in text:
            raise LaporFileError(["line 1: file: contains NUL bytes"])
        dialect = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
        rows = list(csv.reader(io.StringIO(text), delimiter=dialect))
    if not rows:
        raise LaporFileError(["line 1: header: the file is empty"])
    headers = [_norm(h) for h in rows[0]]
    missing = [COLUMNS[name] for name in REQUIRED if COLUMNS[name] not in headers]
    if missing:
        raise LaporFileError([f"line 1: header: missing column {', '.join(repr(m) for m in missing)}"])
    result = []
    for number, row in enumerate(rows[1:], start=2):
        if all(cell in (None, "") or str(cell).strip() == "" for cell in row):
            continue
        result.append((number, {h: row[i] if i < len(row) else None for i, h in enumerate(headers)}))
    if len(result) > MAX_ROWS:
        raise LaporFileError([f"line {result[MAX_ROWS][0]}: file: more than {MAX_ROWS} reports in one file"])
    return result


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _moment(value, office: Office) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.strptime(_text(value)[:16], "%Y-%m-%d %H:%M")
    return moment.replace(tzinfo=office.tz) if moment.tzinfo is None else moment


def _date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    return date.fromisoformat(text) if text else None


def _flag(value) -> bool:
    text = _text(value).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError("expected Ya or Tidak")


@dataclass
class Row:
    line: int
    values: dict = field(default_factory=dict)


def parse_row(line: int, cells: dict, office: Office, categories: dict) -> tuple[Row, list[str]]:
    """One export row as complaint_open arguments, or the ``line N: field: reason`` problems."""
    get = {name: cells.get(header) for name, header in COLUMNS.items()}
    errors: list[str] = []
    values: dict = {}
    for name in REQUIRED:
        if not _text(get[name]):
            errors.append(f"line {line}: {COLUMNS[name]}: required")
    tracking = _text(get["tracking_id"])
    if tracking and not LAPOR_ID_RE.fullmatch(tracking):
        errors.append(f"line {line}: {COLUMNS['tracking_id']}: letters, digits and '-' only, 4 to 40 characters")
    values["tracking_id"] = tracking
    for name, parse in (("reported_at", lambda v: _moment(v, office)), ("incident_on", _date),
                        ("anonymous", _flag), ("confidential", _flag)):
        if name in REQUIRED and not _text(get[name]):
            continue
        try:
            values[name] = parse(get[name])
        except (TypeError, ValueError) as exc:
            reason = {"reported_at": "expected YYYY-MM-DD HH:MM", "incident_on": "expected YYYY-MM-DD"}.get(
                name, str(exc))
            errors.append(f"line {line}: {COLUMNS[name]}: {reason}")
    category_text = _text(get["category"])
    values["category"] = None
    if category_text:
        values["category"] = categories.get(category_text.lower())
        if values["category"] is None:
            errors.append(f"line {line}: {COLUMNS['category']}: unknown category {category_text[:60]!r}")
    number = _text(get["application_number"])
    values["application"] = None
    if number:
        from maklumat.applications.models import Application

        values["application"] = Application.objects.filter(office=office, number=number[:40]).first()
        if values["application"] is None:
            errors.append(f"line {line}: {COLUMNS['application_number']}: no such application at this office")
    for name in ("subject", "description", "incident_place", "reporter_name", "reporter_phone", "reporter_email"):
        values[name] = _text(get[name])
    return Row(line, values), errors


def lapor_import(*, office: Office, path: Path, now: datetime | None = None) -> LaporResult:
    """Open a complaint (channel SP4N-LAPOR!) per new row of the export; all or nothing."""
    now = now or timezone.now()
    rows = read_rows(path)
    categories = {}
    for category in ComplaintCategory.objects.all():
        categories.update({category.code.lower(): category, category.name_id.lower(): category})
        if category.name_en:
            categories[category.name_en.lower()] = category
    parsed, errors, seen = [], [], {}
    for line, cells in rows:
        row, problems = parse_row(line, cells, office, categories)
        errors.extend(problems)
        tracking = row.values["tracking_id"]
        if tracking and tracking in seen:
            errors.append(f"line {line}: {COLUMNS['tracking_id']}: repeats line {seen[tracking]}")
        seen.setdefault(tracking, line)
        parsed.append(row)
    if errors:
        raise LaporFileError(errors)
    for attempt in range(RETRIES):
        known = set(Complaint.objects.filter(lapor_tracking_id__in=list(seen))
                    .values_list("lapor_tracking_id", flat=True))
        result = LaporResult()
        try:
            _open_all(office, parsed, known, result, errors, path, now)
            break
        except IntegrityError:
            # Another import of the same reports committed first (the unique LAPOR ID): read again, skip them.
            if attempt == RETRIES - 1:
                raise LaporFileError(["line 0: id tracking: imported at the same moment by another run; "
                                      "run it again"]) from None
    if errors:
        raise LaporFileError(errors)
    return result


def _open_all(office, parsed, known, result, errors, path, now) -> None:
    with transaction.atomic():
        for row in parsed:
            v = row.values
            if v["tracking_id"] in known:
                result.skipped.append(v["tracking_id"])
                continue
            try:
                with transaction.atomic():
                    complaint = complaint_open(
                        actor=None, office=office, channel=Channel.LAPOR, subject=v["subject"],
                        description=v["description"], received_at=v["reported_at"], category=v["category"],
                        confidential=v["confidential"], anonymous=v["anonymous"], application=v["application"],
                        reporter=Reporter(v["reporter_name"], v["reporter_phone"], v["reporter_email"]),
                        incident_on=v["incident_on"], incident_place=v["incident_place"],
                        details={"lapor_tracking_id": v["tracking_id"]}, now=now)
            except ValidationError as exc:
                errors.extend(f"line {row.line}: {name}: {' '.join(messages)}"
                              for name, messages in _named(exc).items())
                continue
            result.opened.append(complaint.tracking_code)
        if errors:
            transaction.set_rollback(True)
        elif result.opened:
            audit_record(actor=None, action="complaint.import_lapor", office=office,
                         summary=f"{path.name}: {len(result.opened)} baru, {len(result.skipped)} sudah ada",
                         after={"opened": result.opened, "skipped": result.skipped})


def _named(exc: ValidationError) -> dict[str, list[str]]:
    names = {"received_at": COLUMNS["reported_at"], "incident_on": COLUMNS["incident_on"],
             "incident_place": COLUMNS["incident_place"], "subject": COLUMNS["subject"],
             "description": COLUMNS["description"], "reporter_phone": COLUMNS["reporter_phone"],
             "reporter_email": COLUMNS["reporter_email"], "reporter_name": COLUMNS["reporter_name"]}
    if hasattr(exc, "error_dict"):
        return {names.get(k, k): v for k, v in exc.message_dict.items()}
    return {"row": exc.messages}


