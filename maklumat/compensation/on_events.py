"""Compensation's answer to changed application events (``applications.notify``): each application's latest
event moment moves forward (``LatestEvent``, for the watchlist); when an event makes an application
eligible under the office's policy, the applicant is told what is owed and how to claim it (a message
queued in the outbox, in the same transaction as the event).

Only fresh events of a single application count: an import of history or a voided mistake tells no one.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from maklumat.applications.models import Application
from maklumat.applications.notices import is_fresh
from maklumat.compensation.labels import policy_title, remedy_label
from maklumat.compensation.latest_events import latest_events_refresh
from maklumat.compensation.rules.facts import DECISION_ELIGIBLE
from maklumat.compensation.selectors import application_decisions, policy_rows_for
from maklumat.compensation.timeline import how_to_claim
from maklumat.notifications.services import message_enqueue


def application_events_changed(*, office, application_ids, first: datetime, last: datetime) -> None:
    latest_events_refresh(office=office, application_ids=application_ids, last=last)
    if len(application_ids) != 1 or not is_fresh(last):
        return
    application = Application.objects.select_related("office", "service").filter(pk=application_ids[0]).first()
    if application is None or not application.applicant_phone:
        return
    decisions = [d for d in application_decisions(application, as_of=timezone.now())
                 if d.decision == DECISION_ELIGIBLE]
    if not decisions:
        return
    policies = {row.code: row for row in policy_rows_for(office)}
    for decision in decisions:
        policy = policies.get(decision.policy)
        with translation.override(settings.LANGUAGE_CODE):
            body = _("%(office)s: permohonan %(number)s berhak atas kompensasi (%(remedies)s) menurut %(policy)s. "
                     "%(claim)s") % {
                "office": office.short_name, "number": application.number,
                "remedies": ", ".join(remedy_label(code) for code in decision.remedies),
                "policy": policy_title(policy), "claim": how_to_claim(policy, office)}
            subject = _("Kompensasi layanan")
        message_enqueue(office=office, kind="compensation_decided", subject=subject, body=body,
                        key=f"compensation:{application.pk}:{decision.policy}", phone=application.applicant_phone)
