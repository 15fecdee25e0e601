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

# What each step of the issuance SOP is called on a screen (the SOP's own wording is long).
STEP_LABELS = {
    "intake": _("Penerimaan berkas"),
    "data_entry": _("Perekaman data (DPRI)"),
    "biometric": _("Foto dan sidik jari (biometrik)"),
    "interview": _("Wawancara dan verifikasi"),
    "puskadim_check": _("Pemeriksaan hasil puskadim"),
    "billing": _("Kode billing PNBP"),
    "blank_issue": _("Pengeluaran blanko paspor"),
    "allocation": _("Alokasi, cetak, QC, laminasi"),
    "kasi_check": _("Pemeriksaan ulang Kasi"),
    "handover": _("Penyerahan paspor"),
    "delivery_receipt": _("Tanda terima kompensasi antar paspor"),
}

STEP_EVENTS = {
    f"{code}_{edge}": code for code in ISSUANCE_STEP_CODES for edge in ("start", "finish")
}


def is_known_event(name: str) -> bool:
    return name in MILESTONES or name in STEP_EVENTS


def event_label(name: str) -> str:
    """The human label of an event name in the active language (unknown names are shown as stored)."""
    if name in MILESTONES:
        return str(MILESTONES[name])
    if name in STEP_EVENTS:
        step = STEP_LABELS[STEP_EVENTS[name]]
        if name.endswith("_start"):
            return _("%(step)s: mulai") % {"step": step}
        return _("%(step)s: selesai") % {"step": step}
    return name


def event_choices() -> list[tuple[str, str]]:
    """(name, label) of every known event, milestones first, for the event form."""
    return [(name, event_label(name)) for name in dict.fromkeys([*MILESTONES, *STEP_EVENTS])]


# Flags an application can carry, as officers read them.
FLAG_LABELS = {
    "under_review": _("Dalam peninjauan (ada kecurigaan)"),
    "field_check": _("Perlu pengecekan lapangan"),
    "broker": _("Melibatkan calo"),
}


def flag_label(name: str) -> str:
    return str(FLAG_LABELS.get(name, name))
