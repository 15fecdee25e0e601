"""Home delivery of a finished passport (pure: plain values in, a reason or None out).

The office delivers on request as a paid service (the applicant pays the courier's fee) and, where a
compensation policy owes it (Muara Enim 001), free of charge. Either way the same rules hold:
- dispatch only once the passport is ready (the application's ``ready`` or ``kasi_check`` event at or
  before the dispatch: the same "ready" the completion clock uses, ``deadlines.passport_ready_at``);
- the receipt the applicant signed arrives in a later minute than the dispatch (a courier cannot
  dispatch and deliver in the same minute), never in the future;
- a paid delivery states its courier fee in whole rupiah, at most ``MAX_COST``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from django.utils.translation import gettext as _

# A courier fee above this is a typing mistake (an extra zero), not a domestic delivery.
MAX_COST = 1_000_000
READY_EVENTS = ("ready", "kasi_check")


def passport_ready_at(events: Mapping[str, datetime]) -> datetime | None:
    """When the passport became ready (the first of ``ready``, ``kasi_check``), or None."""
    found = [events[name] for name in READY_EVENTS if name in events]
    return min(found) if found else None


def dispatch_problem(*, ready_at: datetime | None, at: datetime) -> str | None:
    """Why the passport cannot be handed to a courier at ``at``, or None."""
    if ready_at is None or ready_at > at:
        return _("Paspor belum siap: catat peristiwa \"Paspor siap diambil\" sebelum mengirim.")
    return None


def receipt_problem(*, dispatched_at: datetime | None, delivered_at: datetime, now: datetime) -> str | None:
    """Why a signed receipt cannot be recorded for ``delivered_at``, or None."""
    if dispatched_at is None:
        return _("Catat pengiriman (kurir dan nomor resi) sebelum penerimaan.")
    if delivered_at > now:
        return _("Waktu diterima tidak boleh di masa depan.")
    if delivered_at.replace(second=0, microsecond=0) <= dispatched_at.replace(second=0, microsecond=0):
        return _("Waktu diterima harus sesudah menit pengiriman.")
    return None


def cost_problem(cost: int | None) -> str | None:
    """Why ``cost`` (rupiah) cannot be a courier fee, or None."""
    if cost is None:
        return _("Isi biaya kurir (Rp).")
    if cost < 0 or cost > MAX_COST:
        return _("Biaya kurir antara Rp 0 dan Rp %(max)s.") % {"max": f"{MAX_COST:,}".replace(",", ".")}
    return None
