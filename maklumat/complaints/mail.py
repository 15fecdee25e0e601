"""E-mail channel: reading a maildir/mbox into complaints, and replying through Django's backend.

A message whose subject carries a tracking code (``[ADU-XXXX-XXXX]``) is threaded onto that
complaint; any other message opens a new complaint at the mailbox's office. Messages already
read (same Message-ID) are skipped, so running the command twice changes nothing.
"""

from __future__ import annotations

import mailbox
import re
from dataclasses import dataclass
from datetime import datetime, tzinfo
from email.header import decode_header, make_header
from email.message import Message
from email.utils import parseaddr, parsedate_to_datetime
from pathlib import Path

from django.utils import timezone

TRACKING_RE = re.compile(r"\bADU-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}\b")


@dataclass(frozen=True)
class InboundMail:
    message_id: str
    sender_name: str
    sender_email: str
    subject: str
    body: str
    at: datetime


def _header(message: Message, name: str) -> str:
    raw = message.get(name, "")
    try:
        return str(make_header(decode_header(raw))).strip()
    except (UnicodeDecodeError, LookupError):
        return str(raw).strip()


def _body(message: Message) -> str:
    if message.is_multipart():
        for part in message.walk():
            if part.get_content_type() == "text/plain" and not part.get_filename():
                payload = part.get_payload(decode=True) or b""
                return payload.decode(part.get_content_charset() or "utf-8", errors="replace").strip()
        return ""
    payload = message.get_payload(decode=True) or b""
    return payload.decode(message.get_content_charset() or "utf-8", errors="replace").strip()


def parse(message: Message, tz: tzinfo | None = None) -> InboundMail:
    """One message; a ``Date`` without zone is taken in ``tz`` (the mailbox office's zone)."""
    name, address = parseaddr(_header(message, "From"))
    try:
        at = parsedate_to_datetime(message["Date"]) if message["Date"] else timezone.now()
    except (TypeError, ValueError, OverflowError):
        at = timezone.now()
    if at.tzinfo is None:
        at = at.replace(tzinfo=tz) if tz is not None else timezone.make_aware(at)
    message_id = _header(message, "Message-ID") or f"<no-id-{hash((address, at.isoformat()))}>"
    return InboundMail(message_id=message_id[:300], sender_name=name, sender_email=address,
                       subject=_header(message, "Subject")[:200], body=_body(message), at=at)


def read_mailbox(path: Path, tz: tzinfo | None = None) -> list[InboundMail]:
    """Messages of a maildir (a directory with cur/new/tmp) or an mbox file, oldest first."""
    box = mailbox.Maildir(str(path), create=False) if path.is_dir() else mailbox.mbox(str(path), create=False)
    try:
        messages = [parse(message, tz) for message in box]
    finally:
        box.close()
    return sorted(messages, key=lambda m: m.at)


def read_imap(url: str, password: str, tz: tzinfo | None = None) -> list[InboundMail]:
    """Messages of an IMAP folder, ``imaps://user@host[:port]/FOLDER`` (read-only: nothing is deleted)."""
    import email
    import imaplib
    from urllib.parse import unquote, urlparse

    parts = urlparse(url)
    if parts.scheme not in {"imap", "imaps"} or not parts.hostname or not parts.username:
        raise ValueError(f"not an IMAP URL like imaps://user@host/INBOX: {url!r}")
    client_class = imaplib.IMAP4_SSL if parts.scheme == "imaps" else imaplib.IMAP4
    client = client_class(parts.hostname, parts.port or (993 if parts.scheme == "imaps" else 143))
    try:
        client.login(unquote(parts.username), password)
        client.select(unquote(parts.path.strip("/")) or "INBOX", readonly=True)
        _, data = client.search(None, "ALL")
        messages = []
        for number in (data[0] or b"").split():
            _, fetched = client.fetch(number, "(RFC822)")
            raw = next(item[1] for item in fetched if isinstance(item, tuple))
            messages.append(parse(email.message_from_bytes(raw), tz))
    finally:
        client.logout()
    return sorted(messages, key=lambda m: m.at)


def tracking_code_in(subject: str) -> str | None:
    found = TRACKING_RE.search(subject.upper())
    return found.group(0) if found else None
