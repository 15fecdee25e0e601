"""`maklumat simulate`: waits and compensation liability of a staffing plan (see README, "Simulasi staf")."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandParser

from maklumat.calendar.selectors import work_calendar_for
from maklumat.offices.models import Office
from maklumat.simulation import engine
from maklumat.simulation.forecast import backtest, forecast
from maklumat.simulation.history import load_history, threshold_minutes
from maklumat.simulation.model import ScenarioError, scenario_from_json, staffing_from_json

EXIT_BAD_INPUT = 2
MAX_DAYS = 366
MAX_REPLICATIONS = 200


def result_json(office: str, result: engine.Result, backtest_json: dict | None) -> dict:
    """The CLI's output object (README): the exact contract, rounded so equal seeds print equal bytes."""
    return {
        "office": office, "days": result.days, "replications": result.replications, "seed": result.seed,
        "classes": {name: {"served": round(c.served, 1), "mean_wait_minutes": round(c.mean_wait, 2),
                           "p90_wait_minutes": round(c.p90_wait, 2),
                           "over_threshold": {"mean": round(c.over_threshold, 2),
                                              "ci95": [round(max(0.0, c.over_threshold_ci95[0]), 2),
                                                       round(c.over_threshold_ci95[1], 2)]}}
                    for name, c in result.classes.items()},
        "steps": {code: {"utilisation": round(s.utilisation, 3), "mean_queue": round(s.mean_queue, 2)}
                  for code, s in result.steps.items()},
        "threshold_minutes": result.threshold_minutes,
        "backtest": backtest_json,
    }


def history_range(value: str) -> tuple[date, date]:
    start, sep, end = value.partition(":")
    try:
        if not sep:
            raise ValueError
        first, last = date.fromisoformat(start), date.fromisoformat(end)
    except ValueError:
        raise ScenarioError("history", "must be FROM:TO as YYYY-MM-DD:YYYY-MM-DD") from None
    if last < first:
        raise ScenarioError("history", "TO is before FROM")
    return first, last


class Command(BaseCommand):
    help = "Simulate office days under a staffing plan: waits, utilisation and compensation liability."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--office", required=True, help="office code, e.g. blitar")
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--history", help="fit the model to FROM:TO (YYYY-MM-DD:YYYY-MM-DD) and backtest it")
        source.add_argument("--scenario", help="scenario JSON file (the model made explicit)")
        parser.add_argument("--staffing", help="staffing JSON file: counters per step and hour")
        parser.add_argument("--days", default="1", help="office days to simulate (default 1)")
        parser.add_argument("--replications", default="20", help="independent replications (default 20)")
        parser.add_argument("--seed", default="0", help="random seed (default 0)")

    def _fail(self, field: str, reason: str) -> None:
        sys.stderr.write(f"{field}: {reason}\n")
        sys.stderr.flush()
        raise SystemExit(EXIT_BAD_INPUT)

    def _int(self, value: str, field: str, low: int, high: int) -> int:
        try:
            number = int(value)
        except (TypeError, ValueError):
            self._fail(field, "must be a whole number")
        if not low <= number <= high:
            self._fail(field, f"must be between {low} and {high}")
        return number

    def _json(self, path: str, field: str):
        try:
            with open(path, encoding="utf-8") as handle:
                return json.load(handle)
        except OSError as exc:
            self._fail(field, f"cannot read {path}: {exc.strerror or exc}")
        except (ValueError, UnicodeDecodeError) as exc:
            self._fail(field, f"not valid JSON: {exc}")

    def handle(self, *args, **options) -> None:
        days = self._int(options["days"], "days", 1, MAX_DAYS)
        replications = self._int(options["replications"], "replications", 1, MAX_REPLICATIONS)
        seed = self._int(options["seed"], "seed", 0, 2**31 - 1)
        code = options["office"]
        office = None if "\x00" in code or len(code) > 60 else Office.objects.filter(code=code).first()
        if office is None:
            self._fail("office", f"unknown office code {code!r}")
        today = office.local_date()
        try:
            history = None
            if options["scenario"]:
                scenario = scenario_from_json(self._json(options["scenario"], "scenario"))
                scenario = replace(scenario, threshold_minutes=threshold_minutes(office, today))
            else:
                start, end = history_range(options["history"])
                history = load_history(office, start, end, as_of=end)
                if not history.visits:
                    raise ScenarioError("history", f"no applicant visits recorded at {code} from {start} to {end}")
                scenario = history.fit.scenario
            if options["staffing"]:
                staffing, room = staffing_from_json(self._json(options["staffing"], "staffing"), scenario)
                scenario = scenario.with_staffing(staffing, room)
        except ScenarioError as exc:
            self._fail(exc.field, exc.reason)
        if history is not None:
            calendar_days = []
            day = history.end
            calendar = work_calendar_for(office)
            while len(calendar_days) < days:
                day += timedelta(days=1)
                if calendar.is_working_day(day):
                    calendar_days.append(day)
            result = forecast(scenario, calendar_days, replications=replications, seed=seed)
            checked = backtest(history, replications=min(replications, 3), seed=seed)
            backtest_json = checked.as_json() if checked is not None else None
        else:
            result = engine.simulate(scenario, days=days, replications=replications, seed=seed)
            backtest_json = None
        sys.stdout.write(json.dumps(result_json(office.code, result, backtest_json), ensure_ascii=False) + "\n")
