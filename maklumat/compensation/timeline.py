"""What the compensation area adds to the applicant's own timeline (asked through ``lib.areas.ask``):
``application_compensation(application, as_of=)`` → the compensation owed under the office's policy
and how to claim it, in words the applicant reads (no condition codes, no officers' notes)."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from maklumat.compensation.labels import policy_title, remedy_label
from maklumat.compensation.rules.facts import DECISION_ELIGIBLE
from maklumat.compensation.selectors import application_decisions, policy_rows_for


def how_to_claim(policy, office) -> str:
    """From the policy's data: a claim at the complaint post, or given without a claim."""
    if policy is not None and policy.claim_required:
        return _("Sampaikan klaim kepada petugas pengaduan (Yankomas) di %(office)s dengan menunjukkan "
                 "tanda terima permohonan ini.") % {"office": office.name}
    return _("Tidak perlu mengajukan klaim: kantor memberikannya tanpa diminta.")


def application_compensation(application, *, as_of: datetime) -> list[dict]:
    """The policies under which ``application`` is owed compensation now, with the remedies, how to
    claim and whether a claim is already recorded."""
    decisions = [d for d in application_decisions(application, as_of=as_of) if d.decision == DECISION_ELIGIBLE]
    if not decisions:
        return []
    policies = {row.code: row for row in policy_rows_for(application.office)}
    claimed = set(application.claims.values_list("policy__code", flat=True))
    rows = []
    for decision in decisions:
        policy = policies.get(decision.policy)
        rows.append({"title": policy_title(policy), "remedies": [remedy_label(code) for code in decision.remedies],
                     "how_to_claim": how_to_claim(policy, application.office),
                     "claimed": decision.policy in claimed})
    return rows
