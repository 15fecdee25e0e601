"""Managers setting today's delay, and planners saving the same plan name, at the same moment: one row,
every change audited, never an error (PostgreSQL: real parallel writers)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from maklumat.accounts.roles import Role
from maklumat.audit.models import AuditEntry
from maklumat.simulation.models import StaffingPlan, WaitDelay
from maklumat.simulation.services import staffing_plan_save, wait_delay_set

WRITERS = 6


def race(function, actors):
    barrier = threading.Barrier(len(actors))

    def worker(args):
        index, actor = args
        try:
            barrier.wait()
            function(index, actor)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(actors)) as pool:
        list(pool.map(worker, enumerate(actors)))


@pytest.mark.django_db(transaction=True)
def test_parallel_delays_and_plans_leave_one_row_each_all_audited(blitar):
    if connection.vendor != "postgresql":
        pytest.skip("real parallel writers need PostgreSQL; SQLite serialises writers (IMMEDIATE transactions)")
    from maklumat.conftest import make_user

    actors = [make_user(f"kasi.race{i}", Role.KASI, office=blitar) for i in range(WRITERS)]
    race(lambda i, actor: wait_delay_set(actor=actor, office=blitar, minutes=10 + i, reason=f"lambat {i}"), actors)
    assert WaitDelay.objects.filter(office=blitar).count() == 1
    assert AuditEntry.objects.filter(action="wait_delay.set").count() == WRITERS
    race(lambda i, actor: staffing_plan_save(actor=actor, office=blitar, name="Senin", staffing={"intake": {"08": i}},
                                             room_hours=[], steps={"intake"}), actors)
    assert StaffingPlan.objects.filter(office=blitar, name="Senin").count() == 1
    assert AuditEntry.objects.filter(action="staffing_plan.save").count() == WRITERS
