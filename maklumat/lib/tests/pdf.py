"""Reading back the text of a ReportLab PDF in tests (no PDF library needed: ReportLab's own stream format)."""

from __future__ import annotations

import base64
import re
import zlib

_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)
_SHOW = re.compile(rb"\(((?:\\.|[^\\)])*)\)\s*Tj|(T\*|ET)")
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|[()\\])")


def _unescape(match: re.Match) -> bytes:
    escaped = match.group(1)
    return bytes([int(escaped, 8)]) if escaped[:1].isdigit() else escaped


def pdf_lines(data: bytes) -> list[str]:
    """The text lines drawn in ``data`` (pieces of one line joined as drawn)."""
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    lines, current = [], []
    for match in _STREAM.finditer(data):
        raw = match.group(1).strip()
        if raw.endswith(b"~>"):
            raw = base64.a85decode(raw[:-2])
        try:
            content = zlib.decompress(raw)
        except zlib.error:
            content = raw
        for shown in _SHOW.finditer(content):
            if shown.group(2):
                if current:
                    lines.append("".join(current))
                current = []
            else:
                current.append(_ESCAPE.sub(_unescape, shown.group(1)).decode("cp1252", "replace"))
    if current:
        lines.append("".join(current))
    return lines


def pdf_text(data: bytes) -> str:
    return "\n".join(pdf_lines(data))
