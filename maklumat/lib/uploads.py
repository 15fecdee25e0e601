"""Uploaded photos and PDFs: what a file IS (its first bytes), and a copy of it without metadata.

Model-free. The type is what the first bytes say (``sniff_kind``), never the file name; a photo must
then decode fully with Pillow and a PDF parse with pypdf. ``reencode`` returns a new file: photos
redrawn pixel by pixel (no EXIF, no GPS, no XMP, no comments; the EXIF orientation applied first so
the picture still stands upright), PDFs rewritten page by page without the document information
dictionary or XMP metadata. Used by complaint attachments and signed delivery receipts.
"""

from __future__ import annotations

import io

MAGIC = ((b"\xff\xd8\xff", "jpeg"), (b"\x89PNG\r\n\x1a\n", "png"), (b"%PDF-", "pdf"))
KINDS = frozenset(kind for _, kind in MAGIC)
CONTENT_TYPES = {"jpeg": "image/jpeg", "png": "image/png", "pdf": "application/pdf"}
SUFFIXES = {"jpeg": "jpg", "png": "png", "pdf": "pdf"}
# A photo larger than this many pixels is refused before decoding (a "decompression bomb").
MAX_IMAGE_PIXELS = 40_000_000


class UnreadableFile(ValueError):
    """The bytes are not a photo or PDF a reader can decode."""


def sniff_kind(head: bytes) -> str | None:
    """``jpeg``, ``png`` or ``pdf`` from a file's first bytes, or None for anything else."""
    return next((kind for magic, kind in MAGIC if head.startswith(magic)), None)


def _reencode_image(data: bytes, kind: str) -> bytes:
    from PIL import Image, ImageOps

    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    with Image.open(io.BytesIO(data)) as probe:
        if (probe.format or "").lower() != kind:
            raise UnreadableFile("format does not match the content")
        if probe.width * probe.height > MAX_IMAGE_PIXELS:
            raise UnreadableFile("too many pixels")
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
        clean.save(out, format="JPEG", quality=88)
    else:
        clean.save(out, format="PNG", compress_level=6)
    return out.getvalue()


def _reencode_pdf(data: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        raise UnreadableFile("encrypted PDF")
    writer = PdfWriter()
    for page in reader.pages:
        added = writer.add_page(page)
        if NameObject("/Metadata") in added:
            del added[NameObject("/Metadata")]
    writer._info = None  # no document info (author, creator, producer, dates)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def reencode(data: bytes) -> tuple[str, bytes]:
    """(kind, a metadata-free copy) of a photo or PDF; ``UnreadableFile`` for anything else or broken."""
    kind = sniff_kind(data[:16])
    if kind is None:
        raise UnreadableFile("not a JPEG, PNG or PDF")
    try:
        return kind, (_reencode_pdf(data) if kind == "pdf" else _reencode_image(data, kind))
    except UnreadableFile:
        raise
    except Exception as exc:  # noqa: BLE001 - any decoder failure means a broken or disguised file
        raise UnreadableFile(str(exc)[:200]) from exc
