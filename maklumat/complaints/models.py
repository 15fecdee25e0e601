"""Complaints (*pengaduan*): intake on every channel, SOP steps snapshotted per complaint, events.

A complaint copies the steps of the SOP version in force when it is opened (``ComplaintStep``),
so a later SOP version never rewrites an open complaint's deadlines. Its history is the
append-only ``ComplaintEvent`` log; state on ``Complaint``/``ComplaintStep`` is only changed by
``complaints.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from maklumat.accounts.roles import Role
from maklumat.lib.masking import mask_phone


class Channel(models.TextChoices):
    WALK_IN = "walk_in", _("Datang langsung (Pos Yankomas)")
    SOCIAL_MEDIA = "social_media", _("Media sosial")
    CALL_CENTER = "call_center", _("Call center")
    EMAIL = "email", _("Surel")
    LETTER = "letter", _("Surat dinas")
    WEB = "web", _("Formulir daring")
    LAPOR = "lapor", _("SP4N-LAPOR! / Ditjen Imigrasi")
    SURVEY = "survey", _("Saran survei IKM")


class Status(models.TextChoices):
    OPEN = "open", _("Diproses")
    PAUSED = "paused", _("Menunggu pelapor")
    RESOLVED = "resolved", _("Selesai")


class Outcome(models.TextChoices):
    BY_OFFICER = "by_officer", _("Diselesaikan petugas (umum)")
    BY_KASUBSI = "by_kasubsi", _("Diselesaikan dengan penanganan Kasubsi")
    WITH_KASI = "with_kasi", _("Diselesaikan dengan arahan Kasi")


class StepBehaviour(models.TextChoices):
    """What completing a step means; the SOP step ``code`` decides it (see services.BEHAVIOUR)."""

    PASS = "pass", _("Teruskan")
    TRIAGE = "triage", _("Terima dan pilah")
    DECIDE = "decide", _("Tangani atau minta arahan")
    DIRECTION = "direction", _("Beri arahan")
    RESOLVE = "resolve", _("Selesaikan dan jawab")


class StepStatus(models.TextChoices):
    PENDING = "pending", _("Belum mulai")
    ACTIVE = "active", _("Berjalan")
    DONE = "done", pgettext_lazy("langkah", "Selesai")
    SKIPPED = "skipped", _("Dilewati")


class Platform(models.TextChoices):
    INSTAGRAM = "instagram", "Instagram"
    FACEBOOK = "facebook", "Facebook"
    X = "x", "X (Twitter)"
    TIKTOK = "tiktok", "TikTok"
    YOUTUBE = "youtube", "YouTube"
    WHATSAPP = "whatsapp", "WhatsApp"
    OTHER = "other", _("Lainnya")


class ComplaintCategory(models.Model):
    """What a complaint is about. ``is_general`` ones the first-line officer may close alone (002 step 2)."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name_id = models.CharField(_("nama"), max_length=200)
    name_en = models.CharField(_("nama (Inggris)"), max_length=200, blank=True)
    is_general = models.BooleanField(_("umum (ditangani petugas)"), default=False)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("kategori pengaduan")
        verbose_name_plural = _("kategori pengaduan")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.name_en and (get_language() or "id").startswith("en"):
            return self.name_en
        return self.name_id


class ComplaintRoute(models.Model):
    """Which SOP kind drives complaints of a channel; ``office`` empty = every office.

    Without a row a channel follows the walk-in chain (decision: docs/decisions.md).
    """

    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, null=True, blank=True,
                               related_name="complaint_routes")
    channel = models.CharField(_("kanal"), max_length=20, choices=Channel.choices)
    sop_kind = models.CharField(_("jenis SOP"), max_length=40)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "channel"], name="one_route_per_office_channel"),
            models.UniqueConstraint(fields=["channel"], condition=models.Q(office__isnull=True),
                                    name="one_default_route_per_channel"),
        ]
        verbose_name = _("alur kanal pengaduan")
        verbose_name_plural = _("alur kanal pengaduan")

    def __str__(self) -> str:
        return f"{self.office.code if self.office_id else '*'} {self.channel} → {self.sop_kind}"


