"""Attachments of a complaint: checked by content, and stored only after their metadata is gone.

The type is what the first bytes say (``rules.sniff_kind``), never the file name; a photo must then
decode fully with Pillow and a PDF parse with pypdf. The stored file is a re-encoding: photos are
redrawn pixel by pixel into a new JPEG/PNG (no EXIF, no GPS, no XMP, no comments; the EXIF
orientation applied first so the picture still stands upright), PDFs are rewritten page by page
without the document information dictionary or the XMP metadata. A reporter who chose *anonim* is
not given away by the camera's location in the photo (the lesson in DOMAIN.md).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from maklumat.complaints import rules


@dataclass(frozen=True)
class CleanAttachment:
    kind: str  # jpeg, png, pdf
    content: bytes
    original_name: str

    @property
    def stored_name(self) -> str:
        return "lampiran." + {"jpeg": "jpg"}.get(self.kind, self.kind)


def _reencode_image(data: bytes, kind: str) -> bytes:
    from PIL import Image, ImageOps

    Image.MAX_IMAGE_PIXELS = rules.MAX_IMAGE_PIXELS
    with Image.open(io.BytesIO(data)) as probe:
        if (probe.format or "").lower() != kind:
            raise ValueError("format does not match the content")
        if probe.width * probe.height > rules.MAX_IMAGE_PIXELS:
            raise ValueError("too many pixels")
        probe.verify()  # structure and checksums; the image must be opened again to be used
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        image = ImageOps.exif_transpose(image)
        # Only pixels are copied: a new image carries no info, EXIF, XMP, ICC text or comments.
        mode = "RGB" if kind == "jpeg" else ("RGBA" if "A" in image.getbands() else "RGB")
        clean = Image.new(mode, image.size)
        clean.paste(image.convert(mode))
    out = io.BytesIO()
    if kind == "jpeg":
        clean.save(out, format="JPEG", quality=88, optimize=True)
    else:
        clean.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _reencode_pdf(data: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        raise ValueError("encrypted PDF")
    writer = PdfWriter()
    for page in reader.pages:
        added = writer.add_page(page)
        if NameObject("/Metadata") in added:
            del added[NameObject("/Metadata")]
    # No document info (author, creator, producer, dates) and no XMP packet on the new document.
    writer._info = None
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


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
    kind = rules.sniff_kind(data[:16])
    try:
        content = _reencode_pdf(data) if kind == "pdf" else _reencode_image(data, kind)
    except Exception as exc:  # noqa: BLE001 - any decoder failure means a broken or disguised file
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
