"""Writes of the satisfaction area: invitations, anonymous responses, targets, plans.

Every use case checks its input here (form, API, CLI and admin all come through), refusing with
a ``ValidationError`` that names the field; those taken by staff check the actor's action in the
office (``satisfaction.permissions``).
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from maklumat.audit.services import audit_record
from maklumat.lib.validation import bad_text
from maklumat.offices.scoping import authorize_in_office
from maklumat.satisfaction.models import (
    Channel,
    FollowUpPlan,
    IkmTarget,
    ServedPopulation,
    SurveyInvitation,
    SurveyResponse,
)
from maklumat.satisfaction.periods import MAX_YEAR, MIN_YEAR, period_parse
from maklumat.satisfaction.questionnaire import PROFILE_CHOICES
from maklumat.satisfaction.rules import ANSWER_MAX, ANSWER_MIN, ELEMENTS
from maklumat.satisfaction.transactions import transaction_find

# No 0/O, 1/I/L: the code is typed from a printed receipt on the public web page.
TOKEN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TOKEN_LENGTH = 10
_TOKEN = re.compile(r"^[A-Z0-9]{1,16}$")
# An invitation can be answered for this many days after the office day it was issued on
# (a ticket kept in a wallet for months is not a fresh experience of the service).
INVITATION_VALID_DAYS = 30
REFERENCE_MAX_LENGTH = 60
SUGGESTION_MAX_LENGTH = 2000
PLAN_MAX_LENGTH = 5000
SOURCE_MAX_LENGTH = 200
# More recipients in one period than any office serves (Indonesia issued ~5 million passports in 2023).
POPULATION_MAX = 10_000_000


class SurveyClosed(Exception):
    """The invitation does not exist, has already been used, or has expired."""


def _new_token() -> str:
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


def normalise_token(raw: str) -> str:
    """The token as stored, or ``""`` when ``raw`` cannot be one (so a lookup finds nothing)."""
    token = "".join(raw.split()).replace("-", "").upper()
    return token if _TOKEN.match(token) else ""


def invitation_expired(invitation: SurveyInvitation, *, now: datetime | None = None) -> bool:
    """Whether the office day of ``now`` is more than ``INVITATION_VALID_DAYS`` after the issue day."""
    office = invitation.office
    issued_on = office.local_date(invitation.issued_at)
    return (office.local_date(now) - issued_on).days > INVITATION_VALID_DAYS


def survey_invitation_issue(*, actor, office, channel: str, reference: str, service=None) -> SurveyInvitation:
    """A single-use survey invitation for one real service transaction of ``office``.

    ``reference`` must name a queue ticket or an application of the office
    (``satisfaction.transactions``); a made-up one is refused, naming the field. Issuing again
    for the same transaction, however it is named, returns the first invitation, so printing a
    receipt again never creates a second vote. ``actor`` is the officer handing it out (checked
    for ``satisfaction.invitation_issue``), or ``None`` for the system itself: the queue printing
    a ticket it has just issued. Not audited on purpose: an audit row per ticket would be noise,
    and the invitation carries nothing about the answers.
    """
    if actor is not None:
        authorize_in_office(actor, office, "satisfaction.invitation_issue")
    if channel not in Channel.values:
        raise ValidationError({"channel": _("Kanal survei tidak dikenal.")})
    reference = reference or ""
    problem = bad_text(reference, max_length=REFERENCE_MAX_LENGTH)
    if problem:
        raise ValidationError({"reference": problem})
    if not reference.strip():
        raise ValidationError({"reference": _("Isi nomor antrian atau nomor permohonan transaksi yang dilayani.")})
    found = transaction_find(office, reference)
    if found is None:
        raise ValidationError({"reference": _(
            "Nomor antrian atau permohonan “%(reference)s” tidak ada di %(office)s: undangan survei hanya "
            "untuk transaksi layanan kantor ini.") % {"reference": reference.strip(), "office": office.name}})
    issued_by = actor if getattr(actor, "is_authenticated", False) else None
    for _attempt in range(5):
        existing = (SurveyInvitation.objects.filter(office=office, reference__in=found.keys)
                    .order_by("issued_at", "id").first())
        if existing:
            return existing
        try:
            with transaction.atomic():
                invitation = SurveyInvitation.objects.create(
                    office=office, service=found.service or service, channel=channel, reference=found.reference,
                    token=_new_token(), issued_by=issued_by,
                )
            invitation.just_issued = True  # not stored: tells the API 201 from 200
            return invitation
        except IntegrityError:
            continue  # a concurrent issue for the same transaction (found above next time) or a token collision
    raise RuntimeError("could not issue a unique survey token")


def _answers_checked(answers: dict) -> dict[str, int]:
    errors, checked = {}, {}
    for code in ELEMENTS:
        raw = answers.get(code)
        try:
            value = int(raw)
        except (TypeError, ValueError):
            value = None
        if value is None or isinstance(raw, bool) or not ANSWER_MIN <= value <= ANSWER_MAX:
            errors[code] = _("Jawaban harus bilangan bulat %(low)d–%(high)d.") % {"low": ANSWER_MIN,
                                                                                 "high": ANSWER_MAX}
        else:
            checked[code] = value
    if errors:
        raise ValidationError(errors)
    return checked


def _profile_checked(profile: dict | None) -> dict[str, str]:
    checked, errors = {}, {}
    for name, value in (profile or {}).items():
        if name not in PROFILE_CHOICES:
            errors[name] = _("Pertanyaan profil tidak dikenal.")
        elif value and value not in PROFILE_CHOICES[name]:
            errors[name] = _("Pilihan tidak dikenal.")
        else:
            checked[name] = value or ""
    if errors:
        raise ValidationError(errors)
    return checked


@transaction.atomic
def survey_response_submit(*, token: str, answers: dict[str, int], profile: dict[str, str] | None = None,
                           suggestion: str = "", marked_as_complaint: bool = False, service=None,
                           now: datetime | None = None) -> SurveyResponse:
    """Record one anonymous response and spend the invitation; a used or expired token is refused.

    The invitation row is locked, so two submissions racing with one token give one response.
    Nothing links the response to the invitation, and only the office's day is kept, not the time.
    """
    checked = _answers_checked(answers)
    profile = _profile_checked(profile)
    suggestion = (suggestion or "").strip()
    problem = bad_text(suggestion, max_length=SUGGESTION_MAX_LENGTH)
    if problem:
        raise ValidationError({"suggestion": problem})
    invitation = (SurveyInvitation.objects.select_for_update().select_related("office")
                  .filter(token=normalise_token(token)).first()) if normalise_token(token) else None
    if invitation is None or invitation.is_used or invitation_expired(invitation, now=now):
        raise SurveyClosed(token)
    day = invitation.office.local_date(now)
    invitation.used_on = day
    invitation.save(update_fields=["used_on"])
    complaint = marked_as_complaint and bool(suggestion)
    return SurveyResponse.objects.create(
        office=invitation.office, service=invitation.service or service, channel=invitation.channel,
        submitted_on=day, suggestion=suggestion, marked_as_complaint=complaint,
        complaint_marked_on=day if complaint else None, **checked, **profile,
    )


def _year_checked(year) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError({"year": _("Tahun harus antara %(low)d dan %(high)d.") % {"low": MIN_YEAR,
                                                                                         "high": MAX_YEAR}})
    return year


@transaction.atomic
def ikm_target_set(*, actor, office, year: int, target: Decimal, realised_entered: Decimal | None = None,
                   source: str = "") -> IkmTarget:
    """Set the year's IKM target (and an entered realisation for years before the system)."""
    authorize_in_office(actor, office, "satisfaction.manage")
    _year_checked(year)
    errors = {}
    for name, value in (("target", target), ("realised_entered", realised_entered)):
        if value is None and name == "target":
            errors[name] = _("Target wajib diisi.")
        elif value is not None and (not Decimal(value).is_finite() or not Decimal(1) <= value <= Decimal(4)):
            errors[name] = _("Nilai harus antara 1 dan 4.")
    problem = bad_text(source or "", max_length=SOURCE_MAX_LENGTH)
    if problem:
        errors["source"] = problem
    if errors:
        raise ValidationError(errors)
    row = IkmTarget.objects.select_for_update().filter(office=office, year=year).first()
    before = _target_dict(row) if row else None
    if row is None:
        row = IkmTarget(office=office, year=year)
    row.target, row.realised_entered, row.source = target, realised_entered, source or ""
    row.save()
    audit_record(actor=actor, action="ikm_target.set", obj=row, office=office,
                 summary=f"Target IKM {year}: {target}", before=before, after=_target_dict(row))
    return row


