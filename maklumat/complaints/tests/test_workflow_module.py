"""The complaint workflow as a pure module: tested without a database, over channel × step × role."""

from hypothesis import given
from hypothesis import strategies as st

from maklumat.accounts.roles import Role
from maklumat.complaints import workflow
from maklumat.complaints.models import Channel

# 002 walk-in (Pamekasan) and 004 social media (Balikpapan), as the SOP data gives them.
WALK_IN = [("direct", Role.DUTA_LAYANAN), ("intake", Role.PETUGAS_YANKOMAS), ("kasubsi_handle", Role.KASUBSI),
           ("kasi_direct", Role.KASI), ("kasubsi_forward", Role.KASUBSI), ("resolve", Role.PETUGAS_YANKOMAS)]
SOCIAL = [("receive", Role.PENGELOLA_MEDSOS), ("forward", Role.PENGELOLA_MEDSOS), ("kasubsi_analyse", Role.KASUBSI),
          ("kasi_direct", Role.KASI), ("kasubsi_instruct", Role.KASUBSI), ("answer", Role.PENGELOLA_MEDSOS)]
CHAINS = {"walk_in": WALK_IN, "social": SOCIAL}


def chain(rows, active: int | None = None) -> list[workflow.Step]:
    """Steps of a chain; those before ``active`` done, ``active`` active, the rest pending."""
    steps = []
    for index, (code, owner) in enumerate(rows, start=1):
        status = workflow.PENDING
        if active is not None:
            status = workflow.DONE if index < active else workflow.ACTIVE if index == active else workflow.PENDING
        steps.append(workflow.Step(index, code, workflow.behaviour_of(code, is_last=index == len(rows)), owner,
                                   status))
    return steps


def test_behaviours_of_the_walk_in_chain_come_from_the_step_codes():
    assert [s.behaviour for s in chain(WALK_IN)] == ["pass", "triage", "decide", "direction", "pass", "resolve"]
    assert [s.behaviour for s in chain(SOCIAL)] == ["triage", "pass", "pass", "direction", "pass", "resolve"]


def test_a_walk_in_ran_the_ambassadors_step_other_channels_skip_it():
    assert workflow.opening(chain(WALK_IN), "walk_in") == workflow.Opening((1,), (), 2)
    assert workflow.opening(chain(WALK_IN), "email") == workflow.Opening((), (1,), 2)
    assert workflow.opening(chain(SOCIAL), "social_media") == workflow.Opening((), (), 1)


def test_the_kasubsi_handling_alone_skips_the_kasis_direction_and_the_forwarding():
    steps = chain(WALK_IN, active=3)
    assert workflow.advance(steps, 3, to_behaviour=workflow.RESOLVE) == workflow.Transition((4, 5), 6)
    assert workflow.advance(steps, 3) == workflow.Transition((), 4)
    assert workflow.advance(chain(WALK_IN, active=6), 6) == workflow.Transition((), None)


def test_the_kasubsi_at_the_decision_step_may_handle_or_ask_the_kasi():
    steps = chain(WALK_IN, active=3)
    assert workflow.complaint_actions("open", steps, Role.KASUBSI) == ("handle", "ask_direction", "pause")


def test_the_kasi_covering_the_kasubsis_step_is_not_offered_to_ask_the_kasi():
    steps = chain(WALK_IN, active=3)
    assert workflow.complaint_actions("open", steps, Role.KASI) == ("handle", "pause")
    assert workflow.complaint_actions("open", steps, Role.KEPALA_KANTOR) == ("handle", "pause")


def test_the_officer_may_not_act_on_the_kasubsis_step_but_may_pause():
    steps = chain(WALK_IN, active=3)
    assert workflow.complaint_actions("open", steps, Role.PETUGAS_YANKOMAS) == ("pause",)


def test_a_paused_complaint_can_only_be_resumed_and_a_resolved_one_offers_nothing():
    steps = chain(WALK_IN, active=2)
    assert workflow.complaint_actions("paused", steps, Role.PETUGAS_YANKOMAS) == ("resume",)
    assert workflow.complaint_actions("resolved", steps, Role.KASI) == ()


def test_roles_outside_the_complaint_chain_get_nothing():
    steps = chain(WALK_IN, active=2)
    for role in (Role.PETUGAS_LOKET, Role.SUPERVISOR_KANWIL, Role.SUPERVISOR_NASIONAL, Role.ADMINISTRATOR, None):
        assert workflow.complaint_actions("open", steps, role) == ()


ROLES = st.sampled_from([*Role.values, None])
CHANNELS = st.sampled_from(Channel.values)


@given(chain_name=st.sampled_from(sorted(CHAINS)), position=st.integers(1, 6), role=ROLES, status=st.sampled_from(
    ["open", "paused", "resolved"]))
def test_every_offered_action_belongs_to_the_step_and_the_role_may_act(chain_name, position, role, status):
    steps = chain(CHAINS[chain_name], active=position)
    active = steps[position - 1]
    offered = workflow.complaint_actions(status, steps, role)
    assert len(set(offered)) == len(offered)
    assert set(offered) <= set(workflow.ALL_ACTIONS)
    step_offered = set(offered) - {workflow.PAUSE, workflow.RESUME}
    assert step_offered <= set(workflow.STEP_ACTIONS[active.behaviour])
    if step_offered:
        assert status == "open" and workflow.may_act_on(role, active.owner)
    if role not in workflow.SENIORITY:
        assert offered == ()
    if workflow.ASK_DIRECTION in offered:
        upper = workflow.next_owner(steps, position)
        assert workflow.SENIORITY[role] < workflow.SENIORITY[upper]
    # no-one is ever asked to hand the complaint to themselves
    if role in (Role.KASI, Role.KEPALA_KANTOR):
        assert workflow.ASK_DIRECTION not in offered


@given(chain_name=st.sampled_from(sorted(CHAINS)), channel=CHANNELS)
def test_opening_starts_exactly_one_step_after_those_run_or_skipped(chain_name, channel):
    steps = chain(CHAINS[chain_name])
    plan = workflow.opening(steps, channel)
    touched = [*plan.ran_at_intake, *plan.skipped, plan.activate]
    assert sorted(touched) == list(range(1, len(touched) + 1))
    assert plan.activate is not None and steps[plan.activate - 1].code not in workflow.CHANNELS_OF_STEP
    assert ("direct" in [steps[o - 1].code for o in plan.ran_at_intake]) == (
        channel == "walk_in" and chain_name == "walk_in")


@given(chain_name=st.sampled_from(sorted(CHAINS)), position=st.integers(1, 6),
       to=st.sampled_from([None, *workflow.BEHAVIOURS]))
def test_advancing_skips_only_pending_steps_before_the_one_it_starts(chain_name, position, to):
    steps = chain(CHAINS[chain_name], active=position)
    transition = workflow.advance(steps, position, to_behaviour=to)
    later = [s.order for s in steps if s.order > position]
    if transition.activate is None:
        assert list(transition.skipped) == (later if to is not None else [])
    else:
        assert list(transition.skipped) + [transition.activate] == later[:len(transition.skipped) + 1]
        assert to is None or steps[transition.activate - 1].behaviour == to
