"""Queue configuration (series, steps, counters, calling rule), bookings, tickets, visits and calls."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from maklumat.lib.masking import mask_phone
from maklumat.queueing.rules import NoShowRule, RuleKind, TicketClass


class TicketClassChoices(models.TextChoices):
    GENERAL = TicketClass.GENERAL.value, _("Umum")
    PRIORITY = TicketClass.PRIORITY.value, _("Prioritas")
    COMPENSATION = TicketClass.COMPENSATION.value, _("Kompensasi")


class RuleKindChoices(models.TextChoices):
    PRIORITY_FIRST = RuleKind.PRIORITY_FIRST.value, _("Prioritas lebih dulu")
    RATIO = RuleKind.RATIO.value, _("N umum : 1 prioritas")


class QueueConfig(models.Model):
    """The office's queue settings: calling rule, check-in window, walk-in quota, notices."""

    office = models.OneToOneField("offices.Office", on_delete=models.CASCADE, related_name="queue_config")
    calling_rule = models.CharField(_("aturan panggilan"), max_length=20, choices=RuleKindChoices.choices,
                                    default=RuleKindChoices.PRIORITY_FIRST)
    general_per_priority = models.PositiveSmallIntegerField(_("N umum per 1 prioritas"), default=3)
    check_in_early_minutes = models.PositiveSmallIntegerField(_("check-in paling awal (menit sebelum slot)"),
                                                              default=30)
    check_in_late_minutes = models.PositiveSmallIntegerField(_("check-in paling lambat (menit setelah slot)"),
                                                             default=15)
    walk_in_daily_quota = models.PositiveIntegerField(
        _("kuota datang langsung per hari"), null=True, blank=True, help_text=_("Kosong = tanpa batas.")
    )
    near_notice_ahead = models.PositiveSmallIntegerField(_("beri tahu saat tinggal N antrean"), default=3)
    max_wait_minutes = models.PositiveSmallIntegerField(
        _("batas tunggu sebelum didahulukan (menit)"), null=True, blank=True,
        help_text=_("Nomor yang menunggu lebih lama dipanggil lebih dulu dari nomor yang lebih baru, apa pun "
                    "kelasnya. Kosong = titik peringatan janji waktu tunggu kebijakan kompensasi kantor."))
    no_show_recalls = models.PositiveSmallIntegerField(_("panggilan ulang sebelum tidak hadir"),
                                                       default=NoShowRule().recalls)
    no_show_grace_seconds = models.PositiveIntegerField(
        _("tenggang tidak hadir (detik setelah panggilan terakhir)"),
        default=int(NoShowRule().grace.total_seconds()))

    class Meta:
        verbose_name = _("pengaturan antrian")
        verbose_name_plural = _("pengaturan antrian")

    def __str__(self) -> str:
        return f"{self.office}"


class Series(models.Model):
    """A numbering series of an office (``A`` general, ``P`` priority, ``K`` compensation)."""

    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, related_name="queue_series")
    code = models.CharField(_("kode"), max_length=3)
    name = models.CharField(_("nama"), max_length=100)
    ticket_class = models.CharField(_("kelas"), max_length=20, choices=TicketClassChoices.choices)
    walk_in_allowed = models.BooleanField(_("boleh datang langsung (kiosk)"), default=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["office", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["office", "code"], name="unique_series_code")]
        verbose_name = _("seri nomor")
        verbose_name_plural = _("seri nomor")

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class Step(models.Model):
    """A queue step of the issuance SOP (``code`` = SOP step code, e.g. ``intake``, ``biometric``)."""

    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, related_name="queue_steps")
    code = models.SlugField(_("kode langkah SOP"), max_length=40)
    name = models.CharField(_("nama"), max_length=100)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    kiosk_visible = models.BooleanField(_("dipilih di kiosk"), default=False)
    norm_minutes = models.PositiveSmallIntegerField(_("waktu layanan baku (menit)"), default=5)

    class Meta:
        ordering = ["office", "order"]
        constraints = [models.UniqueConstraint(fields=["office", "code"], name="unique_queue_step_code")]
        verbose_name = _("langkah antrian")
        verbose_name_plural = _("langkah antrian")

    def __str__(self) -> str:
        return self.name

    @property
    def is_biometric(self) -> bool:
        return self.code == "biometric"


