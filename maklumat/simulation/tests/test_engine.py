"""The simulation engine against queueing theory, its determinism, and the queue's own calling rule."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from maklumat.queueing import rules as queue_rules
from maklumat.simulation import engine
from maklumat.simulation.model import scenario_from_json


def stationary(rate: float, mean: float, counters: int, rule="priority_first", classes=None) -> dict:
    return {"open": "00:00", "close": "23:59", "classes": classes or {"general": {"arrivals_per_hour": rate}},
            "steps": [{"code": "biometric", "counters": counters,
                       "service_minutes": {"distribution": "exponential", "mean": mean}}],
            "calling_rule": rule}


def test_erlang_c_formula_matches_the_textbook_values():
    # M/M/1: Wq = rho / (mu - lambda); M/M/2 with a = 1.5: P(wait) = 0.6428..., Wq = 12.857 minutes.
    assert math.isclose(engine.erlang_c_wait(0.05, 10, 1), 0.5 / (0.1 - 0.05))
    assert math.isclose(engine.erlang_c_wait(9 / 60, 10, 2), 90 / 7)
    assert engine.erlang_c_wait(0.3, 10, 2) == math.inf


def test_stationary_single_step_mean_wait_lies_in_the_confidence_interval_of_erlang_c():
    # Given one step, 2 counters, Poisson arrivals 6 an hour and exponential 10-minute services all day
    # (load 0.5: the empty office of the morning is forgotten within the first hour)
    scenario = scenario_from_json(stationary(6, 10, 2))
    # When 30 replicated days are simulated
    result = engine.simulate(scenario, days=1, replications=30, seed=7)
    # Then the Erlang C mean wait (3.33 min) lies inside the simulation's 95 % interval
    low, high = result.classes["general"].mean_wait_ci95
    expected = engine.erlang_c_wait(6 / 60, 10, 2)
    assert low <= expected <= high
    assert high - low < 2.5  # and the interval is narrow enough to mean something
    assert math.isclose(result.steps["biometric"].utilisation, 0.5, abs_tol=0.04)


def test_the_same_seed_gives_the_same_result_and_another_seed_another():
    scenario = scenario_from_json(stationary(9, 10, 2))
    first = engine.simulate(scenario, days=2, replications=3, seed=11)
    assert first == engine.simulate(scenario, days=2, replications=3, seed=11)
    assert first != engine.simulate(scenario, days=2, replications=3, seed=12)


def test_the_engine_calls_with_the_queues_own_rule_module_not_a_copy(monkeypatch):
    calls = []
    original = queue_rules.next_ticket

    def spy(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(queue_rules, "next_ticket", spy)
    assert engine.rules is queue_rules
    engine.simulate(scenario_from_json(stationary(9, 10, 2)), days=1, replications=1, seed=1)
    assert calls, "the engine never asked queueing.rules.next_ticket"


def test_priority_first_serves_priority_sooner_and_a_ratio_rule_less_so():
    classes = {"general": {"arrivals_per_hour": 9}, "priority": {"arrivals_per_hour": 2}}
    first = engine.simulate(scenario_from_json(stationary(0, 8, 2, classes=classes)), replications=10, seed=3)
    ratio = engine.simulate(scenario_from_json(stationary(0, 8, 2, {"general_per_priority": 3}, classes)),
                            replications=10, seed=3)
    assert first.classes["priority"].mean_wait < first.classes["general"].mean_wait
    assert first.classes["priority"].mean_wait <= ratio.classes["priority"].mean_wait


def test_biometric_waits_over_the_threshold_are_counted_strictly():
    from dataclasses import replace

    scenario = replace(scenario_from_json(stationary(11.5, 10, 2)), threshold_minutes=30)
    result = engine.simulate(scenario, replications=5, seed=2)
    assert result.over_threshold > 0
    assert result.classes["general"].over_threshold == result.over_threshold
    none = engine.simulate(replace(scenario, threshold_minutes=None), replications=5, seed=2)
    assert none.over_threshold == 0


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=500), min_size=1, max_size=40))
def test_ci95_contains_the_mean(values):
    low, high = engine.ci95(values)
    mean = sum(values) / len(values)
    assert low - 1e-6 <= mean <= high + 1e-6


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=500), min_size=1, max_size=40), st.floats(0.01, 1))
def test_percentile_is_one_of_the_values_and_monotone(values, q):
    p = engine.percentile(values, q)
    assert p in values
    assert engine.percentile(values, 1.0) == max(values)
    assert p <= engine.percentile(values, min(1.0, q + 0.1))