def _target_dict(row: IkmTarget) -> dict:
    return {"year": row.year, "target": str(row.target),
            "realised_entered": None if row.realised_entered is None else str(row.realised_entered),
            "source": row.source}


def _period_checked(period_key: str):
    try:
        return period_parse(period_key)
    except ValueError as exc:
        raise ValidationError({"periode": str(exc)}) from None


@transaction.atomic
def served_population_set(*, actor, office, period_key: str, population: int | None) -> None:
    """Enter (or, with ``None``, clear) the population served in a period."""
    authorize_in_office(actor, office, "satisfaction.manage")
    period = _period_checked(period_key)
    if population is not None and (isinstance(population, bool) or not 0 <= population <= POPULATION_MAX):
        raise ValidationError({"population": _("Populasi harus bilangan bulat 0 sampai %(max)s.") % {
            "max": f"{POPULATION_MAX:,}".replace(",", ".")}})
    row = ServedPopulation.objects.select_for_update().filter(office=office, period_key=period.key).first()
    before = {"population": row.population} if row else None
    if population is None:
        if row:
            row.delete()
    else:
        ServedPopulation.objects.update_or_create(office=office, period_key=period.key,
                                                  defaults={"population": population})
    audit_record(actor=actor, action="ikm_population.set", office=office,
                 summary=f"Populasi {period.key}: {population}", before=before,
                 after=None if population is None else {"population": population})


