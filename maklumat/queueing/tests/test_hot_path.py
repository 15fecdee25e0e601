"""The queue's hot path: few statements per action, the same outcome on both databases, a cache that forgets.

Issuing a number and calling the next are one statement each on PostgreSQL (plus a lock of the
counter row for call-next, and the audit statement); tokens, offices and the queue setup come
from ``lib.cache.hot``. The audit chain the database hashes must verify like the Python one.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from maklumat.accounts.models import ApiToken
from maklumat.accounts.roles import Role
from maklumat.accounts.services import token_create, token_revoke
from maklumat.audit.chain import chain_name, counter_chain_name
from maklumat.audit.services import audit_verify, audit_verify_chain
from maklumat.conftest import make_user
from maklumat.queueing import rules
from maklumat.queueing.models import Ticket, TicketStatus
from maklumat.queueing.services import call_next
from maklumat.queueing.tests.conftest import at, issue


def _api(client, token, path, body=None):
    return client.post(path, data=json.dumps(body or {}), content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {token}")


def _kiosk_and_counter_tokens(blitar):
    kiosk = token_create(user=make_user("kiosk.hot", Role.DUTA_LAYANAN, office=blitar))
    loket = token_create(user=make_user("loket.hot", Role.PETUGAS_LOKET, office=blitar))
    return kiosk, loket


def test_issue_and_call_next_through_the_api_take_few_statements(client, queue, blitar):
    kiosk, loket = _kiosk_and_counter_tokens(blitar)
    counter = queue.counters["Loket 1"]
    issue_path = "/api/v1/offices/blitar/queue/tickets"
    call_path = f"/api/v1/offices/blitar/queue/counters/{counter.pk}/call-next"
    # The first requests fill the cache (token, office, setup) and create the chain head.
    assert _api(client, kiosk, issue_path, {"step": "intake"}).status_code == 201
    assert _api(client, loket, call_path).status_code == 200
    with CaptureQueriesContext(connection) as issued:
        response = _api(client, kiosk, issue_path, {"step": "intake"})
    assert response.status_code == 201, response.content
    assert response.json()["number"] == "A-002"
    with CaptureQueriesContext(connection) as called:
        response = _api(client, loket, call_path)
    assert response.json()["ticket"]["number"] == "A-002"
    ticket_writes = [q["sql"] for q in issued.captured_queries if "INTO queueing_ticket" in q["sql"]
                     or 'INTO "queueing_ticket"' in q["sql"]]
    assert len(ticket_writes) == 1
    if connection.vendor == "postgresql":
        # One statement gives the number, the ticket, its visit and the audit row; the rest are Blitar's
        # walk-in quota (lock + count), the chain head's existence (once per process in production; every
        # time inside a test transaction), and after the write, with no lock held, the three reads of the
        # wait estimate printed on the ticket (waiting per class, counters, busy counters; the fitted
        # service time and the day's manual delay come from the hot per-process cache).
        assert all(word in ticket_writes[0] for word in ("queueing_daysequence", "queueing_visit", "audit_auditentry"))
        assert len(issued.captured_queries) <= 9, [q["sql"][:80] for q in issued.captured_queries]
        # Counter lock, the call statement, the audit statement (+ the savepoint pair and the chain head check).
        assert len(called.captured_queries) <= 6, [q["sql"][:80] for q in called.captured_queries]
    else:  # SQLite: the plain ORM path (writers are serialised anyway)
        assert len(issued.captured_queries) <= 20
        assert len(called.captured_queries) <= 30


def test_the_database_hashed_audit_chain_verifies(queue, officer):
    for _ in range(3):
        issue(queue, officer)
    issue(queue, officer, code="P")
    counter = queue.counters["Loket 1"]
    for minute in range(5):
        call_next(counter=counter, actor=officer, now=at(9, minute))
    checked, broken = audit_verify_chain(chain_name(queue.office.pk))
    assert (checked, broken) == (4, None)  # the issues, in the office's chain
    checked, broken = audit_verify_chain(counter_chain_name(queue.office.pk, counter.pk))
    assert (checked, broken) == (4 + 4, None)  # the counter's four calls and four ends (the fifth call finds none)
    assert audit_verify(queue.office.code) == (4 + 8, None)


def test_call_next_takes_priority_by_the_rule_and_ends_the_current_ticket(queue, officer):
    general = issue(queue, officer, now=at(8))
    priority = issue(queue, officer, code="P", now=at(8, 5))
    counter = queue.counters["Loket 1"]
    first = call_next(counter=counter, actor=officer, now=at(9))
    assert first.pk == priority.pk  # Blitar calls priority first
    second = call_next(counter=counter, actor=officer, now=at(9, 10))
    assert second.pk == general.pk
    assert Ticket.objects.get(pk=priority.pk).status == TicketStatus.DONE
    assert Ticket.objects.get(pk=general.pk).counter_id == counter.pk


def test_a_counter_given_a_new_step_calls_from_it_at_once(queue, officer):
    counter = queue.counters["Loket 1"]
    waiting = issue(queue, officer, step="handover")
    assert call_next(counter=counter, actor=officer, now=at(9)) is None
    counter.steps.add(queue.steps["handover"])
    called = call_next(counter=counter, actor=officer, now=at(9, 1))
    assert called is not None and called.pk == waiting.pk


def test_a_revoked_token_is_refused_at_once_although_tokens_are_cached(client, queue, blitar):
    kiosk, _loket = _kiosk_and_counter_tokens(blitar)
    path = "/api/v1/offices/blitar/queue/tickets"
    assert _api(client, kiosk, path, {"step": "intake"}).status_code == 201
    token = ApiToken.objects.get(prefix=kiosk[4:12])
    token_revoke(token=token)
    assert _api(client, kiosk, path, {"step": "intake"}).status_code == 401


def test_a_deactivated_user_is_refused_at_once(client, queue, blitar):
    kiosk, _loket = _kiosk_and_counter_tokens(blitar)
    path = "/api/v1/offices/blitar/queue/tickets"
    assert _api(client, kiosk, path, {"step": "intake"}).status_code == 201
    user = ApiToken.objects.get(prefix=kiosk[4:12]).user
    user.is_active = False
    user.save()
    assert _api(client, kiosk, path, {"step": "intake"}).status_code == 401


_classes = st.sampled_from(list(rules.TicketClass))
_waiting = st.lists(st.tuples(_classes, st.integers(0, 50), st.integers(1, 99)), max_size=12, unique_by=lambda w: w[2])


@given(waiting=_waiting, kind=st.sampled_from(list(rules.RuleKind)), per=st.integers(1, 5), streak=st.integers(0, 7),
       room=st.booleans())
def test_the_database_order_is_the_rule(waiting, kind, per, streak, room):
    """What the SQL does (sort by the rank of the class in ``class_order``, then waiting time,
    number, id) picks exactly the ticket ``next_ticket`` picks."""
    base = datetime(2025, 6, 2, 8, 0)
    tickets = [rules.Waiting(id=n, ticket_class=c, waiting_since=base + timedelta(minutes=m), number=n)
               for c, m, n in waiting]
    rule = rules.CallingRule(kind=kind, general_per_priority=per)
    order = rules.class_order(rule, streak, room)
    in_sql = min(tickets, key=lambda t: (order.index(t.ticket_class), t.waiting_since, t.number, t.id), default=None)
    assert in_sql == rules.next_ticket(tickets, rule, streak, room)


@given(st.lists(st.sampled_from(["general", "priority", "compensation"]), max_size=30))
def test_general_streak_counts_general_calls_since_the_last_priority(recent):
    cut = recent.index("priority") if "priority" in recent else len(recent)
    assert rules.general_streak_of(recent) == recent[:cut].count("general")
