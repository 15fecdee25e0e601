"""What every queue request reads first, from the per-process cache ``lib.cache.hot``.

An office by its code, and its queue setup: settings and calling rule, steps, series and counters
(with the steps each serves). Any save or delete of these rows (or of a user or a token) invalidates
the cache on commit (receivers connected in ``connect_invalidation``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import Http404

from maklumat.accounts.permissions import authorize
from maklumat.lib.cache import hot
from maklumat.offices.models import Office
from maklumat.offices.scoping import in_reach
from maklumat.queueing import rules
from maklumat.queueing.models import Counter, QueueConfig, Series, Step


@dataclass(frozen=True)
class OfficeSetup:
    office: Office
    config: QueueConfig
    rule: rules.CallingRule
    steps: dict[str, Step]                 # by code
    series: tuple[Series, ...]
    counters: dict[int, Counter]
    counter_steps: dict[int, tuple[int, ...]]


def _load_office(code: str) -> Office | None:
    return Office.objects.select_related("kanwil").filter(code=code).first()


def office_by_code(code: str) -> Office | None:
    return hot.get(("office", code), lambda: _load_office(code))


def office_for(user, code: str, action: str) -> Office:
    """``offices.scoping.office_for`` from the cache: 404 outside the user's reach, 403 for the role."""
    office = office_by_code(code)
    if office is None or not in_reach(user, office):
        raise Http404("Kantor tidak ditemukan")
    authorize(user, action)
    return office


def _load_setup(office: Office) -> OfficeSetup:
    config = QueueConfig.objects.filter(office=office).first() or QueueConfig(office=office)
    steps = list(Step.objects.filter(office=office))
    series = list(Series.objects.filter(office=office))
    counters = list(Counter.objects.filter(office=office))
    links = Counter.steps.through.objects.filter(counter__office=office).values_list("counter_id", "step_id")
    counter_steps: dict[int, list[int]] = {c.pk: [] for c in counters}
    for counter_id, step_id in links:
        counter_steps[counter_id].append(step_id)
    for row in (config, *steps, *series, *counters):
        row.office = office
    return OfficeSetup(
        office=office, config=config,
        rule=rules.CallingRule(kind=rules.RuleKind(config.calling_rule),
                               general_per_priority=max(1, config.general_per_priority)),
        steps={s.code: s for s in steps}, series=tuple(series), counters={c.pk: c for c in counters},
        counter_steps={pk: tuple(sorted(ids)) for pk, ids in counter_steps.items()},
    )


def setup_of(office: Office) -> OfficeSetup:
    return hot.get(("queue", office.pk), lambda: _load_setup(office))


def connect_invalidation() -> None:
    from maklumat.accounts.models import ApiToken, User

    for model in (Office, User, ApiToken, QueueConfig, Series, Step, Counter):
        post_save.connect(hot.bump_on_commit, sender=model, dispatch_uid=f"hot-save-{model._meta.label}")
        post_delete.connect(hot.bump_on_commit, sender=model, dispatch_uid=f"hot-delete-{model._meta.label}")
    m2m_changed.connect(hot.bump_on_commit, sender=Counter.steps.through, dispatch_uid="hot-counter-steps")
