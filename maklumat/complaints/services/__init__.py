"""Use cases that change complaints. Views, API, commands and the SLA worker all call these.

Every change locks the complaint row (``select_for_update``), checks that the step the actor
acted on is still the active one (so two officers escalating at once cannot both win), asks
``complaints.workflow`` whether the actor may take the action and what comes next, appends a
``ComplaintEvent`` and writes an audit entry in the same transaction.

By sub-domain: ``intake`` (opening a complaint on any channel), ``steps`` (acting on the SOP
steps, pausing), ``desk`` (step owners, internal notes, the reply history),
``replies`` (the complainant's messages and rating, linking an application).
"""

from maklumat.complaints.services.closing import complaint_auto_close, complaint_reopen
from maklumat.complaints.services.common import StepConflict
from maklumat.complaints.services.desk import (
    complaint_note_add,
    complaint_reply_record,
    complaint_step_assign,
    complaint_step_take,
)
from maklumat.complaints.services.intake import Reporter, complaint_open, new_tracking_code
from maklumat.complaints.services.replies import complaint_link_application, complaint_message_add, complaint_rate
from maklumat.complaints.services.steps import (
    complaint_close_general,
    complaint_direct,
    complaint_escalate,
    complaint_handle_at_kasubsi,
    complaint_pause,
    complaint_resolve,
    complaint_resume,
)

__all__ = [
    "Reporter", "StepConflict", "complaint_auto_close", "complaint_close_general", "complaint_direct",
    "complaint_escalate",
    "complaint_handle_at_kasubsi", "complaint_link_application", "complaint_message_add", "complaint_open",
    "complaint_pause", "complaint_rate", "complaint_reopen", "complaint_resolve", "complaint_resume",
    "new_tracking_code", "complaint_note_add", "complaint_reply_record", "complaint_step_assign",
    "complaint_step_take",
]
