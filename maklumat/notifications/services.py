"""Writing to the outbox and sending it. Every write goes through these functions.

- ``message_enqueue``: a producer (applications, queueing, compensation, complaints) calls it inside
  its own ``@transaction.atomic`` service, so the message commits or rolls back with the event.
- ``messages_send_due``: one pass of the worker. It claims due rows (``select_for_update(skip_locked)``
  and a conditional update, so two workers never take the same row), sends each through its channel's
  adapter with the message's idempotency key, and marks the outcome with a conditional update fenced
  by the attempt number (a worker whose lease expired cannot overwrite a newer attempt). A gateway
  error is retried with exponential backoff; a message whose worker died mid-send is sent again only
  through a gateway that deduplicates (``rules.after_lost_lease``), else it is marked uncertain.
- ``optout_record`` / ``optout_remove``: a contact that wants no messages gets none (checked at
  enqueue and again just before sending).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from maklumat.audit.services import audit_record
from maklumat.lib.validation import bad_text
from maklumat.notifications import rules
from maklumat.notifications.channels import Outgoing, SendError, adapter_for
from maklumat.notifications.models import Channel, Kind, Message, OptOut, Status
from maklumat.offices.scoping import authorize_in_office

log = logging.getLogger("maklumat.notifications")


def _opted_out(contact: str) -> bool:
    return OptOut.objects.filter(contact=contact).exists()


def message_enqueue(*, office, kind: str, key: str, body: str, subject: str = "", email: str = "",
                    phone: str = "", now: datetime | None = None) -> list[Message]:
    """Queue ``body`` for ``email`` and/or ``phone`` (the phone channel is ``NOTIFY_PHONE_CHANNEL``).

    Must run inside the producer's transaction (it refuses to run outside one: a message written
    apart from its event could be sent for an event that rolled back). ``key`` names the event
    (``"passport_ready:<application id>"``): the same key queues nothing twice. A contact that is not
    a phone number or an e-mail address is skipped; an opted-out contact gets a row marked skipped,
    so staff see why nothing was sent. Returns the messages this call queued (none when the event's
    messages were queued before).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("message_enqueue must run inside the transaction of the event that causes it")
    if kind not in Kind.values:
        raise ValueError(f"unknown message kind {kind!r}")
    now = now or timezone.now()
    targets = []
    if email and (contact := rules.normalize_email(email)):
        targets.append((Channel.EMAIL, contact))
    if phone and (contact := rules.normalize_phone(phone)):
        targets.append((settings.NOTIFY_PHONE_CHANNEL, contact))
    queued = []
    for channel, contact in targets:
        row_key = f"{key}:{channel}"[:160]
        if Message.objects.filter(key=row_key).exists():
            continue
        status = Status.SKIPPED if _opted_out(contact) else Status.PENDING
        try:
            with transaction.atomic():
                message = Message.objects.create(
                    office=office, kind=kind, channel=channel, recipient=contact, subject=subject[:200],
                    body=body, key=row_key, status=status, next_attempt_at=now, created_at=now)
        except IntegrityError:  # a concurrent producer queued the same event first
            continue
        audit_record(actor=None, action="notification.enqueue", obj=message, office=office,
                     summary=f"{kind} {channel} {rules.mask_contact(channel, contact)}",
                     after={"kind": kind, "channel": channel, "status": status})
        queued.append(message)
    return queued


@dataclass
class SendResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    uncertain: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)


def _expire_leases(now: datetime, result: SendResult) -> None:
    """Messages left 'sending' by a worker that died: again pending, or uncertain (``after_lost_lease``)."""
    for message in Message.objects.filter(status=Status.SENDING, lease_until__lt=now):
        state = rules.after_lost_lease(gateway_deduplicates=adapter_for(message.channel).deduplicates)
        with transaction.atomic():
            changed = Message.objects.filter(pk=message.pk, status=Status.SENDING, attempts=message.attempts,
                                             lease_until__lt=now).update(
                status=state, lease_until=None, next_attempt_at=now,
                last_error=_("Pengiriman terputus (pekerja berhenti)."))
            if changed and state == Status.UNCERTAIN:
                result.uncertain += 1
                audit_record(actor=None, action="notification.uncertain", obj=message, office=message.office,
                             summary=f"{message.kind} {message.masked_recipient}")


