"""What people read instead of internal codes: step titles, actions, yes/no (Indonesian; English via i18n).

The one place templates, PDFs, XLSX, notices and the history take these labels from. Channel,
status, outcome and platform labels are the model choices' own (``get_<field>_display``).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maklumat.complaints import workflow

# Short titles of the SOP steps of 002 (walk-in) and 004 (social media), by step code.
STEP_TITLES = {
    "direct": gettext_lazy("Pengarahan ke Pos Yankomas"),
    "intake": gettext_lazy("Penerimaan dan pemilahan"),
    "kasubsi_handle": gettext_lazy("Penanganan Kasubsi"),
    "kasi_direct": gettext_lazy("Arahan Kasi"),
    "kasubsi_forward": gettext_lazy("Penerusan arahan kepada petugas"),
    "resolve": gettext_lazy("Penyelesaian dan jawaban"),
    "receive": gettext_lazy("Penerimaan keluhan"),
    "forward": gettext_lazy("Penerusan kepada Kasubsi"),
    "kasubsi_analyse": gettext_lazy("Telaah Kasubsi"),
    "kasubsi_instruct": gettext_lazy("Instruksi kepada tim media sosial"),
    "answer": gettext_lazy("Tindak lanjut di media sosial"),
}

ACTION_LABELS = {
    workflow.FORWARD: gettext_lazy("Selesaikan langkah dan teruskan"),
    workflow.CLOSE_GENERAL: gettext_lazy("Selesaikan sendiri (pengaduan umum)"),
    workflow.HANDLE: gettext_lazy("Tangani tanpa arahan Kasi"),
    workflow.ASK_DIRECTION: gettext_lazy("Minta arahan Kasi"),
    workflow.DIRECT: gettext_lazy("Beri arahan"),
    workflow.RESOLVE_ACTION: gettext_lazy("Selesaikan dan jawab pelapor"),
    workflow.PAUSE: gettext_lazy("Jeda: menunggu pelapor"),
    workflow.RESUME: gettext_lazy("Lanjutkan penanganan"),
}


def step_title(step) -> str:
    """A step's title: the label table's, else the SOP's own activity text (never the bare code).

    ``step`` is anything with ``code`` and optionally ``activity`` (a ComplaintStep, a SopStep)."""
    title = STEP_TITLES.get(getattr(step, "code", ""))
    if title is not None:
        return str(title)
    activity = str(getattr(step, "activity", "") or getattr(step, "activity_id", "") or "")
    return (activity[:80] + "…") if len(activity) > 80 else (activity or _("Langkah"))


def step_code_title(code: str) -> str:
    """The title for a bare step code (e.g. an event's ``step_code``); empty for no code."""
    if not code:
        return ""
    return str(STEP_TITLES.get(code, _("Langkah lain")))


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, _("Tindakan")))


def yes_no(value: bool | None) -> str:
    if value is None:
        return "—"
    return _("Ya") if value else _("Tidak")


# The national clocks (rules.ClockState) as people read them, and their badge.
CLOCK_LABELS = {
    "running": gettext_lazy("berjalan"),
    "overdue": gettext_lazy("terlambat"),
    "met": gettext_lazy("tepat waktu"),
    "late": gettext_lazy("terlambat"),
    "waiting": gettext_lazy("menunggu verifikasi"),
}
CLOCK_BADGES = {"running": "", "overdue": "badge-late", "met": "badge-ok", "late": "badge-late", "waiting": ""}
