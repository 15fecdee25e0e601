"""Passport applications and their append-only event log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from maklumat.applications.access import display_code, new_access_code
from maklumat.lib.masking import mask_nik, mask_phone


class BookingChannel(models.TextChoices):
    M_PASPOR = "m_paspor", _("M-Paspor (antrian online)")
    WALK_IN = "walk_in", _("Datang langsung")


class Program(models.TextChoices):
    IN_OFFICE = "in_office", _("Di kantor")
    MPP = "mpp", _("Mal Pelayanan Publik")
    EAZY_PASPOR = "eazy_paspor", _("Eazy Paspor")
    SAMBANG_HAJI = "sambang_haji", _("Sambang Haji")
    SAMBANG_SAKIT = "sambang_sakit", _("Sambang Sakit")


class Application(models.Model):
    """One passport application at one office."""

    office = models.ForeignKey("offices.Office", on_delete=models.PROTECT, related_name="applications")
    number = models.CharField(_("nomor permohonan"), max_length=40)
    service = models.ForeignKey("standards.Service", verbose_name=_("layanan"), on_delete=models.PROTECT)
    accelerated = models.BooleanField(_("percepatan"), default=False)
    booking_channel = models.CharField(_("kanal pemesanan"), max_length=20, choices=BookingChannel.choices)
    booking_code = models.CharField(_("kode booking M-Paspor"), max_length=40, blank=True)
    smart_queue = models.BooleanField(_("terdaftar di antrian SMART"), default=False)
    program = models.CharField(_("program/lokasi"), max_length=20, choices=Program.choices,
                               default=Program.IN_OFFICE)
    applicant_name = models.CharField(_("nama pemohon"), max_length=200)
    applicant_nik = models.CharField(_("NIK"), max_length=16, blank=True)
    applicant_phone = models.CharField(_("telepon"), max_length=20, blank=True)
    applicant_address = models.TextField(_("alamat"), blank=True)
    under_review = models.BooleanField(_("dalam peninjauan (kecurigaan)"), default=False)
    needs_field_check = models.BooleanField(_("perlu pengecekan lapangan"), default=False)
    broker_involved = models.BooleanField(_("melibatkan calo"), default=False)
    # Printed with a QR on the applicant's receipt; with the number it opens the public timeline.
    access_code = models.CharField(_("kode rahasia"), max_length=8, default=new_access_code, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["office", "number"], name="unique_application_number")]
        # The office's list, newest first, stays an index scan with years of imported history.
        indexes = [models.Index(fields=["office", "-created_at", "-number"], name="application_office_newest")]
        verbose_name = _("permohonan")
        verbose_name_plural = _("permohonan")

    def __str__(self) -> str:
        return f"{self.number} ({self.applicant_name})"

    @property
    def masked_nik(self) -> str:
        return mask_nik(self.applicant_nik)

    @property
    def access_code_display(self) -> str:
        return display_code(self.access_code)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.applicant_phone)

    @property
    def flags(self) -> list[str]:
        """Flag names as used by the compensation policies and the batch contract."""
        names = []
        if self.under_review:
            names.append("under_review")
        if self.needs_field_check:
            names.append("field_check")
        if self.broker_involved:
            names.append("broker")
        return names

    @property
    def flag_labels(self) -> list[str]:
        """The flags as officers read them (never the codes)."""
        from maklumat.applications.events import flag_label

        return [flag_label(name) for name in self.flags]


class CurrentEventManager(models.Manager):
    """Events that count: a voided event is kept (with who voided it and why) but counts nowhere."""

    def get_queryset(self):
        return super().get_queryset().filter(voided_at__isnull=True)


class ApplicationEvent(models.Model):
    """A moment in an application's life. Append-only; the same event twice is stored once.

    Events may arrive out of order (a counter offline for an hour, a queue system that
    posts late); readers order by ``at``, never by arrival. An event entered by mistake is
    voided, never deleted: ``objects`` (and ``application.events``) no longer see it,
    ``all_objects`` still does, for the history page and the audit.
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    name = models.CharField(_("peristiwa"), max_length=40)
    at = models.DateTimeField(_("waktu"))
    recorded_at = models.DateTimeField(_("dicatat"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source = models.CharField(_("sumber"), max_length=40, blank=True, help_text=_("mis. loket, antrian, api"))
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    voided_at = models.DateTimeField(_("dibatalkan"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    void_reason = models.CharField(_("alasan pembatalan"), max_length=300, blank=True)

    all_objects = models.Manager()
    objects = CurrentEventManager()

    class Meta:
        ordering = ["application", "at", "id"]
        base_manager_name = "all_objects"
        default_manager_name = "objects"
        constraints = [
            models.UniqueConstraint(fields=["application", "name", "at"], condition=models.Q(voided_at__isnull=True),
                                    name="event_stored_once"),
        ]
        indexes = [models.Index(fields=["name", "at"])]
        verbose_name = _("peristiwa permohonan")
        verbose_name_plural = _("peristiwa permohonan")

    def __str__(self) -> str:
        return f"{self.application.number} {self.name} {self.at.isoformat()}"

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None


class DeliveryStatus(models.TextChoices):
    REQUESTED = "requested", _("Diminta")
    DISPATCHED = "dispatched", _("Dikirim")
    DELIVERED = "delivered", _("Diterima pemohon")


class HomeDelivery(models.Model):
    """A paid home delivery of a finished passport, requested by the applicant (``applications.delivery``).

    Changed only by the ``home_delivery_*`` services: dispatched once the passport is ready, delivered
    with the receipt the applicant signed (stored re-encoded, without metadata).
    """

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="home_delivery")
    status = models.CharField(_("status"), max_length=20, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.REQUESTED)
    courier = models.CharField(_("kurir"), max_length=60)
    cost = models.PositiveIntegerField(_("biaya kurir (Rp)"))
    address = models.TextField(_("alamat pengantaran"))
    requested_at = models.DateTimeField(_("diminta"))
    tracking_number = models.CharField(_("nomor resi"), max_length=60, blank=True)
    dispatched_at = models.DateTimeField(_("dikirim"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("diterima"), null=True, blank=True)
    received_by = models.CharField(_("diterima oleh"), max_length=200, blank=True)
    receipt = models.FileField(_("tanda terima bertanda tangan"), upload_to="deliveries/receipts/%Y/%m/", blank=True)
    receipt_kind = models.CharField(_("jenis berkas tanda terima"), max_length=10, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("antar paspor")
        verbose_name_plural = _("antar paspor")

    def __str__(self) -> str:
        return f"{self.application.number} {self.courier} {self.status}"
