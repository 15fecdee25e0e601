"""The vocabulary of application events (pure): what can happen to a passport application.

Events are named moments. Step events of the issuance SOP are ``<step code>_start`` and
``<step code>_finish`` (step codes from the seeded SOP, e.g. ``biometric_start``); the named
milestones below are what deadlines and compensation conditions are measured between.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ISSUANCE_STEP_CODES = (
    "intake", "data_entry", "biometric", "interview", "puskadim_check", "billing",
    "blank_issue", "allocation", "kasi_check", "handover", "delivery_receipt",
)

MILESTONES = {
    "queue_ticket": _("Nomor antrian diambil"),
    "biometric_ticket": _("Nomor antrian biometrik diambil"),
    "biometric_start": _("Pelayanan biometrik dimulai"),
    "billing_issued": _("Kode billing diterbitkan"),
    "payment": _("Pembayaran PNBP"),
    "allocation": _("Alokasi paspor"),
    "printing": _("Paspor dicetak"),
    "kasi_check": _("Pemeriksaan Kasi"),
    "ready": _("Paspor siap diambil"),
    "handover": _("Paspor diserahkan"),
    "cancellation": _("Permohonan dibatalkan"),
}

STEP_EVENTS = {
    f"{code}_{edge}": code for code in ISSUANCE_STEP_CODES for edge in ("start", "finish")
}


def is_known_event(name: str) -> bool:
    return name in MILESTONES or name in STEP_EVENTS


def event_label(name: str) -> str:
    if name in MILESTONES:
        return str(MILESTONES[name])
    if name in STEP_EVENTS:
        edge = _("mulai") if name.endswith("_start") else _("selesai")
        return f"{STEP_EVENTS[name]} {edge}"
    return name
