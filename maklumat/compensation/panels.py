"""What the compensation area adds to other areas' pages (discovered through ``lib.areas``).

``application_panels(request, application, as_of=)`` returns ``[(template_name, context)]`` for
the application page; the applications area includes each template with ``panel`` = context,
without importing this area.
"""

from __future__ import annotations

from datetime import datetime

from maklumat.accounts.permissions import may
from maklumat.compensation.labels import decision_rows, remedy_label
from maklumat.compensation.selectors import application_decisions, policy_rows_for


def application_panels(request, application, *, as_of: datetime) -> list[tuple[str, dict]]:
    """The decisions on one application, condition by condition, with the claim button."""
    if not may(request.user, "compensation.view"):
        return []
    decisions = application_decisions(application, as_of=as_of)
    policies = {row.code: row for row in policy_rows_for(application.office)}
    claims = {claim.policy.code: claim for claim in application.claims.select_related("policy")}
    rows = [{"decision": d, "policy": policies.get(d.policy), "claim": claims.get(d.policy),
             "conditions": decision_rows(policies.get(d.policy), d.conditions,
                                         service_name=application.service.name),
             "remedies": [remedy_label(code) for code in d.remedies]} for d in decisions]
    return [("compensation/_panel.html", {"rows": rows, "application": application, "office": application.office})]
