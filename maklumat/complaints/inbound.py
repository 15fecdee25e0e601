"""Turning inbound e-mail into complaints: open new ones, thread replies by tracking code."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from maklumat.complaints.mail import InboundMail, read_mailbox, tracking_code_in
from maklumat.complaints.models import Channel, Complaint, ComplaintEvent
from maklumat.complaints.services import Reporter, complaint_message_add, complaint_open
from maklumat.lib.validation import implausible_moment


@dataclass
class ImportResult:
    opened: int = 0
    threaded: int = 0
    skipped: int = 0


def _clip(text: str, length: int) -> str:
    """Mail is taken as it comes: NUL bytes dropped, over-long text cut (never a refused message)."""
    return text.replace("\x00", "").strip()[:length]


def _already_read(message: InboundMail) -> bool:
    return (Complaint.objects.filter(email_message_id=message.message_id).exists()
            or ComplaintEvent.objects.filter(kind="message_received", note__startswith=message.message_id).exists())


def mail_receive(*, message: InboundMail, office) -> str:
    """Store one message: 'threaded', 'opened' or 'skipped' (already read)."""
    if _already_read(message):
        return "skipped"
    code = tracking_code_in(message.subject)
    complaint = Complaint.objects.filter(tracking_code=code, office=office).first() if code else None
    if complaint is not None:
        complaint_message_add(complaint_id=complaint.pk, at=message.at,
                              note=f"{message.message_id}\n{message.sender_email}: {message.body}")
        return "threaded"
    now = timezone.now()
    # A Date header far in the past or future is the sender's clock, not when the office received it.
    received_at = now if implausible_moment(message.at, now=now) else message.at
    with transaction.atomic():
        complaint = complaint_open(
            actor=None, office=office, channel=Channel.EMAIL,
            subject=_clip(message.subject, 200) or "(tanpa perihal)",
            description=_clip(message.body, 5000) or "(kosong)", received_at=received_at, now=now,
            reporter=Reporter(name=_clip(message.sender_name, 200), email=_clip(message.sender_email, 254)),
            details={"email_message_id": message.message_id},
        )
    # The acknowledgement (tracking code in the subject, so replies thread) is queued by complaint_open.
    return "opened"


def mailbox_import(*, path: Path | None = None, office, messages: list[InboundMail] | None = None) -> ImportResult:
    """Store every message of a maildir/mbox (or the ``messages`` given); running it twice stores nothing new."""
    result = ImportResult()
    for message in messages if messages is not None else read_mailbox(path, office.tz):
        outcome = mail_receive(message=message, office=office)
        setattr(result, outcome, getattr(result, outcome) + 1)
    return result
