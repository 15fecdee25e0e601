"""The complaint workflow, decided in one place (pure: plain data in, decisions out, no ORM).

A complaint's steps are copied from its SOP (002 walk-in, 004 social media). This module says

- what completing each step means (its *behaviour*, from the SOP step code);
- which steps do not apply to a channel (the ambassador's step exists only for walk-ins);
- which step comes next, and which are skipped on the way (the Kasubsi handling a complaint
  alone skips the Kasi's direction);
- who may act on a step: its owner (the SOP step's ``actor_role``) or someone senior in the
  chain covering for them;
- which actions the step offers to that person. A senior covering never gets an action that
  hands the complaint up to themselves: the Kasi covering the Kasubsi is not offered
  "ask the Kasi for direction".

Services apply these decisions to rows; pages ask ``complaint_actions`` which forms to show.
Whether a user belongs to the complaint team at all is ``complaints.permissions``' question,
asked first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from maklumat.accounts.roles import Role

# What completing a step means (values of models.StepBehaviour).
PASS = "pass"  # complete and pass on to the next step
TRIAGE = "triage"  # receive and sort: close a general complaint alone, or forward
DECIDE = "decide"  # handle it, or ask for direction
DIRECTION = "direction"  # give direction
RESOLVE = "resolve"  # resolve and answer the complainant
BEHAVIOURS = (PASS, TRIAGE, DECIDE, DIRECTION, RESOLVE)

# Step codes of 002 and 004 and what completing them means; unknown codes pass on.
BEHAVIOUR_OF_CODE = {
    "direct": PASS,
    "intake": TRIAGE,
    "kasubsi_handle": DECIDE,
    "kasi_direct": DIRECTION,
    "kasubsi_forward": PASS,
    "resolve": RESOLVE,
    "receive": TRIAGE,
    "forward": PASS,
    "kasubsi_analyse": PASS,
    "kasubsi_instruct": PASS,
    "answer": RESOLVE,
}

# Steps that apply only to some channels (002 step 1: the complainant stands in the office).
CHANNELS_OF_STEP = {"direct": frozenset({"walk_in"})}

# Seniority in the complaint chain: a senior may act on a junior's step (the Kasi covers the Kasubsi).
SENIORITY = {
    Role.DUTA_LAYANAN: 0,
    Role.PETUGAS_YANKOMAS: 1,
    Role.PENGELOLA_MEDSOS: 1,
    Role.KASUBSI: 2,
    Role.KASI: 3,
    Role.KEPALA_KANTOR: 4,
}

# Actions on a complaint (the ``action`` of the staff form; services named in brackets).
FORWARD = "forward"  # complete the step and pass it on (complaint_escalate)
CLOSE_GENERAL = "close_general"  # the officer closes a general complaint (complaint_close_general)
HANDLE = "handle"  # the Kasubsi handles it without the Kasi (complaint_handle_at_kasubsi)
ASK_DIRECTION = "ask_direction"  # the Kasubsi asks the Kasi for direction (complaint_escalate)
DIRECT = "direct"  # the Kasi gives direction (complaint_direct)
RESOLVE_ACTION = "resolve"  # resolve and answer (complaint_resolve)
PAUSE = "pause"  # wait for the complainant (complaint_pause)
RESUME = "resume"  # the complainant answered (complaint_resume)
STEP_ACTIONS = {
    PASS: (FORWARD,),
    TRIAGE: (CLOSE_GENERAL, FORWARD),
    DECIDE: (HANDLE, ASK_DIRECTION),
    DIRECTION: (DIRECT,),
    RESOLVE: (RESOLVE_ACTION,),
}
ALL_ACTIONS = (FORWARD, CLOSE_GENERAL, HANDLE, ASK_DIRECTION, DIRECT, RESOLVE_ACTION, PAUSE, RESUME)

# Step statuses (values of models.StepStatus) and complaint statuses (models.Status).
PENDING, ACTIVE, DONE, SKIPPED = "pending", "active", "done", "skipped"
OPEN, PAUSED, RESOLVED = "open", "paused", "resolved"


@dataclass(frozen=True)
class Step:
    """What the workflow needs to know of one step of a complaint."""

    order: int
    code: str
    behaviour: str
    owner: str
    status: str = PENDING


@dataclass(frozen=True)
class Opening:
    """How a new complaint's steps start: run at intake, skipped, and the one activated."""

    ran_at_intake: tuple[int, ...]
    skipped: tuple[int, ...]
    activate: int | None


@dataclass(frozen=True)
class Transition:
    """Moving on after a step: the pending steps skipped, then the step activated (None: none left)."""

    skipped: tuple[int, ...]
    activate: int | None


