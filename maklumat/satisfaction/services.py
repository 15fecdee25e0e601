"""Writes of the satisfaction area: invitations, anonymous responses, targets, plans."""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from maklumat.audit.services import audit_record
from maklumat.satisfaction.models import (
    FollowUpPlan,
    IkmTarget,
    ServedPopulation,
    SurveyInvitation,
    SurveyResponse,
)
from maklumat.satisfaction.periods import period_parse
from maklumat.satisfaction.rules import ANSWER_MAX, ANSWER_MIN, ELEMENTS

# No 0/O, 1/I/L: the code is typed from a printed receipt on the public web page.
TOKEN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TOKEN_LENGTH = 10


class SurveyClosed(Exception):
    """The invitation does not exist or has already been used."""


def _new_token() -> str:
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


def normalise_token(raw: str) -> str:
    return "".join(raw.split()).replace("-", "").upper()


def survey_invitation_issue(*, office, service=None, channel: str, reference: str = "",
                            actor=None) -> SurveyInvitation:
    """A single-use survey invitation for one service transaction (``.url``, ``.token``).

    Issuing twice for the same ``reference`` returns the first invitation, so printing a
    receipt again never creates a second vote. Not audited on purpose: an audit row per
    ticket would be noise, and the invitation carries nothing about the answers.
    """
    reference = reference.strip()
    if reference:
        existing = SurveyInvitation.objects.filter(office=office, reference=reference).first()
        if existing:
            return existing
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return SurveyInvitation.objects.create(
                    office=office, service=service, channel=channel, reference=reference,
                    token=_new_token(), issued_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
        except IntegrityError:
            # Either a concurrent issue for the same reference (return it) or a token collision (retry).
            if reference:
                existing = SurveyInvitation.objects.filter(office=office, reference=reference).first()
                if existing:
                    return existing
    raise RuntimeError("could not issue a unique survey token")


@transaction.atomic
def survey_response_submit(*, token: str, answers: dict[str, int], profile: dict[str, str] | None = None,
                           suggestion: str = "", marked_as_complaint: bool = False, service=None,
                           today: date | None = None) -> SurveyResponse:
    """Record one anonymous response and spend the invitation; a used token is refused.

    The invitation row is locked, so two submissions racing with one token give one response.
    Nothing links the response to the invitation, and only the day is kept, not the time.
    """
    invitation = (SurveyInvitation.objects.select_for_update().select_related("office")
                  .filter(token=normalise_token(token)).first())
    if invitation is None or invitation.is_used:
        raise SurveyClosed(token)
    for code in ELEMENTS:
        if not ANSWER_MIN <= int(answers[code]) <= ANSWER_MAX:
            raise ValueError(f"{code}: {answers[code]} is outside 1–4")
    day = today or timezone.localdate()
    invitation.used_on = day
    invitation.save(update_fields=["used_on"])
    suggestion = suggestion.strip()
    return SurveyResponse.objects.create(
        office=invitation.office, service=invitation.service or service, channel=invitation.channel,
        submitted_on=day, suggestion=suggestion,
        marked_as_complaint=marked_as_complaint and bool(suggestion),
        complaint_marked_on=day if marked_as_complaint and suggestion else None,
        **{code: int(answers[code]) for code in ELEMENTS}, **(profile or {}),
    )


@transaction.atomic
def ikm_target_set(*, actor, office, year: int, target: Decimal, realised_entered: Decimal | None = None,
                   source: str = "") -> IkmTarget:
    """Set the year's IKM target (and an entered realisation for years before the system)."""
    for name, value in (("target", target), ("realised_entered", realised_entered)):
        if value is not None and not Decimal(1) <= value <= Decimal(4):
            raise ValueError(f"{name}: {value} is outside 1–4")
    row = IkmTarget.objects.select_for_update().filter(office=office, year=year).first()
    before = _target_dict(row) if row else None
    if row is None:
        row = IkmTarget(office=office, year=year)
    row.target, row.realised_entered, row.source = target, realised_entered, source
    row.save()
    audit_record(actor=actor, action="ikm_target.set", obj=row, office=office,
                 summary=f"Target IKM {year}: {target}", before=before, after=_target_dict(row))
    return row


def _target_dict(row: IkmTarget) -> dict:
    return {"year": row.year, "target": str(row.target),
            "realised_entered": None if row.realised_entered is None else str(row.realised_entered),
            "source": row.source}


@transaction.atomic
def served_population_set(*, actor, office, period_key: str, population: int | None) -> None:
    """Enter (or, with ``None``, clear) the population served in a period."""
    period = period_parse(period_key)
    row = ServedPopulation.objects.select_for_update().filter(office=office, period_key=period.key).first()
    before = {"population": row.population} if row else None
    if population is None:
        if row:
            row.delete()
    else:
        if population < 0:
            raise ValueError("population cannot be negative")
        ServedPopulation.objects.update_or_create(office=office, period_key=period.key,
                                                  defaults={"population": population})
    audit_record(actor=actor, action="ikm_population.set", office=office,
                 summary=f"Populasi {period.key}: {population}", before=before,
                 after=None if population is None else {"population": population})


@transaction.atomic
def follow_up_plan_save(*, actor, office, period_key: str, text: str) -> FollowUpPlan:
    """Save the follow-up plan (*rencana tindak lanjut*) of a report period, audited with before/after."""
    period = period_parse(period_key)
    plan = FollowUpPlan.objects.select_for_update().filter(office=office, period_key=period.key).first()
    before = {"text": plan.text} if plan else None
    if plan is None:
        plan = FollowUpPlan(office=office, period_key=period.key)
    plan.text, plan.updated_by = text.strip(), actor
    plan.save()
    audit_record(actor=actor, action="ikm_follow_up.save", obj=plan, office=office,
                 summary=f"Rencana tindak lanjut IKM {period.label}", before=before, after={"text": plan.text})
    return plan


@transaction.atomic
def suggestion_mark_as_complaint(*, actor, response: SurveyResponse) -> SurveyResponse:
    """Hand a suggestion over to the complaint team (an officer judged it a complaint)."""
    response = SurveyResponse.objects.select_for_update().get(pk=response.pk)
    if not response.suggestion:
        raise ValueError("a response without a suggestion cannot be a complaint")
    if response.marked_as_complaint:
        return response
    response.marked_as_complaint = True
    response.complaint_marked_on = timezone.localdate()
    response.save(update_fields=["marked_as_complaint", "complaint_marked_on"])
    audit_record(actor=actor, action="ikm_suggestion.mark_complaint", obj=response, office=response.office,
                 summary="Saran survei ditandai sebagai pengaduan")
    return response
