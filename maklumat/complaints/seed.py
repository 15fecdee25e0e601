"""Reference data (complaint categories, channel routes) and demo complaints on every channel."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from maklumat.complaints.models import Channel, Complaint, ComplaintCategory, ComplaintRoute
from maklumat.standards.models import SopKind

# (code, name_id, name_en, is_general). General ones are those 002 lets the officer close alone.
CATEGORIES = [
    ("m_paspor_error", "Error aplikasi M-Paspor", "M-Paspor app error", True),
    ("passport_pickup", "Pengambilan paspor", "Passport pickup", True),
    ("status_check", "Pengecekan status penyelesaian paspor", "Passport status check", True),
    ("requirements", "Persyaratan dan prosedur layanan keimigrasian", "Requirements and procedures", True),
    ("service_delay", "Keterlambatan / waktu tunggu layanan", "Service delay / waiting time", False),
    ("staff_conduct", "Sikap dan perilaku petugas", "Staff behaviour", False),
    ("broker_levy", "Calo atau pungutan liar", "Brokers or illegal levies", False),
    ("data_error", "Kesalahan data paspor", "Passport data error", False),
    ("facilities", "Sarana dan prasarana", "Facilities", False),
    ("other", "Lainnya", "Other", False),
]


def seed_reference(log) -> None:
    for order, (code, name_id, name_en, general) in enumerate(CATEGORIES, start=1):
        ComplaintCategory.objects.update_or_create(
            code=code, defaults={"name_id": name_id, "name_en": name_en, "is_general": general, "order": order})
    # Social-media complaints follow the social-media SOP where an office has one (004);
    # every other channel follows the walk-in chain (no row needed).
    ComplaintRoute.objects.get_or_create(office=None, channel=Channel.SOCIAL_MEDIA,
                                         defaults={"sop_kind": SopKind.COMPLAINT_SOCIAL_MEDIA})
    log(f"complaints: {ComplaintCategory.objects.count()} kategori pengaduan")


def seed_demo(log) -> None:
    from maklumat.complaints.demo import create_demo_complaints

    if Complaint.objects.exists():
        log(f"complaints: {Complaint.objects.count()} pengaduan demo (sudah ada)")
        return
    count = create_demo_complaints(timezone.now() - timedelta(minutes=1))
    log(f"complaints: {count} pengaduan demo di semua kanal")

