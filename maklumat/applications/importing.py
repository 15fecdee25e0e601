"""Bulk import of an office's applications and events (``maklumat applications import``).

Offices load their SIMKIM/M-Paspor exports through here; the benchmarks and the demo's year of
history use it too. The contract (README): JSON Lines, idempotent, atomic, one audit row per run.

The whole input is validated before anything is written: one bad line and nothing is stored.
Existing numbers and events of the office are read in one query each, new rows are written in
bulk (COPY on PostgreSQL, ``executemany`` on SQLite), never one INSERT per row: an office-year of
27,000 applications and 300,000 events loads in seconds.
"""

from __future__ import annotations

import gc
import getpass
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

import orjson
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maklumat.applications.deadlines import ACCELERATED_PICKUP_FROM, pickup_too_early
from maklumat.applications.jsonlines import ImportLine, LineError, parse_line
from maklumat.applications.models import Application, ApplicationEvent
from maklumat.applications.notify import application_events_changed
from maklumat.audit.services import audit_record
from maklumat.calendar.selectors import work_calendar_for
from maklumat.offices.models import Office
from maklumat.standards.models import Service

SOURCE = "import"
HANDOVER_EVENTS = ("handover", "handover_finish")
FLAG_FIELDS = {"under_review": "under_review", "field_check": "needs_field_check", "broker": "broker_involved"}
BATCH = 5000
# Above this many known applications in one file, their events are read for the whole office in one
# query; below it, only theirs (a small daily file against a large office).
WHOLE_OFFICE_READ = 2000

Progress = Callable[[str, int, int], None]


@dataclass
class ImportResult:
    applications_created: int = 0
    applications_updated: int = 0
    events_added: int = 0
    events_unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


class ImportRefused(Exception):
    """The input had bad lines; ``errors`` are the ``line N: field: reason`` messages. Nothing was stored."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def read_import_lines(lines: Iterable[bytes], *, tz, now: datetime, services: set[str],
                      progress: Progress = _no_progress) -> tuple[list[tuple[int, ImportLine]], list[str]]:
    """Parse every line (blank lines skipped but counted); returns the good ones with their line number
    and every bad line as ``line N: field: reason``."""
    parsed: list[tuple[int, ImportLine]] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    loads = orjson.loads
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            line = parse_line(loads(raw), tz=tz, now=now, services=services)
        except orjson.JSONDecodeError as exc:
            errors.append(f"line {number}: json: not valid JSON ({exc})")
            continue
        except LineError as exc:
            errors.append(f"line {number}: {exc.field}: {exc.reason}")
            continue
        first = seen.setdefault(line.number, number)
        if first != number:
            errors.append(f"line {number}: id: {line.number!r} repeats line {first}")
            continue
        parsed.append((number, line))
        if number % 1000 == 0:
            progress("read", number, 0)
    return parsed, errors


def applications_import(*, office, lines: Iterable[bytes], actor=None, source_name: str = "-",
                        now: datetime | None = None, progress: Progress = _no_progress) -> ImportResult:
    """Import JSON Lines of applications into ``office``; raises ``ImportRefused`` on any bad line.

    Idempotent: an application number already stored is not created again (its new events are
    added, and a flag raised in the file is raised here; stored fields are otherwise kept), an event
    already stored with the same name and moment is not stored again, voided or not (an event an
    officer voided stays voided; docs/decisions.md). ``actor`` None is the system (the CLI, the demo).
    """
    now = now or timezone.now()
    calendar = work_calendar_for(office)
    services = dict(Service.objects.values_list("code", "id"))
    terms = dict(Service.objects.values_list("code", "completion_working_days"))
    collecting = gc.isenabled()
    gc.disable()  # hundreds of thousands of small objects, no cycles: the collector would only slow them
    try:
        parsed, errors = read_import_lines(lines, tz=calendar.tz, now=now, services=set(services), progress=progress)
        for attempt in (1, 2):
            try:
                with transaction.atomic():
                    # One import per office at a time; events recorded meanwhile at the counter are
                    # read below, and one racing in between makes the second attempt read it too.
                    list(Office.objects.select_for_update().filter(pk=office.pk).values_list("pk", flat=True))
                    return _store(office=office, parsed=parsed, errors=errors, services=services, terms=terms,
                                  calendar=calendar, actor=actor, source_name=source_name, progress=progress)
            except IntegrityError:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")
    finally:
        if collecting:
            gc.enable()


def _store(*, office, parsed, errors, services, terms, calendar, actor, source_name, progress) -> ImportResult:
    known = {number: (pk, accelerated, service, dict(zip(FLAG_FIELDS.values(), flags, strict=True)))
             for number, pk, accelerated, service, *flags in Application.objects.filter(office=office).values_list(
                 "number", "id", "accelerated", "service__code", *FLAG_FIELDS.values())}
    known_ids = [known[line.number][0] for _number, line in parsed if line.number in known]
    stored = _stored_events(office, known_ids)
    stored_payment = _first_payments(stored)
    errors = errors + _pickup_errors(parsed, known, stored_payment, terms, calendar)
    if errors:
        errors.sort(key=lambda message: int(message.split(":", 1)[0].split()[1]))
        raise ImportRefused(errors)

    result = ImportResult()
    new_lines = [line for _number, line in parsed if line.number not in known]
    _create_applications(office, new_lines, services, actor)
    result.applications_created = len(new_lines)
    progress("applications", len(new_lines), len(parsed))
    ids = dict(Application.objects.filter(office=office).values_list("number", "id")) if new_lines else {}

    raised: dict[str, list[int]] = {field: [] for field in FLAG_FIELDS.values()}
    updated: set[int] = set()
    rows: list[tuple[int, str, datetime]] = []
    for _number, line in parsed:
        if line.number in known:
            pk, _accelerated, _service, flags = known[line.number]
            for flag in line.flags:
                field = FLAG_FIELDS[flag]
                if not flags[field]:
                    raised[field].append(pk)
                    updated.add(pk)
        else:
            pk = ids[line.number]
        for name, at in line.events:
            key = (pk, name, at)
            if key in stored:
                result.events_unchanged += 1
                continue
            stored.add(key)
            rows.append(key)
            if line.number in known:
                updated.add(pk)
    for field, pks in raised.items():
        for start in range(0, len(pks), BATCH):
            Application.objects.filter(pk__in=pks[start:start + BATCH]).update(**{field: True})
    _insert_events(rows, progress)
    result.events_added = len(rows)
    result.applications_updated = len(updated)
    audit_record(actor=actor, action="application.import", office=office,
                 summary=(f"{source_name}: {result.applications_created} dibuat, {result.applications_updated} "
                          f"diperbarui, {result.events_added} peristiwa baru, {result.events_unchanged} sudah ada"),
                 after={"file": source_name, "run_by": _login(), **result.as_dict()})
    if rows:
        application_events_changed(office=office, application_ids=sorted({pk for pk, _, _ in rows}),
                                   first=min(at for _, _, at in rows), last=max(at for _, _, at in rows))
    return result


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def _stored_events(office, known_ids: list[int]) -> set[tuple[int, str, datetime]]:
    """(application id, name, moment) of every stored event of these applications, voided ones included."""
    if not known_ids:
        return set()
    events = ApplicationEvent.all_objects
    if len(known_ids) >= WHOLE_OFFICE_READ:
        return set(events.filter(application__office=office).values_list("application_id", "name", "at"))
    found: set[tuple[int, str, datetime]] = set()
    for start in range(0, len(known_ids), 500):
        found.update(events.filter(application_id__in=known_ids[start:start + 500])
                     .values_list("application_id", "name", "at"))
    return found


def _first_payments(stored) -> dict[int, datetime]:
    payments: dict[int, datetime] = {}
    for pk, name, at in stored:
        if name == "payment" and (pk not in payments or at < payments[pk]):
            payments[pk] = at
    return payments


def _pickup_errors(parsed, known, stored_payment, terms, calendar) -> list[str]:
    """The services' rule for accelerated passports: collected from 12:00 on the service day."""
    errors = []
    for number, line in parsed:
        handovers = [(name, at) for name, at in line.events if name in HANDOVER_EVENTS]
        if not handovers:
            continue
        if line.number in known:
            pk, accelerated, service, _flags = known[line.number]
        else:
            pk, accelerated, service = None, line.accelerated, line.service
        if not (accelerated or terms.get(service) == 0):
            continue
        payment = next((at for name, at in line.events if name == "payment"), None) or stored_payment.get(pk)
        for name, at in handovers:
            if pickup_too_early(at, payment=payment, calendar=calendar):
                reason = _("Paspor percepatan diambil mulai pukul %(time)s pada hari layanannya.") % {
                    "time": ACCELERATED_PICKUP_FROM.strftime("%H.%M")}
                errors.append(f"line {number}: events.{name}: {reason}")
                break
    return errors


