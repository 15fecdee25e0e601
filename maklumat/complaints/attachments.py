"""Attachments of a complaint: checked by content, and stored only after their metadata is gone.

Limits (count, size) are ``complaints.rules``; the content check and the re-encoding without EXIF,
GPS or PDF document info are ``lib.uploads``. A reporter who chose *anonim* is not given away by the
camera's location in the photo (the lesson in DOMAIN.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from maklumat.complaints import rules
from maklumat.lib import uploads


@dataclass(frozen=True)
class CleanAttachment:
    kind: str  # jpeg, png, pdf
    content: bytes
    original_name: str

    @property
    def stored_name(self) -> str:
        return "lampiran." + uploads.SUFFIXES[self.kind]


def clean_attachment(upload) -> CleanAttachment:
    """The upload re-encoded without metadata, or a ValidationError saying why it cannot be attached."""
    name = (getattr(upload, "name", "") or "")[-200:]
    size = getattr(upload, "size", None)
    if size is not None and size > rules.MAX_ATTACHMENT_BYTES:
        problem = rules.attachment_problem(b"", size)
        raise ValidationError(f"{name}: {problem}" if name else problem)
    upload.seek(0)
    data = upload.read(rules.MAX_ATTACHMENT_BYTES + 1)
    problem = rules.attachment_problem(data[:16], len(data))
    if problem:
        raise ValidationError(f"{name}: {problem}" if name else problem)
    try:
        kind, content = uploads.reencode(data)
    except uploads.UnreadableFile as exc:
        message = _("Berkas rusak atau bukan foto/PDF yang sah.")
        raise ValidationError(f"{name}: {message}" if name else message) from exc
    return CleanAttachment(kind=kind, content=content, original_name=name)


def clean_attachments(uploads) -> list[CleanAttachment]:
    """Every upload cleaned (at most ``rules.MAX_ATTACHMENTS``), or a ValidationError on ``attachments``."""
    uploads = [u for u in uploads or [] if u]
    if len(uploads) > rules.MAX_ATTACHMENTS:
        raise ValidationError({"attachments": _("Paling banyak %(n)d lampiran.") % {"n": rules.MAX_ATTACHMENTS}})
    cleaned, problems = [], []
    for upload in uploads:
        try:
            cleaned.append(clean_attachment(upload))
        except ValidationError as exc:
            problems.extend(exc.messages)
    if problems:
        raise ValidationError({"attachments": problems})
    return cleaned
