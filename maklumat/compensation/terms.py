"""The compensation terms an office publishes, generated from its policy data (nothing typed twice).

The Maklumat poster and the public standards page print these: each policy in force, its basis
document, what the applicant receives (remedy labels) and the conditions as the policy states them
(each condition's ``label_id``/``label_en`` from ``policies/*.json``; ``any_of``/``all_of`` groups
nested). Whether it must be asked for comes from ``claim_required``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from maklumat.compensation.labels import remedy_label
from maklumat.compensation.promises import policies_in_force


@dataclass(frozen=True)
class PolicyTerms:
    title: str
    document: str
    effective_from: date
    remedies: tuple[str, ...]
    conditions: tuple[tuple[int, str], ...]  # (depth, text), in the policy's order
    how_to_claim: str


def _label(condition: Mapping[str, Any], english: bool) -> str:
    return (condition.get("label_en") if english else None) or condition.get("label_id") or ""


def _lines(conditions: Iterable[Mapping[str, Any]], depth: int, english: bool) -> list[tuple[int, str]]:
    lines: list[tuple[int, str]] = []
    for condition in conditions or ():
        kind = condition.get("type")
        label = _label(condition, english)
        if kind in ("any_of", "all_of"):
            joint = _("salah satu dari") if kind == "any_of" else _("semua dari")
            lines.append((depth, f"{label} ({joint}):" if label else f"{joint}:"))
            lines += _lines(condition.get("conditions"), depth + 1, english)
        elif label:
            lines.append((depth, label))
    return lines


def compensation_terms(office, day: date) -> list[PolicyTerms]:
    """The terms of every compensation policy of ``office`` in force on ``day`` (the office's date)."""
    english = (get_language() or "id").startswith("en")
    terms = []
    for row in policies_in_force(office, day):
        spec = row.spec or {}
        terms.append(PolicyTerms(
            title=(row.title_en if english and row.title_en else row.title_id),
            document=row.document,
            effective_from=row.effective_from,
            remedies=tuple(remedy_label(code) for code in spec.get("remedies", ())),
            conditions=tuple(_lines(spec.get("conditions"), 0, english)),
            how_to_claim=(_("Sampaikan klaim kepada petugas di ruang pengaduan (Pos Yankomas) pada hari itu.")
                          if spec.get("claim_required") else
                          _("Diberikan tanpa perlu diminta: kantor mencatat dan memberikannya.")),
        ))
    return terms
