"""Reference data (complaint categories, channel routes) and demo complaints on every channel."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from maklumat.complaints.models import CannedReply, Channel, Complaint, ComplaintCategory, ComplaintRoute
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

# Canned replies (code, category code or None for every category, title, text): a first draft the
# officer adapts before sending. Seeded once; edits made in the admin are kept on a later seed.
CANNED_REPLIES = [
    ("terima-kasih", None, "Tanda terima pengaduan",
     "Terima kasih atas pengaduan Bapak/Ibu. Pengaduan telah kami terima dan sedang ditangani. Perkembangannya "
     "dapat dipantau di halaman status dengan kode pelacakan yang telah diberikan."),
    ("minta-kelengkapan", None, "Meminta keterangan tambahan",
     "Untuk menindaklanjuti pengaduan Bapak/Ibu, mohon kirimkan keterangan tambahan berikut: ... "
     "Penanganan kami lanjutkan setelah keterangan tersebut kami terima."),
    ("mpaspor-error", "m_paspor_error", "Error aplikasi M-Paspor",
     "Mohon maaf atas kendala pada aplikasi M-Paspor. Silakan perbarui aplikasi ke versi terbaru, keluar lalu "
     "masuk kembali, dan ulangi pengajuan. Bila kendala berlanjut, datang ke Pos Yankomas dengan membawa bukti "
     "tangkapan layar; petugas kami akan membantu."),
    ("pengambilan-paspor", "passport_pickup", "Pengambilan paspor",
     "Paspor Bapak/Ibu dapat diambil di loket pengambilan pada jam layanan dengan membawa bukti pembayaran dan "
     "KTP asli. Pengambilan dapat dikuasakan dengan surat kuasa bermeterai."),
    ("status-paspor", "status_check", "Status penyelesaian paspor",
     "Permohonan paspor Bapak/Ibu sedang dalam proses. Kami akan memberi kabar melalui SMS/surel setelah paspor "
     "siap diambil. Status juga dapat dipantau di halaman status permohonan."),
    ("persyaratan", "requirements", "Persyaratan dan prosedur",
     "Persyaratan permohonan paspor: KTP elektronik, kartu keluarga, dan akta kelahiran/ijazah/buku nikah. "
     "Pendaftaran dilakukan melalui aplikasi M-Paspor; informasi lengkap tersedia di Pos Yankomas."),
    ("keterlambatan", "service_delay", "Keterlambatan layanan",
     "Mohon maaf atas keterlambatan layanan yang Bapak/Ibu alami. Kami telah menelusuri penyebabnya dan "
     "melakukan perbaikan. Bila janji layanan kami tidak terpenuhi, Bapak/Ibu berhak atas kompensasi sesuai "
     "maklumat pelayanan."),
    ("sikap-petugas", "staff_conduct", "Sikap petugas",
     "Terima kasih telah menyampaikan pengalaman Bapak/Ibu. Laporan mengenai sikap petugas telah diteruskan "
     "kepada pimpinan dan ditindaklanjuti sesuai ketentuan disiplin pegawai."),
    ("calo-pungli", "broker_levy", "Calo atau pungutan liar",
     "Terima kasih atas laporan Bapak/Ibu. Layanan paspor tidak memungut biaya di luar tarif PNBP resmi. "
     "Laporan ini kami tindak lanjuti dan identitas pelapor kami rahasiakan."),
    ("kesalahan-data", "data_error", "Kesalahan data paspor",
     "Mohon maaf atas kesalahan data pada paspor Bapak/Ibu. Silakan datang ke kantor dengan membawa paspor dan "
     "dokumen pendukung; perbaikan data dilakukan tanpa biaya tambahan bila kesalahan berasal dari kami."),
    ("sarana", "facilities", "Sarana dan prasarana",
     "Terima kasih atas masukan Bapak/Ibu mengenai sarana dan prasarana kantor. Masukan ini menjadi bahan "
     "perbaikan layanan kami."),
]


def seed_reference(log) -> None:
    for order, (code, name_id, name_en, general) in enumerate(CATEGORIES, start=1):
        ComplaintCategory.objects.update_or_create(
            code=code, defaults={"name_id": name_id, "name_en": name_en, "is_general": general, "order": order})
    # Social-media complaints follow the social-media SOP where an office has one (004);
    # every other channel follows the walk-in chain (no row needed).
    ComplaintRoute.objects.get_or_create(office=None, channel=Channel.SOCIAL_MEDIA,
                                         defaults={"sop_kind": SopKind.COMPLAINT_SOCIAL_MEDIA})
    categories = {c.code: c for c in ComplaintCategory.objects.all()}
    for order, (code, category, title, text) in enumerate(CANNED_REPLIES, start=1):
        CannedReply.objects.get_or_create(code=code, defaults={
            "category": categories.get(category) if category else None, "title": title, "text": text,
            "order": order})
    log(f"complaints: {ComplaintCategory.objects.count()} kategori pengaduan, "
        f"{CannedReply.objects.count()} templat jawaban")


def seed_demo(log) -> None:
    from maklumat.complaints.demo import create_demo_complaints

    if Complaint.objects.exists():
        log(f"complaints: {Complaint.objects.count()} pengaduan demo (sudah ada)")
        return
    count = create_demo_complaints(timezone.now() - timedelta(minutes=1))
    log(f"complaints: {count} pengaduan demo di semua kanal")