def behaviour_of(code: str, *, is_last: bool) -> str:
    """What completing the SOP step ``code`` means; the last step always resolves."""
    if is_last:
        return RESOLVE
    return BEHAVIOUR_OF_CODE.get(code, PASS)


def applies_to(code: str, channel: str) -> bool:
    """Whether step ``code`` applies to a complaint received on ``channel``."""
    channels = CHANNELS_OF_STEP.get(code)
    return channels is None or channel in channels


def opening(steps: Sequence[Step], channel: str) -> Opening:
    """A new complaint: channel-only steps that apply ran while it was received (the ambassador
    directed the complainant), those that do not apply are skipped; the first other step starts."""
    ran: list[int] = []
    skipped: list[int] = []
    for step in sorted(steps, key=lambda s: s.order):
        if step.code in CHANNELS_OF_STEP:
            (ran if applies_to(step.code, channel) else skipped).append(step.order)
            continue
        return Opening(tuple(ran), tuple(skipped), step.order)
    return Opening(tuple(ran), tuple(skipped), None)


def advance(steps: Sequence[Step], after: int, *, to_behaviour: str | None = None) -> Transition:
    """After step ``after`` is done: the next pending step starts, or with ``to_behaviour`` the
    first later pending step of that behaviour, the pending ones before it being skipped."""
    later = [s for s in sorted(steps, key=lambda s: s.order) if s.order > after and s.status == PENDING]
    skipped: list[int] = []
    for step in later:
        if to_behaviour is None or step.behaviour == to_behaviour:
            return Transition(tuple(skipped), step.order)
        skipped.append(step.order)
    return Transition(tuple(skipped), None)


def next_owner(steps: Sequence[Step], after: int) -> str | None:
    """The owner of the step that would start after step ``after`` (None when it is the last)."""
    transition = advance(steps, after)
    return next((s.owner for s in steps if s.order == transition.activate), None)


def rank(role: str | None) -> int | None:
    return SENIORITY.get(role) if role is not None else None


def may_act_on(role: str | None, owner: str) -> bool:
    """Whether ``role`` may act on a step owned by ``owner``: the owner or a senior in the chain."""
    mine, theirs = rank(role), rank(owner)
    return mine is not None and mine >= (theirs if theirs is not None else 0)


def step_actions(step: Step, role: str | None, *, next_owner_role: str | None = None) -> tuple[str, ...]:
    """The actions the active ``step`` offers to ``role`` (empty when the role may not act on it).

    Asking for direction hands the complaint up to the next step's owner; it is offered only to
    someone below that owner (never "ask the Kasi" to the Kasi or the head of office).
    """
    if step.status != ACTIVE or not may_act_on(role, step.owner):
        return ()
    offered = []
    for action in STEP_ACTIONS.get(step.behaviour, (FORWARD,)):
        if action == ASK_DIRECTION:
            upper = rank(next_owner_role)
            if upper is None or rank(role) >= upper:
                continue
        offered.append(action)
    return tuple(offered)


def complaint_actions(status: str, steps: Sequence[Step], role: str | None) -> tuple[str, ...]:
    """Everything ``role`` may do now on a complaint with ``status`` and ``steps``.

    A paused complaint can only be resumed; a resolved one offers nothing; an open one offers
    its active step's actions, and pausing to any team member who may act on that step.
    """
    if rank(role) is None or status == RESOLVED:
        return ()
    active = next((s for s in steps if s.status == ACTIVE), None)
    if active is None:
        return ()
    if status == PAUSED:
        return (RESUME,) if rank(role) >= rank(Role.PETUGAS_YANKOMAS) else ()
    offered = step_actions(active, role, next_owner_role=next_owner(steps, active.order))
    if rank(role) >= rank(Role.PETUGAS_YANKOMAS):
        offered += (PAUSE,)
    return offered


def acting_role(user_role: str | None, owner: str, *, superuser: bool) -> str | None:
    """The role a user acts in on a step: a superuser (system administration) acts as its owner."""
    return owner if superuser else user_role


def may_own(user_role: str | None, step_owner_role: str) -> bool:
    """Whether a user of ``user_role`` may be the named owner of a step: only someone of the step's own
    role (a Kasi covering a Kasubsi's step acts on it, but the step stays in the Kasubsi's hands)."""
    return user_role is not None and user_role == step_owner_role


def may_assign(actor_role: str | None, step_owner_role: str) -> bool:
    """Whether ``actor_role`` may name or change a step's owner: whoever may act on the step (its own
    role, or a senior in the chain distributing the work)."""
    return may_act_on(actor_role, step_owner_role)
