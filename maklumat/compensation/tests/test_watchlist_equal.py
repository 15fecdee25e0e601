"""The watchlist read through each application's latest event moment gives exactly the rows of the plain
computation (every application with a countable event in the window, its events loaded as objects) on
generated applications: recorded one by one, imported in bulk, voided, cancelled, claimed."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import orjson
from django.db.models import Prefetch
from django.utils import timezone

from maklumat.applications.importing import applications_import
from maklumat.applications.models import Application, ApplicationEvent
from maklumat.applications.selectors import SANE_UNTIL, countable_events, event_times_from
from maklumat.applications.services import application_event_record, application_event_void
from maklumat.calendar.selectors import work_calendar_for
from maklumat.compensation.models import Claim, CompensationPolicy, LatestEvent
from maklumat.compensation.promises import allocation_working_days, biometric_wait_promise
from maklumat.compensation.rules.evaluator import decide
from maklumat.compensation.rules.facts import DECISION_PENDING, Context
from maklumat.compensation.selectors import (
    WATCH_DAYS,
    WatchRow,
    _about_to_breach,
    _main_reason,
    _Promises,
    facts_for,
    outage_facts,
    policy_rows_for,
    watchlist,
)
from maklumat.compensation.services import claim_record, remedy_fulfil_apology
from maklumat.compensation.tests.fixtures import application_with


def plain_watchlist(office, *, as_of: datetime) -> dict[str, list[WatchRow]]:
    """The computation before ``LatestEvent`` (kept here as the reference it must equal)."""
    calendar = work_calendar_for(office)
    since = as_of - timedelta(days=WATCH_DAYS)
    ctx = Context(calendar=calendar, as_of=as_of, outages=outage_facts(office, start=since))
    rows = list(policy_rows_for(office))
    policies = [row.compiled() for row in rows]
    policy_rows = {row.code: row for row in rows}
    today = office.local_date(as_of)
    promises = _Promises(wait=biometric_wait_promise(office, today), allocation=allocation_working_days(office, today))
    recent = (countable_events().filter(application__office=office, at__gte=since, at__lt=SANE_UNTIL)
              .values("application_id"))
    applications = list(Application.objects.filter(pk__in=recent).order_by("-created_at", "-pk")
                        .select_related("service", "office")
                        .prefetch_related(Prefetch("events", queryset=countable_events().order_by("at"))))
    claims = {(c.application_id, c.policy.code): c
              for c in Claim.objects.filter(application__in=applications).select_related("policy")
              .prefetch_related("fulfilments")}
    result: dict[str, list[WatchRow]] = {"eligible": [], "soon": [], "claimed": []}
    for application in applications:
        events = event_times_from(application.events.all())
        if "cancellation" in events:
            continue
        for decision in decide(facts_for(application, events), policies, ctx):
            if decision.policy is None:
                continue
            claim = claims.get((application.pk, decision.policy))
            row = policy_rows.get(decision.policy)
            if claim is not None:
                if any(not f.is_done for f in claim.fulfilments.all()):
                    result["claimed"].append(WatchRow(application, decision, "", "", claim, row))
                continue
            if decision.eligible:
                reason = _main_reason(decision)
                result["eligible"].append(WatchRow(application, decision, reason.reason_id, reason.reason_en,
                                                   None, row))
            elif decision.decision == DECISION_PENDING:
                why = _about_to_breach(events, ctx, today, promises)
                if why:
                    result["soon"].append(WatchRow(application, decision, *why, None, row))
    return result


def _shape(lists) -> dict[str, list[tuple]]:
    return {kind: [(row.application.pk, row.decision, row.why, row.why_en, row.claim and row.claim.pk,
                    row.policy_row and row.policy_row.pk) for row in rows] for kind, rows in lists.items()}


def _events(rng: random.Random, start: datetime) -> dict[str, datetime]:
    ticket = start + timedelta(minutes=rng.randrange(0, 420))
    events = {"biometric_ticket": ticket}
    if rng.random() < 0.8:
        started = ticket + timedelta(minutes=rng.choice([30, 100, 119, 121, 150, 200]))
        events["biometric_start"] = started
        if rng.random() < 0.8:
            events["payment"] = started + timedelta(hours=rng.randrange(1, 30))
            if rng.random() < 0.6:
                events["allocation"] = events["payment"] + timedelta(hours=rng.randrange(2, 120))
    return events


def test_the_watchlist_equals_the_plain_computation_on_generated_applications(blitar, kasubsi, yankomas, tmp_path):
    rng = random.Random(15)
    now = timezone.now()
    # Imported in bulk (several applications in one call), spread over six weeks.
    lines = []
    for i in range(40):
        events = _events(rng, now - timedelta(days=rng.randrange(0, 42), hours=10))
        lines.append(orjson.dumps({
            "id": f"BLT-IMP-{i}", "service": rng.choice(["baru", "penggantian", "hilang"]),
            "booking": rng.choice(["m_paspor", "walk_in"]), "smart_queue": rng.random() < 0.8,
            "events": {name: at.isoformat() for name, at in events.items() if at < now},
            "flags": rng.choice([[], [], [], ["under_review"], ["broker"]])}) + b"\n")
    applications_import(office=blitar, lines=lines, source_name="generated.jsonl")
    # Recorded one by one, some still waiting now.
    for i in range(30):
        application = application_with(blitar, f"BLT-REC-{i}", service=rng.choice(["baru", "penggantian"]))
        if i % 3 == 0:  # still waiting for the biometric service, some for nearly two hours
            application_event_record(application=application, name="biometric_ticket",
                                     at=now - timedelta(minutes=60 + 2 * i))
            continue
        start = now - timedelta(days=rng.randrange(0, 30), hours=9)
        for name, at in sorted(_events(rng, start).items(), key=lambda item: item[1]):
            if at < now:
                application_event_record(application=application, name=name, at=at)
    stored = list(Application.objects.filter(office=blitar).order_by("pk"))
    # A name seen again recently: the application counts by its latest moment, decides by its first.
    for application in stored[1::6]:
        application_event_record(application=application, name="queue_ticket", at=now - timedelta(days=60))
        application_event_record(application=application, name="queue_ticket", at=now - timedelta(hours=3))
    # Cancelled (one cancellation voided again), events voided (the only recent one of some).
    for application in stored[::7]:
        event, _ = application_event_record(application=application, name="cancellation",
                                            at=now - timedelta(days=rng.randrange(0, 20)))
        if application.pk % 2:
            application_event_void(actor=kasubsi, event=event, reason="salah catat")
    for application in stored[3::5]:
        latest = ApplicationEvent.objects.filter(application=application).order_by("-at").first()
        if latest is not None:
            application_event_void(actor=kasubsi, event=latest, reason="salah catat")
    # Claimed, some with one remedy already given.
    policy = CompensationPolicy.objects.get(code="blitar-2025")
    claimed = 0
    for row in watchlist(blitar, as_of=now)["eligible"][:4]:
        claim = claim_record(actor=yankomas, application=row.application, policy=policy, as_of=now)
        if claimed % 2:
            remedy_fulfil_apology(claim=claim, actor=yankomas)
        claimed += 1

    for as_of in (now, now - timedelta(days=3), now - timedelta(days=12), now + timedelta(days=2)):
        expected = _shape(plain_watchlist(blitar, as_of=as_of))
        assert _shape(watchlist(blitar, as_of=as_of)) == expected
    lists = _shape(watchlist(blitar, as_of=now))
    # Every kind of row is there, so the equality says something.
    assert [len(lists[kind]) > 0 for kind in ("eligible", "soon", "claimed")] == [True] * 3 and claimed == 4


def test_the_latest_event_moment_only_moves_forward_and_counts_voided_events(blitar, kasubsi):
    application = application_with(blitar, "BLT-MARK")
    now = timezone.now()
    late, _ = application_event_record(application=application, name="biometric_ticket", at=now - timedelta(hours=1))
    application_event_record(application=application, name="queue_ticket", at=now - timedelta(hours=2))
    assert LatestEvent.objects.get(application=application).at == late.at
    application_event_void(actor=kasubsi, event=late, reason="salah catat")
    mark = LatestEvent.objects.get(application=application)
    assert (mark.at, mark.office_id) == (late.at, blitar.pk)
    assert _shape(watchlist(blitar, as_of=now)) == _shape(plain_watchlist(blitar, as_of=now))


def test_an_import_sets_each_applications_own_latest_moment(blitar):
    lines = [orjson.dumps({"id": f"BLT-I{i}", "service": "baru", "booking": "m_paspor", "smart_queue": True,
                           "events": {"biometric_ticket": f"2025-05-0{i + 1}T08:00:00+07:00",
                                      "biometric_start": f"2025-05-0{i + 1}T09:00:00+07:00"}}) + b"\n"
             for i in range(3)]
    applications_import(office=blitar, lines=lines, source_name="three.jsonl")
    marks = {mark.application.number: mark.at.isoformat() for mark in
             LatestEvent.objects.filter(office=blitar).select_related("application")}
    assert marks == {f"BLT-I{i}": f"2025-05-0{i + 1}T02:00:00+00:00" for i in range(3)}