class Counter(models.Model):
    """A counter (*loket*) or room that serves one or more steps."""

    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, related_name="queue_counters")
    name = models.CharField(_("nama"), max_length=60)
    spoken_name = models.CharField(_("nama diucapkan"), max_length=60, blank=True,
                                   help_text=_("Mis. 'loket tiga'. Kosong = nama."))
    steps = models.ManyToManyField(Step, related_name="counters", verbose_name=_("langkah"))
    priority_room = models.BooleanField(_("ruang pelayanan prioritas"), default=False)
    is_active = models.BooleanField(_("aktif"), default=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["office", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["office", "name"], name="unique_counter_name")]
        verbose_name = _("loket")
        verbose_name_plural = _("loket")

    def __str__(self) -> str:
        return self.name


class DaySequence(models.Model):
    """The last number given in a series on one office day; locked to hand out the next one."""

    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, related_name="+")
    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["series", "day"], name="one_sequence_per_series_day")]

    def __str__(self) -> str:
        return f"{self.series_id} {self.day}: {self.last_number}"


class Booking(models.Model):
    """An M-Paspor (online queue) booking with its time slot, checked in at the kiosk by its code."""

    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, related_name="queue_bookings")
    code = models.CharField(_("kode booking"), max_length=40)
    applicant_name = models.CharField(_("nama pemohon"), max_length=200)
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    ticket_class = models.CharField(_("kelas"), max_length=20, choices=TicketClassChoices.choices,
                                    default=TicketClassChoices.GENERAL)
    slot_start = models.DateTimeField(_("slot mulai"))
    slot_end = models.DateTimeField(_("slot selesai"))
    checked_in_at = models.DateTimeField(_("check-in"), null=True, blank=True)

    class Meta:
        ordering = ["slot_start", "code"]
        constraints = [models.UniqueConstraint(fields=["office", "code"], name="unique_booking_code")]
        verbose_name = _("booking M-Paspor")
        verbose_name_plural = _("booking M-Paspor")

    def __str__(self) -> str:
        return self.code


class TicketStatus(models.TextChoices):
    WAITING = "waiting", _("Menunggu")
    CALLED = "called", _("Dilayani")
    DONE = "done", _("Selesai")
    NO_SHOW = "no_show", _("Tidak hadir")
    PARKED = "parked", _("Ditunda")


class TicketOrigin(models.TextChoices):
    KIOSK = "kiosk", _("Kiosk (datang langsung)")
    BOOKING = "booking", _("Check-in M-Paspor")
    OFFICER = "officer", _("Petugas")
    COMPENSATION = "compensation", _("Kompensasi")


def display_number(series_code: str, number: int) -> str:
    """A ticket's number as shown and printed: ``A-007``."""
    return f"{series_code}-{number:03d}"


