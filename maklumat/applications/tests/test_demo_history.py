"""The demo's year of history: every seed office, through the bulk import, once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from maklumat.applications.models import Application, ApplicationEvent
from maklumat.applications.seed import HISTORY_SOURCE, seed_history
from maklumat.audit.models import AuditEntry


@pytest.mark.django_db
def test_history_loads_each_seed_office_once_through_the_import(blitar, pamekasan, muara_enim, balikpapan, jayapura):
    now = timezone.now()
    said = []

    seed_history(said.append, now=now, per_office=40)
    seed_history(said.append, now=now, per_office=40)

    assert Application.objects.count() == 200
    assert AuditEntry.objects.filter(action="application.import", after__file=HISTORY_SOURCE).count() == 5
    assert set(ApplicationEvent.objects.values_list("source", flat=True)) == {"import"}
    assert len(said) == 1 and "skala ±1/675" in said[0]
    first, last = (ApplicationEvent.objects.order_by(order).first().at for order in ("at", "-at"))
    assert first >= now - timedelta(days=367)
    assert last < now