class Complaint(models.Model):
    """One complaint at one office, from any channel."""

    office = models.ForeignKey("offices.Office", on_delete=models.PROTECT, related_name="complaints")
    tracking_code = models.CharField(_("kode pelacakan"), max_length=20, unique=True)
    channel = models.CharField(_("kanal"), max_length=20, choices=Channel.choices)
    category = models.ForeignKey(ComplaintCategory, verbose_name=_("kategori"), on_delete=models.PROTECT,
                                 null=True, blank=True, related_name="complaints")
    subject = models.CharField(_("perihal"), max_length=200)
    description = models.TextField(_("uraian pengaduan"))
    received_at = models.DateTimeField(_("diterima"))
    confidential = models.BooleanField(_("rahasia"), default=False,
                                       help_text=_("Isi pengaduan tidak ditampilkan di halaman publik."))
    anonymous = models.BooleanField(_("anonim"), default=False,
                                    help_text=_("Identitas pelapor hanya terlihat oleh tim pengaduan."))
    reporter_name = models.CharField(_("nama pelapor"), max_length=200, blank=True)
    reporter_phone = models.CharField(_("telepon"), max_length=20, blank=True)
    reporter_email = models.EmailField(_("surel"), blank=True)
    reporter_address = models.CharField(_("alamat"), max_length=300, blank=True)
    # Channel details
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices, blank=True)
    post_url = models.URLField(_("tautan unggahan"), max_length=500, blank=True)
    handle = models.CharField(_("akun"), max_length=100, blank=True)
    letter_number = models.CharField(_("nomor surat"), max_length=100, blank=True)
    letter_date = models.DateField(_("tanggal surat"), null=True, blank=True)
    letter_scan = models.FileField(_("pindaian surat"), upload_to="complaints/letters/%Y/%m/", blank=True)
    email_message_id = models.CharField(_("Message-ID surel"), max_length=300, blank=True, db_index=True)
    application = models.ForeignKey(
        "applications.Application", verbose_name=_("permohonan terkait"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="complaints",
    )
    # A survey suggestion marked as a complaint becomes at most one complaint.
    # What the form says about the incident itself (SP4N-LAPOR!: category, date and place of the incident).
    incident_on = models.DateField(_("tanggal kejadian"), null=True, blank=True)
    incident_place = models.CharField(_("tempat kejadian"), max_length=200, blank=True)
    # The SP4N-LAPOR! tracking ID of a complaint forwarded from the national system (import-lapor).
    lapor_tracking_id = models.CharField(_("ID pelacakan SP4N-LAPOR!"), max_length=40, blank=True)
    # Set when the complaint is closed for good: by the sweep after 10 working days without a reply
    # from the complainant after the answer (rules.AUTO_CLOSE_WORKING_DAYS). No reopening after it.
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    survey_response = models.OneToOneField(
        "satisfaction.SurveyResponse", verbose_name=_("saran survei IKM"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="complaint",
    )
    # Workflow
    sop_version = models.ForeignKey("standards.SopVersion", on_delete=models.PROTECT, related_name="+")
    workflow_note = models.CharField(_("catatan alur"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(_("hasil"), max_length=20, choices=Outcome.choices, blank=True)
    due_at = models.DateTimeField(_("tenggat langkah aktif"), null=True, blank=True, db_index=True)
    breached = models.BooleanField(_("melewati tenggat"), default=False, db_index=True)
    direction = models.TextField(_("arahan"), blank=True)
    resolution = models.TextField(_("penyelesaian"), blank=True)
    reply = models.TextField(_("jawaban kepada pelapor"), blank=True)
    replied_at = models.DateTimeField(_("dijawab"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("penilaian"), null=True, blank=True)
    rating_comment = models.CharField(_("komentar penilaian"), max_length=500, blank=True)
    rated_at = models.DateTimeField(_("dinilai"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["-breached", "due_at", "-received_at"]
        indexes = [models.Index(fields=["office", "received_at"]), models.Index(fields=["office", "status"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=4),
                                   name="complaint_rating_1_to_4"),
            models.UniqueConstraint(fields=["lapor_tracking_id"], condition=~models.Q(lapor_tracking_id=""),
                                    name="one_complaint_per_lapor_id"),
        ]
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.subject}"

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.reporter_phone)

    @property
    def is_closed(self) -> bool:
        return self.status == Status.RESOLVED


class ComplaintStep(models.Model):
    """One SOP step copied onto a complaint when it was opened, with its own clock."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("urutan"))
    code = models.SlugField(_("kode langkah"), max_length=40)
    behaviour = models.CharField(_("sifat"), max_length=20, choices=StepBehaviour.choices)
    actor_role = models.CharField(_("pelaksana"), max_length=40, choices=Role.choices)
    actor_label = models.CharField(_("pelaksana (SOP)"), max_length=200, blank=True)
    activity_id = models.TextField(_("kegiatan"))
    activity_en = models.TextField(_("kegiatan (Inggris)"), blank=True)
    norm_minutes = models.PositiveIntegerField(_("waktu (menit)"))
    status = models.CharField(_("status"), max_length=20, choices=StepStatus.choices, default=StepStatus.PENDING)
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    due_at = models.DateTimeField(_("tenggat"), null=True, blank=True)
    warned_at = models.DateTimeField(_("diperingatkan"), null=True, blank=True)
    breached_at = models.DateTimeField(_("melewati tenggat"), null=True, blank=True)
    completed_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    # The named person working the step (assign, take over, reassign within its role: services/ownership.py).
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("penanggung jawab"), on_delete=models.PROTECT,
                              null=True, blank=True, related_name="owned_complaint_steps")
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["complaint", "order"]
        constraints = [models.UniqueConstraint(fields=["complaint", "order"], name="unique_complaint_step_order")]
        verbose_name = _("langkah pengaduan")
        verbose_name_plural = _("langkah pengaduan")

    def __str__(self) -> str:
        return f"{self.complaint.tracking_code} {self.order}. {self.code}"

    @property
    def activity(self) -> str:
        if self.activity_en and (get_language() or "id").startswith("en"):
            return self.activity_en
        return self.activity_id

    @property
    def on_time(self) -> bool | None:
        if self.status != StepStatus.DONE or self.due_at is None:
            return None
        return self.completed_at <= self.due_at


class ComplaintPause(models.Model):
    """A stretch while the office waits for the complainant; the SLA clock stands still."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="pauses")
    started_at = models.DateTimeField(_("mulai"))
    ended_at = models.DateTimeField(_("berakhir"), null=True, blank=True)
    reason = models.CharField(_("alasan"), max_length=300)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["complaint", "started_at"]
        constraints = [
            models.UniqueConstraint(fields=["complaint"], condition=models.Q(ended_at__isnull=True),
                                    name="one_open_pause_per_complaint"),
        ]
        verbose_name = _("jeda pengaduan")
        verbose_name_plural = _("jeda pengaduan")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} – {self.ended_at or '…'}: {self.reason}"


EVENT_LABELS = {
    "opened": _("Pengaduan diterima"),
    "step_started": _("Langkah dimulai"),
    "step_completed": _("Langkah selesai"),
    "step_skipped": _("Langkah dilewati"),
    "escalated": _("Diteruskan"),
    "handled_by_kasubsi": _("Ditangani Kasubsi"),
    "direction": _("Arahan Kasi"),
    "resolved": _("Diselesaikan"),
    "replied": _("Jawaban kepada pelapor"),
    "paused": _("Dijeda: menunggu pelapor"),
    "resumed": _("Dilanjutkan"),
    "warning": _("Peringatan: mendekati tenggat"),
    "breach": _("Melewati tenggat"),
    "rated": _("Dinilai pelapor"),
    "message_received": _("Pesan masuk dari pelapor"),
    "application_linked": _("Dihubungkan ke permohonan"),
    "reopened": _("Dibuka kembali oleh pelapor"),
    "auto_closed": _("Ditutup otomatis: tidak ada tanggapan pelapor"),
    "step_assigned": _("Penanggung jawab langkah ditetapkan"),
    "note_added": _("Catatan internal ditambahkan"),
    "reply_recorded": _("Jawaban kepada pelapor dicatat"),
}


class ComplaintEvent(models.Model):
    """A moment in a complaint's life. Append-only: never updated or deleted."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("waktu"))
    kind = models.CharField(_("peristiwa"), max_length=40)
    step_code = models.CharField(_("langkah"), max_length=40, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    note = models.TextField(_("catatan"), blank=True)
    public = models.BooleanField(_("tampil di halaman status"), default=False)

    class Meta:
        ordering = ["complaint", "at", "id"]
        verbose_name = _("peristiwa pengaduan")
        verbose_name_plural = _("peristiwa pengaduan")

    def __str__(self) -> str:
        return f"{self.complaint.tracking_code} {self.kind} {self.at:%Y-%m-%d %H:%M}"

    @property
    def label(self) -> str:
        return str(EVENT_LABELS.get(self.kind, self.kind))


class ComplaintAttachment(models.Model):
    """A photo or PDF sent with a complaint, stored only after its content was checked and its metadata
    (EXIF, GPS, PDF document info) removed by re-encoding (``complaints.attachments``). Of an anonymous or
    confidential complaint only the complaint team reads it (the letter-scan rule of issue 12)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("berkas"), upload_to="complaints/attachments/%Y/%m/")
    kind = models.CharField(_("jenis"), max_length=10)  # jpeg, png, pdf: the sniffed content type
    size = models.PositiveIntegerField(_("ukuran (bita)"))
    original_name = models.CharField(_("nama berkas asal"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("diunggah"))

    class Meta:
        ordering = ["complaint", "uploaded_at", "id"]
        verbose_name = _("lampiran pengaduan")
        verbose_name_plural = _("lampiran pengaduan")

    def __str__(self) -> str:
        return f"{self.complaint.tracking_code} {self.original_name or self.kind}"


class ComplaintNotification(models.Model):
    """An in-app notice to one user (SLA warning, breach, escalation). Stored once per step/kind/user."""

    class Kind(models.TextChoices):
        WARNING = "warning", _("Mendekati tenggat")
        BREACH = "breach", _("Melewati tenggat")
        BREACH_ESCALATED = "breach_escalated", _("Pelanggaran tenggat di tingkat bawah")
        ASSIGNED = "assigned", _("Tugas baru")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="complaint_notices")
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="notifications")
    step = models.ForeignKey(ComplaintStep, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    message = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "step", "kind"], name="notice_once_per_step_kind")]
        verbose_name = _("notifikasi pengaduan")
        verbose_name_plural = _("notifikasi pengaduan")

    def __str__(self) -> str:
        return f"{self.user} {self.kind}: {self.message}"


