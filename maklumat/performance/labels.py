"""What officers read for each promise and indicator (never the codes)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

PROMISE_LABELS = {
    "payment": _("Pembayaran PNBP setelah kode billing"),
    "allocation": _("Alokasi paspor setelah pembayaran"),
    "completion": _("Paspor selesai setelah pembayaran"),
    "pickup": _("Paspor diambil setelah selesai"),
    "biometric_wait": _("Tunggu foto dan sidik jari (biometrik)"),
}


def promise_label(code: str) -> str:
    return str(PROMISE_LABELS.get(code, code))
