"""Reference data: the service catalogue and the SOPs of seeds 001, 002 and 004."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from maklumat.accounts.roles import Role
from maklumat.offices.models import Office
from maklumat.standards.models import Service, Sop, SopKind, SopStep, SopVersion

PASSPORT_FEES_ID = (
    "Paspor biasa 5 tahun Rp350.000 / 10 tahun Rp650.000; paspor elektronik 5 tahun Rp650.000 / "
    "10 tahun Rp950.000 (PP 45/2024)."
)
PASSPORT_FEES_EN = (
    "Ordinary passport 5 years Rp350,000 / 10 years Rp650,000; electronic passport 5 years "
    "Rp650,000 / 10 years Rp950,000 (Government Regulation 45/2024)."
)
BASIC_REQUIREMENTS_ID = "KTP-el; Kartu Keluarga; akta kelahiran, ijazah, buku nikah atau surat baptis."
BASIC_REQUIREMENTS_EN = "Electronic ID card; family card; birth certificate, diploma, marriage book or baptism letter."

SERVICES = [
    {
        "code": "baru", "order": 10, "sop_kind": SopKind.ISSUANCE, "completion_working_days": 3,
        "name_id": "Paspor baru", "name_en": "New passport",
        "description_id": "Penerbitan paspor untuk pemohon yang belum pernah memiliki paspor.",
        "description_en": "Issuing a passport to an applicant who never had one.",
        "requirements_id": BASIC_REQUIREMENTS_ID, "requirements_en": BASIC_REQUIREMENTS_EN,
        "fee_note_id": PASSPORT_FEES_ID, "fee_note_en": PASSPORT_FEES_EN,
    },
    {
        "code": "penggantian", "order": 20, "sop_kind": SopKind.ISSUANCE, "completion_working_days": 3,
        "name_id": "Penggantian paspor (habis berlaku / halaman penuh)",
        "name_en": "Passport replacement (expired / pages full)",
        "description_id": "Penggantian paspor yang masa berlakunya habis atau halamannya penuh.",
        "description_en": "Replacing a passport that expired or whose pages are full.",
        "requirements_id": "KTP-el; paspor lama.", "requirements_en": "Electronic ID card; the old passport.",
        "fee_note_id": PASSPORT_FEES_ID, "fee_note_en": PASSPORT_FEES_EN,
    },
    {
        "code": "hilang", "order": 30, "sop_kind": SopKind.ISSUANCE, "completion_working_days": None,
        "name_id": "Penggantian paspor hilang", "name_en": "Replacement of a lost passport",
        "description_id": "Melalui pemeriksaan (BAP) sesuai SOP Paspor Hilang, Rusak, atau Ganda.",
        "description_en": "After an examination (BAP) under the lost, damaged or duplicate passport SOP.",
        "requirements_id": BASIC_REQUIREMENTS_ID + " Surat keterangan hilang dari kepolisian.",
        "requirements_en": BASIC_REQUIREMENTS_EN + " Police report of the loss.",
        "fee_note_id": PASSPORT_FEES_ID + " Ditambah denda sesuai PP 45/2024.",
        "fee_note_en": PASSPORT_FEES_EN + " Plus the fine set by Government Regulation 45/2024.",
    },
    {
        "code": "rusak", "order": 40, "sop_kind": SopKind.ISSUANCE, "completion_working_days": None,
        "name_id": "Penggantian paspor rusak", "name_en": "Replacement of a damaged passport",
        "description_id": "Melalui pemeriksaan (BAP) sesuai SOP Paspor Hilang, Rusak, atau Ganda.",
        "description_en": "After an examination (BAP) under the lost, damaged or duplicate passport SOP.",
        "requirements_id": BASIC_REQUIREMENTS_ID + " Paspor yang rusak.",
        "requirements_en": BASIC_REQUIREMENTS_EN + " The damaged passport.",
        "fee_note_id": PASSPORT_FEES_ID + " Ditambah denda sesuai PP 45/2024.",
        "fee_note_en": PASSPORT_FEES_EN + " Plus the fine set by Government Regulation 45/2024.",
    },
    {
        "code": "percepatan", "order": 50, "sop_kind": SopKind.ISSUANCE, "completion_working_days": 0,
        "name_id": "Layanan percepatan paspor", "name_en": "Accelerated passport service",
        "description_id": "Paspor selesai pada hari kerja yang sama; pengambilan mulai pukul 12.00.",
        "description_en": "Passport ready the same working day; pickup from 12:00.",
        "requirements_id": "Sesuai jenis permohonan paspor.", "requirements_en": "As for the passport applied for.",
        "fee_note_id": "Rp1.000.000 di luar biaya paspor (PP 45/2024).",
        "fee_note_en": "Rp1,000,000 on top of the passport fee (Government Regulation 45/2024).",
    },
]

# 001: the 11-step passport issuance SOP of Muara Enim (2020), the default for every office.
ISSUANCE_SOURCE = "SOP Kompensasi Antar Paspor, Kantor Imigrasi Kelas II Non TPI Muara Enim (seed 001)"
DOKIM = "Petugas Dokintalkim"
ISSUANCE_STEPS = [
    ("intake", Role.PETUGAS_LOKET, DOKIM, 5,
     "Menerima permohonan dan memeriksa kelengkapan persyaratan",
     "Receive the application and check that the requirements are complete",
     "Fotokopi berkas permohonan ukuran kertas A4", "Copies of the application file on A4 paper",
     "Nomor antrian", "Queue number",
     "Nomor antrian disesuaikan dengan klasifikasi: 1. pemohon umum; 2. pemohon berkebutuhan khusus "
     "(disabilitas, lansia, ibu hamil, balita).",
     "Queue numbers follow the class: 1. general applicants; 2. applicants with special needs "
     "(disabled, elderly, pregnant, toddlers)."),
    ("data_entry", Role.PETUGAS_LOKET, DOKIM, 5,
     "Memasukkan data pemohon ke aplikasi DPRI", "Enter the applicant's data into the DPRI application",
     "Berkas permohonan", "Application file", "Data pemohon di komputer", "Applicant data in the computer", "", ""),
    ("biometric", Role.PETUGAS_LOKET, DOKIM, 5,
     "Melakukan pengambilan foto biometrik dan sidik jari", "Take the biometric photo and fingerprints",
     "Berkas permohonan", "Application file", "Foto biometrik dan sidik jari pemohon paspor",
     "Biometric photo and fingerprints of the applicant", "", ""),
    ("interview", Role.PETUGAS_LOKET, DOKIM, 10,
     "Melakukan wawancara, verifikasi kelengkapan dan keabsahan data pemohon",
     "Interview the applicant and verify completeness and validity of the data",
     "Berkas permohonan asli dan fotokopi ukuran A4", "Original application file and A4 copies",
     "Hasil wawancara dan verifikasi petugas", "Interview and verification result",
     "Apabila ada ketidaksesuaian dilanjutkan pada alur SOP penanganan ketidaksesuaian.",
     "A mismatch continues in the non-conformity SOP."),
    ("puskadim_check", Role.PETUGAS_LOKET, DOKIM, 5,
     "Memeriksa hasil verifikasi data puskadim (hasil BMS, data cekal, dan adjudikasi)",
     "Check the national data centre result (biometric match, watch list, adjudication)",
     "Data biometrik dan sidik jari pemohon", "Applicant's biometric and fingerprint data",
     "Hasil verifikasi puskadim", "Data centre verification result",
     "Apabila ada ketidaksesuaian dilanjutkan pada alur SOP penanganan ketidaksesuaian.",
     "A mismatch continues in the non-conformity SOP."),
    ("billing", Role.PETUGAS_LOKET, DOKIM, 2,
     "Mencetak dan menyerahkan bukti pengantar pembayaran paspor", "Print and hand over the payment slip",
     "Berkas permohonan", "Application file", "Kode billing / slip tanda bukti pembayaran paspor",
     "Billing code / payment slip", "Batas waktu pembayaran maksimal 30 hari.",
     "Payment is due within 30 days."),
    ("blank_issue", Role.PETUGAS_LOKET, DOKIM, 10,
     "Mengeluarkan blangko paspor sesuai dengan Manajemen Dokim",
     "Issue the passport blank according to document management",
     "Data Manajemen Dokim", "Document management data", "Blangko paspor", "Passport blank", "", ""),
    ("allocation", Role.PETUGAS_LOKET, DOKIM, 10,
     "Mengalokasikan paspor, mencetak paspor, uji kualitas, dan laminasi paspor",
     "Allocate, print, quality-check and laminate the passport",
     "Blangko DPRI", "DPRI blank", "DPRI yang telah selesai proses penerbitan", "Passport through issuance",
     "Alokasi paspor maksimal 2 hari kerja setelah pembayaran PNBP. Apabila lewat dari 2 hari kerja, "
     "paspor yang selesai dicetak diantarkan langsung ke alamat rumah pemohon (kompensasi antar paspor). "
     "Tidak berlaku untuk gangguan kesisteman dan permohonan yang memerlukan pengecekan lapangan.",
     "Allocation at most 2 working days after the PNBP payment; later, the printed passport is delivered to "
     "the applicant's home (delivery compensation). Not for system disruption or applications needing a "
     "field check."),
    ("kasi_check", Role.KASI, "Kepala Seksi Dokintalkim", 5,
     "Pengecekan dan penelitian ulang paspor yang telah selesai diproses oleh Kepala Seksi Dokintalkim",
     "The head of section re-checks the finished passport",
     "Berkas permohonan; paspor yang telah selesai proses penerbitan", "Application file; finished passport",
     "Paraf penelitian oleh pejabat", "Official's check initials", "", ""),
    ("handover", Role.PETUGAS_LOKET, DOKIM, 5,
     "Menyerahkan paspor yang telah selesai", "Hand over the finished passport",
     "Paspor yang telah selesai proses penerbitan", "Finished passport",
     "Penyerahan paspor melalui sistem DPRI; buku ekspedisi penyerahan paspor",
     "Handover recorded in DPRI; passport dispatch book",
     "Pemohon menandatangani bukti penyerahan paspor pada Perdim 11 dan buku ekspedisi.",
     "The applicant signs the handover on Perdim 11 and the dispatch book."),
    ("delivery_receipt", Role.PETUGAS_LOKET, DOKIM, 2,
     "Menyerahkan tanda terima kompensasi antar paspor untuk permohonan yang dialokasi lewat dari 2 hari kerja",
     "Hand over the delivery-compensation receipt when allocation took over 2 working days",
     "Bukti pembayaran paspor", "Payment receipt", "Tanda terima pemberian kompensasi antar paspor",
     "Delivery-compensation receipt", "Pemohon menandatangani tanda terima kompensasi antar paspor.",
     "The applicant signs the delivery-compensation receipt."),
]

# 002: walk-in complaints, Pamekasan (2024).
WALK_IN_SOURCE = (
    "SOPAP Penanganan Pengaduan Layanan Keimigrasian Secara Luring, Kantor Imigrasi Kelas II Non TPI "
    "Pamekasan (seed 002)"
)
WALK_IN_STEPS = [
    ("direct", Role.DUTA_LAYANAN, "Duta Layanan", 2,
     "Duta layanan menerima pelapor dan mengarahkannya ke Pos Pelayanan Komunikasi Masyarakat (Yankomas)",
     "The service ambassador receives the complainant and directs them to the Yankomas post", "", "", "", "", "", ""),
    ("intake", Role.PETUGAS_YANKOMAS, "Petugas Yankomas", 30,
     "Petugas menerima pengaduan dan meminta pelapor mengisi form pengaduan; pengaduan bersifat umum "
     "ditangani petugas, selebihnya diteruskan ke Kasubsi",
     "The officer takes the complaint on the complaint form; general complaints are closed by the officer, "
     "others go to the Kasubsi",
     "Komputer, printer, jaringan komunikasi, perangkat komunikasi, ATK, form pengaduan",
     "Computer, printer, network, phone, stationery, complaint form", "Form pengaduan", "Complaint form",
     "Pengaduan bersifat umum: error aplikasi M-Paspor, pengambilan paspor, pengecekan status penyelesaian "
     "paspor, persyaratan dan prosedur layanan keimigrasian.",
     "General complaints: M-Paspor app errors, passport pickup, status checks, requirements and procedures."),
    ("kasubsi_handle", Role.KASUBSI, "Kasubsi Infokim", 60,
     "Kasubsi Infokim menangani pengaduan yang tidak dapat ditangani petugas; bila perlu meminta arahan Kasi",
     "The Kasubsi Infokim handles what the officer could not, asking the Kasi for direction when needed",
     "", "", "", "", "", ""),
    ("kasi_direct", Role.KASI, "Kasi TIKKIM", 60,
     "Kasi Teknologi Informasi dan Komunikasi Keimigrasian memberikan arahan kepada Kasubsi Infokim",
     "The Kasi TIKKIM gives the Kasubsi Infokim directions to resolve the complaint", "", "", "", "", "", ""),
    ("kasubsi_forward", Role.KASUBSI, "Kasubsi Infokim", 60,
     "Kasubsi menerima arahan dari Kasi dan meneruskan ke petugas untuk menyelesaikan pengaduan",
     "The Kasubsi passes the Kasi's direction to the officer", "", "", "", "", "", ""),
    ("resolve", Role.PETUGAS_YANKOMAS, "Petugas Yankomas", 60,
     "Petugas menyelesaikan pengaduan, membuat Laporan Rekapitulasi Penanganan Pengaduan dan melaporkannya "
     "secara berjenjang",
     "The officer resolves the complaint, writes the recap report and reports it up the hierarchy",
     "", "", "Laporan Rekapitulasi Penanganan Pengaduan", "Complaint handling recap report", "", ""),
]

# 004: social-media complaints, Balikpapan (2023).
SOCIAL_SOURCE = (
    "SOPAP Pengelolaan Pengaduan Masyarakat, Kantor Imigrasi Kelas I TPI Balikpapan (seed 004)"
)
MEDIA = "Tim Pengelola Media Sosial"
SOCIAL_STEPS = [
    ("receive", Role.PENGELOLA_MEDSOS, MEDIA, 10,
     "Tim pengelola media sosial menerima keluhan atau masukan dari masyarakat",
     "The social-media team receives the complaint or feedback",
     "Data keluhan atau masukan masyarakat; komputer; akses internet", "Complaint data; computer; internet",
     "Data keluhan atau masukan masyarakat", "Complaint data", "", ""),
    ("forward", Role.PENGELOLA_MEDSOS, MEDIA, 10,
     "Tim pengelola media sosial meneruskan keluhan kepada Kasubsi Informasi dan Komunikasi Keimigrasian",
     "The team forwards it to the Kasubsi Infokim", "Data keluhan atau masukan masyarakat", "Complaint data",
     "Data keluhan atau masukan masyarakat", "Complaint data", "", ""),
    ("kasubsi_analyse", Role.KASUBSI, "Kasubsi Infokim", 10,
     "Kasubsi Infokim menelaah keluhan dan meneruskan kepada Kasi Teknologi Informasi dan Komunikasi Keimigrasian",
     "The Kasubsi Infokim analyses it and forwards it to the Kasi TIKKIM",
     "Data keluhan atau masukan masyarakat", "Complaint data", "Analisa", "Analysis", "", ""),
    ("kasi_direct", Role.KASI, "Kasi TIKKIM", 15,
     "Kasi TIKKIM memberikan arahan kepada Kasubsi Infokim", "The Kasi TIKKIM gives directions",
     "Analisa atas keluhan atau masukan masyarakat", "Analysis of the complaint",
     "Jawaban tindak lanjut", "Follow-up answer", "", ""),
    ("kasubsi_instruct", Role.KASUBSI, "Kasubsi Infokim", 10,
     "Kasubsi Infokim menginstruksikan tim pengelola media sosial untuk menindaklanjuti sesuai arahan Kasi",
     "The Kasubsi instructs the team to follow up as the Kasi directed", "", "",
     "Jawaban tindak lanjut", "Follow-up answer", "", ""),
    ("answer", Role.PENGELOLA_MEDSOS, MEDIA, 10,
     "Tim pengelola media sosial menindaklanjuti keluhan di media sosial",
     "The team answers on the platform", "", "", "Jawaban tindak lanjut", "Follow-up answer", "", ""),
]

SOPS = [
    {
        "kind": SopKind.ISSUANCE, "office": None,
        "title_id": "Penerbitan paspor (SOP 11 langkah)", "title_en": "Passport issuance (11-step SOP)",
        "document_number": "W.6.IMI.IMI.2.GR.04.02-1275", "effective_date": date(2020, 11, 4),
        "approved_by": "Kepala Kantor Imigrasi Kelas II Non TPI Muara Enim, Made Nur Hepi Juniarta",
        "source_document": ISSUANCE_SOURCE, "steps": ISSUANCE_STEPS,
    },
    {
        "kind": SopKind.COMPLAINT_WALK_IN, "office": "pamekasan",
        "title_id": "Penanganan pengaduan layanan keimigrasian secara luring",
        "title_en": "Handling walk-in complaints about immigration services",
        "document_number": "W.15.IMI.IMI.10-OT.02.02-", "effective_date": date(2024, 7, 3),
        "approved_by": "Kepala Kantor Imigrasi Kelas II Non TPI Pamekasan, Alvian Bayu Indra Yudha",
        "source_document": WALK_IN_SOURCE, "steps": WALK_IN_STEPS,
    },
    {
        "kind": SopKind.COMPLAINT_SOCIAL_MEDIA, "office": "balikpapan",
        "title_id": "Pengelolaan pengaduan masyarakat melalui media sosial",
        "title_en": "Handling public complaints received on social media",
        "document_number": "W 18 IMI IMI 1-GR.01.14- 06582", "effective_date": date(2023, 2, 3),
        "approved_by": "Kepala Kantor Imigrasi Kelas I TPI Balikpapan, Wahyu Gumilang",
        "source_document": SOCIAL_SOURCE, "steps": SOCIAL_STEPS,
    },
]


def _seed_sop(spec: dict) -> None:
    office = Office.objects.get(code=spec["office"]) if spec["office"] else None
    sop, _ = Sop.objects.get_or_create(
        kind=spec["kind"], office=office,
        defaults={"title_id": spec["title_id"], "title_en": spec["title_en"]},
    )
    if sop.versions.filter(document_number=spec["document_number"]).exists():
        return  # that document is already in; never rewrite a version
    version = SopVersion.objects.create(
        sop=sop, number=sop.versions.count() + 1, document_number=spec["document_number"],
        effective_date=spec["effective_date"], approved_by=spec["approved_by"],
        source_document=spec["source_document"], is_published=True,
    )
    SopStep.objects.bulk_create(
        SopStep(
            version=version, order=order, code=code, actor_role=role, actor_label=label, norm_minutes=minutes,
            activity_id=act_id, activity_en=act_en, requirements_id=req_id, requirements_en=req_en,
            output_id=out_id, output_en=out_en, notes_id=notes_id, notes_en=notes_en,
        )
        for order, (code, role, label, minutes, act_id, act_en, req_id, req_en, out_id, out_en, notes_id, notes_en)
        in enumerate(spec["steps"], start=1)
    )


@transaction.atomic
def seed_reference(log) -> None:
    for row in SERVICES:
        Service.objects.update_or_create(code=row["code"], defaults=row)
    for spec in SOPS:
        _seed_sop(spec)
    log(f"standards: {Service.objects.count()} layanan, {SopVersion.objects.count()} versi SOP")