class RecapSubmission(models.Model):
    """The monthly recap report sent up the hierarchy: who sent it, when, with which totals."""

    office = models.ForeignKey("offices.Office", on_delete=models.PROTECT, related_name="complaint_recaps")
    year = models.PositiveSmallIntegerField(_("tahun"))
    month = models.PositiveSmallIntegerField(_("bulan"))
    submitted_at = models.DateTimeField(_("dikirim"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    totals = models.JSONField(_("ringkasan"), default=dict)

    class Meta:
        ordering = ["-year", "-month", "office__name"]
        constraints = [models.UniqueConstraint(fields=["office", "year", "month"], name="one_recap_per_month")]
        verbose_name = _("laporan rekapitulasi terkirim")
        verbose_name_plural = _("laporan rekapitulasi terkirim")

    def __str__(self) -> str:
        return f"{self.office.code} {self.year}-{self.month:02d}"


class ReplyChannel(models.TextChoices):
    """How something was said to the complainant (the reply history)."""

    OFFICIAL = "official", _("Jawaban resmi (halaman status, surel/SMS)")
    PHONE = "phone", _("Telepon")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("Surel")
    IN_PERSON = "in_person", _("Langsung di Pos Yankomas")
    SOCIAL_MEDIA = "social_media", _("Media sosial")
    LETTER = "letter", _("Surat dinas")


class ComplaintNote(models.Model):
    """An internal note of the office on a complaint: staff only, never on the public status page or API.
    Append-only."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="internal_notes")
    at = models.DateTimeField(_("waktu"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("penulis"), on_delete=models.PROTECT,
                               related_name="+")
    text = models.TextField(_("catatan internal"))

    class Meta:
        ordering = ["complaint", "at", "id"]
        verbose_name = _("catatan internal pengaduan")
        verbose_name_plural = _("catatan internal pengaduan")

    def __str__(self) -> str:
        return f"{self.complaint.tracking_code} {self.at:%Y-%m-%d %H:%M}"


class ComplaintReply(models.Model):
    """What was said to the complainant, on which channel, when and by whom. Append-only.

    The official answer that resolves a complaint is one of them (``ReplyChannel.OFFICIAL``); the
    others are recorded by the officer after a call, a WhatsApp message, a conversation at the post.
    """

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="replies")
    channel = models.CharField(_("kanal jawaban"), max_length=20, choices=ReplyChannel.choices)
    text = models.TextField(_("isi jawaban"))
    sent_at = models.DateTimeField(_("disampaikan"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("disampaikan oleh"),
                                on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["complaint", "sent_at", "id"]
        verbose_name = _("jawaban kepada pelapor")
        verbose_name_plural = _("jawaban kepada pelapor")

    def __str__(self) -> str:
        return f"{self.complaint.tracking_code} {self.channel} {self.sent_at:%Y-%m-%d %H:%M}"


class CannedReply(models.Model):
    """A ready answer text per category (``category`` empty: for every category); fills the reply form.
    Reference data, edited in the admin."""

    code = models.SlugField(_("kode"), max_length=60, unique=True)
    category = models.ForeignKey(ComplaintCategory, verbose_name=_("kategori"), on_delete=models.CASCADE,
                                 null=True, blank=True, related_name="canned_replies")
    title = models.CharField(_("judul"), max_length=120)
    text = models.TextField(_("isi jawaban"))
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("templat jawaban")
        verbose_name_plural = _("templat jawaban")

    def __str__(self) -> str:
        return self.title
