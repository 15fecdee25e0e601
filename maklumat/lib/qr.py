"""QR codes (segno, pure Python) as inline SVG: printed receipts and posters point to public pages."""

from __future__ import annotations

import io

import segno


def qr_svg(url: str, *, title: str = "QR", scale: int = 4) -> str:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=scale, border=2, xmldecl=False, svgns=True,
                                    title=title)
    return buffer.getvalue().decode()


def qr_png(url: str, *, scale: int = 6) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()