class Ticket(models.Model):
    """A queue number of one office day. It keeps its number across steps (transfer)."""

    office = models.ForeignKey("offices.Office", on_delete=models.PROTECT, related_name="queue_tickets")
    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="tickets")
    day = models.DateField(_("tanggal"))
    # Null only inside the issuing transaction, until the number is taken as its last step.
    number = models.PositiveIntegerField(_("nomor"), null=True)
    ticket_class = models.CharField(_("kelas"), max_length=20, choices=TicketClassChoices.choices)
    origin = models.CharField(_("asal"), max_length=20, choices=TicketOrigin.choices)
    step = models.ForeignKey(Step, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("langkah"))
    status = models.CharField(_("status"), max_length=20, choices=TicketStatus.choices,
                              default=TicketStatus.WAITING)
    waiting_since = models.DateTimeField(_("menunggu sejak"))
    issued_at = models.DateTimeField(_("diambil"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    counter = models.ForeignKey(Counter, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    called_at = models.DateTimeField(_("dipanggil"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    application = models.ForeignKey("applications.Application", on_delete=models.SET_NULL, null=True,
                                    blank=True, related_name="queue_tickets")
    booking = models.OneToOneField(Booking, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="ticket")
    phone = models.CharField(_("telepon"), max_length=20, blank=True)
    near_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["day", "series_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["series", "day", "number"], name="ticket_number_once_per_day"),
        ]
        indexes = [
            models.Index(fields=["office", "day", "status"]),
            # The head of each class at a step, longest waiting first: what "call next" reads.
            models.Index(fields=["step", "day", "status", "ticket_class", "waiting_since"]),
            # The number a counter serves now (board, counter screen): only the few called tickets.
            models.Index(fields=["counter"], condition=models.Q(status="called"), name="ticket_called_at_counter"),
        ]
        verbose_name = _("nomor antrian")
        verbose_name_plural = _("nomor antrian")

    def __str__(self) -> str:
        return self.display_number

    @property
    def display_number(self) -> str:
        return display_number(self.series.code, self.number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class VisitOutcome(models.TextChoices):
    DONE = "done", _("Selesai")
    TRANSFERRED = "transferred", _("Dialihkan")
    NO_SHOW = "no_show", _("Tidak hadir")


class Visit(models.Model):
    """One stay of a ticket at one step: joined (waiting), called at a counter, ended. For statistics."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="visits")
    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    step = models.ForeignKey(Step, on_delete=models.PROTECT, related_name="+")
    ticket_class = models.CharField(max_length=20, choices=TicketClassChoices.choices)
    joined_at = models.DateTimeField()
    called_at = models.DateTimeField(null=True, blank=True)
    counter = models.ForeignKey(Counter, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")
    ended_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=VisitOutcome.choices, blank=True)

    class Meta:
        ordering = ["joined_at", "id"]
        indexes = [models.Index(fields=["office", "day"])]

    def __str__(self) -> str:
        return f"{self.ticket_id} @ {self.step_id}"


class Call(models.Model):
    """A number called (or recalled) to a counter: what the display board shows and announces."""

    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, related_name="+")
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="calls")
    counter = models.ForeignKey(Counter, on_delete=models.PROTECT, related_name="calls")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")
    at = models.DateTimeField()
    is_recall = models.BooleanField(default=False)
    ticket_class = models.CharField(max_length=20, choices=TicketClassChoices.choices)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["office", "at"]),
            # A counter's calls of today (the "N general : 1 priority" streak), bounded by the day.
            models.Index(fields=["counter", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} → {self.counter_id}"


class BreakReason(models.TextChoices):
    REST = "rest", _("Istirahat")
    PRAYER = "prayer", _("Ibadah")
    BRIEFING = "briefing", _("Rapat / arahan")
    SYSTEM = "system", _("Gangguan sistem atau perangkat")
    OTHER_DUTY = "other_duty", _("Tugas lain")
    OTHER = "other", _("Lainnya (tulis keterangan)")


class CounterBreak(models.Model):
    """A pause of a counter (*jeda loket*) with its reason: the counter calls nobody until it resumes."""

    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, related_name="+")
    counter = models.ForeignKey(Counter, on_delete=models.CASCADE, related_name="breaks")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+")
    day = models.DateField()
    reason = models.CharField(_("alasan"), max_length=20, choices=BreakReason.choices)
    note = models.CharField(_("keterangan"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("mulai"))
    ended_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            # One open break per counter: two officers pressing "pause" together open one.
            models.UniqueConstraint(fields=["counter"], condition=models.Q(ended_at__isnull=True),
                                    name="one_open_break_per_counter"),
        ]
        indexes = [models.Index(fields=["office", "day"])]
        verbose_name = _("jeda loket")
        verbose_name_plural = _("jeda loket")

    def __str__(self) -> str:
        return f"{self.counter_id} {self.started_at:%Y-%m-%d %H:%M}"


from maklumat.queueing.devices import KioskDevice  # noqa: E402,F401  (the kiosk's own identity)
