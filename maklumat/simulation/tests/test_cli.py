"""`maklumat simulate`: the exact contract (README), determinism and bad input."""

from __future__ import annotations

import json

import pytest

from maklumat.conftest import run_command
from maklumat.simulation.tests.conftest import HISTORY_END, HISTORY_START

pytestmark = pytest.mark.django_db

SCENARIO = {"open": "08:00", "close": "12:00",
            "classes": {"general": {"arrivals_per_hour": 12}, "priority": {"arrivals_per_hour": {"08": 2}}},
            "steps": [{"code": "intake", "counters": 1,
                       "service_minutes": {"distribution": "lognormal", "mean": 4, "sd": 1.5}},
                      {"code": "biometric", "counters": {"08": 1, "09": 2, "10": 2, "11": 2},
                       "service_minutes": {"distribution": "exponential", "mean": 9}}],
            "calling_rule": {"general_per_priority": 3}}


def write(tmp_path, name, data) -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return str(path)


def test_scenario_output_has_exactly_the_contract_fields_and_the_blitar_threshold(blitar, tmp_path):
    code, out, err = run_command("simulate", ["--office", "blitar", "--scenario", write(tmp_path, "s.json", SCENARIO),
                                              "--days", "2", "--replications", "4", "--seed", "5"])
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert list(data) == ["office", "days", "replications", "seed", "classes", "steps", "threshold_minutes",
                          "backtest"]
    assert (data["office"], data["days"], data["replications"], data["seed"]) == ("blitar", 2, 4, 5)
    assert set(data["classes"]) == {"general", "priority"}
    assert set(data["classes"]["general"]) == {"served", "mean_wait_minutes", "p90_wait_minutes", "over_threshold"}
    assert set(data["classes"]["general"]["over_threshold"]) == {"mean", "ci95"}
    assert set(data["steps"]) == {"intake", "biometric"}
    assert set(data["steps"]["intake"]) == {"utilisation", "mean_queue"}
    # Blitar's decree (seed 000) promises the biometric wait: its policy data gives the threshold
    assert data["threshold_minutes"] == 120
    assert data["backtest"] is None


def test_an_office_without_a_wait_policy_has_no_threshold(pamekasan, tmp_path):
    code, out, _ = run_command("simulate", ["--office", "pamekasan", "--scenario",
                                            write(tmp_path, "s.json", SCENARIO), "--replications", "2"])
    assert code == 0
    data = json.loads(out)
    assert data["threshold_minutes"] is None
    assert all(c["over_threshold"]["mean"] == 0 for c in data["classes"].values())


def test_the_same_seed_prints_the_same_bytes(blitar, tmp_path):
    args = ["--office", "blitar", "--scenario", write(tmp_path, "s.json", SCENARIO), "--replications", "3",
            "--seed", "42"]
    assert run_command("simulate", args)[1] == run_command("simulate", args)[1]
    assert run_command("simulate", args)[1] != run_command("simulate", [*args[:-1], "43"])[1]


def test_staffing_file_changes_the_counters(blitar, tmp_path):
    base = ["--office", "blitar", "--scenario", write(tmp_path, "s.json", SCENARIO), "--replications", "4"]
    _, plain, _ = run_command("simulate", base)
    _, more, _ = run_command("simulate", [*base, "--staffing", write(tmp_path, "st.json", {"biometric": 4})])
    assert json.loads(more)["classes"]["general"]["mean_wait_minutes"] < \
        json.loads(plain)["classes"]["general"]["mean_wait_minutes"]


@pytest.mark.parametrize(("args", "message"), [
    (["--office", "atlantis", "--scenario", "{s}"], "office: unknown office code 'atlantis'"),
    (["--office", "blitar", "--scenario", "{missing}"], "scenario: cannot read"),
    (["--office", "blitar", "--scenario", "{broken}"], "scenario: not valid JSON"),
    (["--office", "blitar", "--scenario", "{no_counters}"], "steps[0].counters: a step needs counters"),
    (["--office", "blitar", "--scenario", "{negative}"], "classes.general.arrivals_per_hour: must not be negative"),
    (["--office", "blitar", "--scenario", "{s}", "--days", "0"], "days: must be between 1 and 366"),
    (["--office", "blitar", "--scenario", "{s}", "--replications", "x"], "replications: must be a whole number"),
    (["--office", "blitar", "--history", "2026-10-01"], "history: must be FROM:TO"),
    (["--office", "blitar", "--history", "2026-10-01:2026-09-01"], "history: TO is before FROM"),
    (["--office", "blitar", "--history", "2020-01-01:2020-01-31"], "history: no applicant visits recorded"),
    (["--office", "blitar", "--scenario", "{s}", "--staffing", "{bad_staffing}"], "staffing.kasir: unknown step"),
])
def test_bad_input_says_field_and_reason_prints_nothing_and_exits_2(blitar, tmp_path, args, message):
    files = {
        "s": write(tmp_path, "s.json", SCENARIO), "missing": str(tmp_path / "nope.json"),
        "broken": write(tmp_path, "b.json", "{not json"),
        "no_counters": write(tmp_path, "n.json", {**SCENARIO, "steps": [
            {"code": "intake", "service_minutes": {"distribution": "fixed", "mean": 3}}]}),
        "negative": write(tmp_path, "neg.json", {**SCENARIO, "classes": {"general": {"arrivals_per_hour": -2}}}),
        "bad_staffing": write(tmp_path, "bs.json", {"kasir": 2}),
    }
    code, out, err = run_command("simulate", [a.format(**files) for a in args])
    assert (code, out) == (2, "")
    assert err.startswith(message), err


def test_history_fits_a_model_forecasts_and_backtests(blitar_history):
    code, out, err = run_command("simulate", ["--office", "blitar", "--history",
                                              f"{HISTORY_START}:{HISTORY_END}", "--days", "3",
                                              "--replications", "3", "--seed", "1"])
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert {"m_paspor", "walk_in"} <= set(data["classes"])
    assert set(data["steps"]) == {"intake", "biometric", "handover"}
    assert data["threshold_minutes"] == 120
    backtest = data["backtest"]
    assert backtest["from"] == str(HISTORY_START) and backtest["to"] == str(HISTORY_END)
    assert backtest["days"] > 30
    assert backtest["actual"]["mean_wait_minutes"] > 0
    assert set(backtest["error"]) == {"mean_wait_minutes", "p90_wait_minutes", "over_threshold"}
    assert backtest["error"]["mean_wait_minutes"] == pytest.approx(
        backtest["predicted"]["mean_wait_minutes"] - backtest["actual"]["mean_wait_minutes"], abs=0.11)


def test_history_fit_uses_the_observed_services_and_the_staffing_the_office_had(blitar_history):
    from maklumat.simulation.history import load_history

    history = load_history(blitar_history, HISTORY_START, HISTORY_END, as_of=HISTORY_END)
    services = {fit.step: fit for fit in history.fit.services}
    # intake and biometric + interview durations come from the imported events (500 applicants)
    assert services["intake"].distribution == "empirical" and services["intake"].samples >= 200
    assert services["biometric"].distribution == "empirical"
    assert 2 <= services["intake"].mean <= 8  # the generator's intake lasts 2 to 8 minutes
    # handover has no durations in the history: the step's SOP norm (minimum-sample guard)
    assert (services["handover"].distribution, services["handover"].samples) == ("exponential", 0)
    assert history.fit.scenario.threshold_minutes == 120
    assert history.fit.scenario.calling_rule.kind == "priority_first"  # Blitar's queue set-up
    some_day = history.working_days[5]
    assert max(history.staffing_by_day[some_day]["biometric"].values()) >= 1