def _claim(now: datetime, limit: int) -> list[Message]:
    """Take up to ``limit`` due messages for this worker: locked rows are skipped (another worker has
    them) and the conditional update takes only rows still pending."""
    with transaction.atomic():
        ids = list(Message.objects.select_for_update(skip_locked=True)
                   .filter(status=Status.PENDING, next_attempt_at__lte=now)
                   .order_by("next_attempt_at", "id").values_list("id", flat=True)[:limit])
        Message.objects.filter(pk__in=ids, status=Status.PENDING).update(
            status=Status.SENDING, lease_until=now + rules.LEASE, attempts=F("attempts") + 1)
    return list(Message.objects.filter(pk__in=ids, status=Status.SENDING).select_related("office"))


def _mark(message: Message, **fields) -> bool:
    """Record an attempt's outcome, only if this worker still holds the message (same attempt)."""
    return bool(Message.objects.filter(pk=message.pk, status=Status.SENDING, attempts=message.attempts)
                .update(lease_until=None, **fields))


def _send_one(message: Message, now: datetime, result: SendResult) -> None:
    if _opted_out(message.recipient):
        _mark(message, status=Status.SKIPPED, last_error=_("Penerima menolak notifikasi."))
        result.skipped += 1
        return
    adapter = adapter_for(message.channel)
    outgoing = Outgoing(channel=message.channel, recipient=message.recipient, subject=message.subject,
                        body=message.body, idempotency_key=str(message.idempotency_key),
                        sender_name=message.office.name, sender_email=getattr(message.office, "email", "") or "")
    try:
        reference = adapter.send(outgoing)
    except SendError as exc:
        state = rules.after_failure(message.attempts, permanent=exc.permanent)
        reason = str(exc)[:300]
        with transaction.atomic():
            if _mark(message, status=state, last_error=reason,
                     next_attempt_at=now + rules.retry_delay(message.attempts)) and state == Status.FAILED:
                audit_record(actor=None, action="notification.failed", obj=message, office=message.office,
                             summary=f"{message.kind} {message.masked_recipient}: {reason}")
        log.warning("notifikasi %s ke %s gagal (percobaan %d): %s", message.channel, message.masked_recipient,
                    message.attempts, reason)
        if state == Status.FAILED:
            result.failed += 1
        else:
            result.retried += 1
        result.errors.append(reason)
        return
    with transaction.atomic():
        if _mark(message, status=Status.SENT, sent_at=timezone.now(), provider_ref=(reference or "")[:120],
                 last_error=""):
            audit_record(actor=None, action="notification.sent", obj=message, office=message.office,
                         summary=f"{message.kind} {message.channel} {message.masked_recipient}")
            result.sent += 1


def messages_send_due(*, now: datetime | None = None, limit: int = 50) -> SendResult:
    """One pass of the worker: recover interrupted sends, then send what is due (at most ``limit``)."""
    now = now or timezone.now()
    result = SendResult()
    _expire_leases(now, result)
    for message in _claim(now, limit):
        _send_one(message, now, result)
    return result


def _contact_or_error(contact: str) -> str:
    if bad_text(contact, max_length=254):
        raise ValidationError({"contact": _("Kontak tidak valid.")})
    normalized = rules.normalize_contact(contact)
    if normalized is None:
        raise ValidationError({"contact": _("Bukan nomor telepon atau alamat surel: %(value)s") % {
            "value": contact[:60]}})
    return normalized


@transaction.atomic
def optout_record(*, actor, office, contact: str, reason: str = "") -> OptOut:
    """The contact asked for no messages: none is sent to it from now on, by any office (audited)."""
    authorize_in_office(actor, office, "notifications.optout_manage")
    normalized = _contact_or_error(contact)
    problem = bad_text(reason, max_length=300)
    if problem:
        raise ValidationError({"reason": problem})
    optout, created = OptOut.objects.get_or_create(contact=normalized,
                                                   defaults={"reason": reason, "recorded_by": actor})
    if created:
        audit_record(actor=actor, action="notification.optout", obj=optout, office=office,
                     summary=rules.mask_contact("", normalized), after={"reason": reason})
    return optout


@transaction.atomic
def optout_remove(*, actor, office, contact: str) -> bool:
    """The contact wants messages again (audited); False when it had not opted out."""
    authorize_in_office(actor, office, "notifications.optout_manage")
    normalized = _contact_or_error(contact)
    deleted, _rows = OptOut.objects.filter(contact=normalized).delete()
    if deleted:
        audit_record(actor=actor, action="notification.optin", office=office,
                     summary=rules.mask_contact("", normalized))
    return bool(deleted)
