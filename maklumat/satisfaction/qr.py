"""QR code of a survey link, as inline SVG or PNG bytes (drawn by ``lib.qr``)."""

from __future__ import annotations

from maklumat.lib import qr


def qr_svg(url: str, scale: int = 6) -> str:
    return qr.qr_svg(url, title="QR survei IKM", scale=scale)


def qr_png(url: str, scale: int = 6) -> bytes:
    return qr.qr_png(url, scale=scale)
