"""Compensation policies as data: loading, validating and compiling them (pure).

A policy belongs to one office, has an effective period, a list of conditions (all must
hold; ``any_of`` / ``all_of`` nest) and the remedies owed when they do. The two seeded
policies live as JSON files in ``maklumat/compensation/policies/``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from maklumat.compensation.rules.conditions import AllOf, Condition, PolicyError, build_condition
from maklumat.compensation.rules.facts import REMEDIES

POLICY_DIR = Path(__file__).resolve().parent.parent / "policies"


@dataclass(frozen=True)
class Policy:
    """A compiled compensation policy, ready to evaluate many applications."""

    code: str
    office: str
    title_id: str
    title_en: str
    document: str
    effective_from: date
    effective_to: date | None
    remedies: tuple[str, ...]
    claim_required: bool
    condition: Condition
    spec: Mapping[str, Any]

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


def _date(spec: Mapping[str, Any], key: str, *, required: bool) -> date | None:
    value = spec.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise PolicyError(f"{key} must be a date YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PolicyError(f"{key}: {value!r} is not a date YYYY-MM-DD") from None


def policy_from_dict(spec: Mapping[str, Any]) -> Policy:
    """Validate and compile a policy; raises ``PolicyError`` naming what is wrong."""
    if not isinstance(spec, Mapping):
        raise PolicyError("a policy must be an object")
    for key in ("code", "office", "title_id"):
        if not isinstance(spec.get(key), str) or not spec[key]:
            raise PolicyError(f"{key} is required")
    start = _date(spec, "effective_from", required=True)
    end = _date(spec, "effective_to", required=False)
    if end is not None and start is not None and end < start:
        raise PolicyError("effective_to is before effective_from")
    remedies = spec.get("remedies")
    if not isinstance(remedies, list) or not remedies:
        raise PolicyError("remedies must be a non-empty list")
    unknown = [r for r in remedies if r not in REMEDIES]
    if unknown:
        raise PolicyError(f"unknown remedies: {', '.join(map(str, unknown))} (known: {', '.join(REMEDIES)})")
    conditions = spec.get("conditions")
    if not isinstance(conditions, list) or not conditions:
        raise PolicyError("conditions must be a non-empty list")
    parts = tuple(build_condition(item) for item in conditions)
    codes = _all_codes(parts)
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise PolicyError(f"condition codes must be unique: {', '.join(duplicates)}")
    return Policy(
        code=spec["code"], office=spec["office"], title_id=spec["title_id"], title_en=spec.get("title_en", ""),
        document=spec.get("document", ""), effective_from=start, effective_to=end,  # type: ignore[arg-type]
        remedies=tuple(remedies), claim_required=bool(spec.get("claim_required", False)),
        condition=AllOf("all", parts, report=False), spec=dict(spec),
    )


def _all_codes(parts: Sequence[Condition]) -> list[str]:
    codes: list[str] = []
    for part in parts:
        codes.append(part.code)
        codes.extend(_all_codes(getattr(part, "parts", ())))
    return codes


def policy_from_json(text: str) -> Policy:
    try:
        spec = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PolicyError(f"not JSON: {exc}") from None
    return policy_from_dict(spec)


def seeded_policy_specs() -> list[dict[str, Any]]:
    """The policies shipped with Maklumat (read from the seed documents 000 and 001)."""
    return [json.loads(path.read_text()) for path in sorted(POLICY_DIR.glob("*.json"))]
