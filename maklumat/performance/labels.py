"""What officers read for each promise and indicator (never the codes)."""

from __future__ import annotations

from functools import lru_cache

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

PROMISE_LABELS = {
    "payment": _("Pembayaran PNBP setelah kode billing"),
    "allocation": _("Alokasi paspor setelah pembayaran"),
    "completion": _("Paspor selesai setelah pembayaran"),
    "pickup": _("Paspor diambil setelah selesai"),
    "biometric_wait": _("Tunggu foto dan sidik jari (biometrik)"),
}


def promise_label(code: str) -> str:
    return _promise_label(code, get_language())


@lru_cache(maxsize=64)
def _promise_label(code: str, language: str | None) -> str:
    """The label in ``language`` (the active one: a roll-up asks it for every office and promise)."""
    return str(PROMISE_LABELS.get(code, code))


# Sutrisno's five effectiveness indicators (seed 003), each as a figure the system measures.
INDICATOR_LABELS = {
    "program_understanding": _("Pemahaman program"),
    "on_target": _("Tepat sasaran"),
    "on_time": _("Tepat waktu"),
    "goal_achievement": _("Tercapainya tujuan"),
    "real_change": _("Perubahan nyata"),
}
INDICATOR_UNITS = {
    "program_understanding": _("skala 1–4"),
    "on_target": _("%"),
    "on_time": _("%"),
    "goal_achievement": _("%"),
    "real_change": _("poin persen"),
}
INDICATOR_DEFINITIONS = {
    "program_understanding": _(
        "Rata-rata nilai unsur IKM U1 (persyaratan) dan U2 (sistem, mekanisme dan prosedur) dari jawaban "
        "survei pada periode ini."),
    "on_target": _(
        "Persentase permohonan yang dimulai pada periode ini dan dilayani lewat program di luar kantor "
        "(MPP, Eazy Paspor, Sambang Haji, Sambang Sakit): jangkauan program ke sasarannya."),
    "on_time": _(
        "Persentase janji yang ditepati dari semua janji yang sudah diputuskan (pembayaran, alokasi, "
        "penyelesaian, pengambilan, tunggu biometrik): tepat ÷ (tepat + terlambat + lewat tenggat)."),
    "goal_achievement": _(
        "Rata-rata capaian dokumen terbit terhadap target rencana aksi dan capaian IKM terhadap targetnya "
        "(yang tersedia)."),
    "real_change": _(
        "Perubahan persentase tepat waktu dibanding periode yang sama setahun sebelumnya, dalam poin persen."),
}


def indicator_texts(code: str) -> tuple[str, str, str]:
    """(label, unit, definition) of an indicator in the active language (cached per language)."""
    return _indicator_texts(code, get_language())


@lru_cache(maxsize=64)
def _indicator_texts(code: str, language: str | None) -> tuple[str, str, str]:
    return str(INDICATOR_LABELS[code]), str(INDICATOR_UNITS[code]), str(INDICATOR_DEFINITIONS[code])
