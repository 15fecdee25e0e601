"""What officers read instead of codes: condition labels from the policy data, remedy and flag labels.

The labels of a policy's conditions are part of its data (``label_id`` / ``label_en`` beside each
condition in ``policies/*.json``); a condition without one shows its reason, never its code.
The machine contract (``compensation evaluate``, the API) keeps the codes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from maklumat.compensation.models import Remedy
from maklumat.compensation.promises import walk_conditions


def _english() -> bool:
    return (get_language() or "id").startswith("en")


def condition_labels(policy) -> dict[str, str]:
    """code → label of every condition of a policy row (``CompensationPolicy``), in the active language."""
    if policy is None:
        return {}
    english = _english()
    labels = {}
    for condition in walk_conditions(policy.spec.get("conditions")):
        label = condition.get("label_en") if english else None
        labels[condition.get("code")] = label or condition.get("label_id") or ""
    return labels


def held_label(held: bool | None) -> str:
    if held is True:
        return _("terpenuhi")
    if held is False:
        return _("tidak terpenuhi")
    return _("belum dapat dipastikan")


def remedy_label(code: str) -> str:
    try:
        return str(Remedy(code).label)
    except ValueError:
        return code


def measured_text(kind: str | None, measured: Any) -> str:
    """What a condition measured, with its unit; nothing for yes/no and codes (the reason says it)."""
    if isinstance(measured, bool) or not isinstance(measured, int | float):
        return ""
    number = f"{measured:g}"
    if kind == "wait_over":
        return _("%(n)s menit") % {"n": number}
    if kind == "deadline_missed":
        return _("%(n)s hari kerja") % {"n": number}
    if kind == "no_outage":
        return _("%(n)s gangguan") % {"n": number}
    return number


SERVICE_CONDITIONS = ("service_in", "service_not_in")


def decision_rows(policy, conditions: Iterable[Any], *, service_name: str = "") -> list[dict[str, Any]]:
    """Each condition result (object or the dict stored with a claim) as a row officers can read.

    The reason of a service condition names the service as the catalogue does (``service_name``),
    not by its code."""
    labels = condition_labels(policy)
    kinds = {c.get("code"): c.get("type") for c in walk_conditions(policy.spec.get("conditions"))} if policy else {}
    english = _english()
    rows = []
    for condition in conditions:
        item: Mapping[str, Any] = condition if isinstance(condition, Mapping) else {
            "code": condition.code, "held": condition.held, "measured": condition.measured,
            "reason_id": condition.reason_id, "reason_en": condition.reason_en}
        reason = item.get("reason_en") if english else item.get("reason_id")
        if service_name and kinds.get(item.get("code")) in SERVICE_CONDITIONS:
            reason = _("Layanan: %(name)s") % {"name": service_name}
        rows.append({"label": labels.get(item.get("code")) or reason or "", "held": item.get("held"),
                     "held_label": held_label(item.get("held")),
                     "measured": measured_text(kinds.get(item.get("code")), item.get("measured")),
                     "reason": reason or ""})
    return rows


def policy_title(policy) -> str:
    if policy is None:
        return ""
    return policy.title_en if _english() and policy.title_en else policy.title_id