def _create_applications(office, lines: list[ImportLine], services: dict[str, int], actor) -> None:
    creator = actor if getattr(actor, "is_authenticated", False) else None
    objects = []
    for line in lines:
        applicant = line.applicant
        objects.append(Application(
            office=office, number=line.number, service_id=services[line.service], accelerated=line.accelerated,
            booking_channel=line.booking, smart_queue=line.smart_queue, program=line.program,
            applicant_name=applicant.get("name", ""), applicant_nik=applicant.get("nik", ""),
            applicant_phone=applicant.get("phone", ""), applicant_address=applicant.get("address", ""),
            under_review="under_review" in line.flags, needs_field_check="field_check" in line.flags,
            broker_involved="broker" in line.flags, created_by=creator,
        ))
    for start in range(0, len(objects), BATCH):
        Application.objects.bulk_create(objects[start:start + BATCH])


EVENT_COLUMNS = ("application_id", "name", "at", "recorded_at", "source", "note", "void_reason")


def _insert_events(rows: list[tuple[int, str, datetime]], progress: Progress) -> None:
    """Store new events in bulk: COPY on PostgreSQL, one prepared ``executemany`` on SQLite."""
    if not rows:
        return
    recorded = timezone.now()
    table = ApplicationEvent._meta.db_table
    columns = ", ".join(EVENT_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for done, (pk, name, at) in enumerate(rows, start=1):
                    copy.write_row((pk, name, at.astimezone(UTC), recorded, SOURCE, "", ""))
                    if done % 20000 == 0:
                        progress("events", done, len(rows))
        elif connection.vendor == "sqlite":
            adapt = connection.ops.adapt_datetimefield_value
            stamp = adapt(recorded)
            sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(EVENT_COLUMNS))})"
            for start in range(0, len(rows), 20000):
                cursor.executemany(sql, [(pk, name, adapt(at), stamp, SOURCE, "", "")
                                         for pk, name, at in rows[start:start + 20000]])
                progress("events", min(start + 20000, len(rows)), len(rows))
        else:
            ApplicationEvent.objects.bulk_create(
                [ApplicationEvent(application_id=pk, name=name, at=at, source=SOURCE) for pk, name, at in rows],
                batch_size=BATCH)
    progress("events", len(rows), len(rows))