@transaction.atomic
def follow_up_plan_save(*, actor, office, period_key: str, text: str) -> FollowUpPlan:
    """Save the follow-up plan (*rencana tindak lanjut*) of a report period, audited with before/after."""
    authorize_in_office(actor, office, "satisfaction.manage")
    period = _period_checked(period_key)
    text = (text or "").strip()
    problem = bad_text(text, max_length=PLAN_MAX_LENGTH)
    if problem or not text:
        raise ValidationError({"text": problem or _("Rencana tindak lanjut tidak boleh kosong.")})
    plan = FollowUpPlan.objects.select_for_update().filter(office=office, period_key=period.key).first()
    before = {"text": plan.text} if plan else None
    if plan is None:
        plan = FollowUpPlan(office=office, period_key=period.key)
    plan.text, plan.updated_by = text, actor
    plan.save()
    audit_record(actor=actor, action="ikm_follow_up.save", obj=plan, office=office,
                 summary=f"Rencana tindak lanjut IKM {period.label}", before=before, after={"text": plan.text})
    return plan


@transaction.atomic
def suggestion_mark_as_complaint(*, actor, response: SurveyResponse) -> SurveyResponse:
    """Hand a suggestion over to the complaint team (an officer judged it a complaint).

    The complaints area reads the marked suggestions (``selectors.suggestions_marked_as_complaints``)
    and opens the anonymous complaint; this area never imports complaints.
    """
    response = SurveyResponse.objects.select_for_update().select_related("office").get(pk=response.pk)
    authorize_in_office(actor, response.office, "satisfaction.manage")
    if not response.suggestion:
        raise ValidationError({"suggestion": _("Jawaban tanpa saran tidak dapat menjadi pengaduan.")})
    if response.marked_as_complaint:
        return response
    response.marked_as_complaint = True
    response.complaint_marked_on = response.office.local_date()
    response.save(update_fields=["marked_as_complaint", "complaint_marked_on"])
    audit_record(actor=actor, action="ikm_suggestion.mark_complaint", obj=response, office=response.office,
                 summary="Saran survei ditandai sebagai pengaduan")
    return response
