"""Compensation: policies as data, system disruptions, claims, remedies and the souvenir stock."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from maklumat.compensation.rules.policy import Policy, policy_from_dict


class Remedy(models.TextChoices):
    APOLOGY = "apology", _("Permintaan maaf")
    PRIORITY_SERVICE = "priority_service", _("Layanan prioritas / bebas antrian")
    SOUVENIR = "souvenir", _("Suvenir gratis")
    HOME_DELIVERY = "home_delivery", _("Antar paspor ke rumah")


class CompensationPolicy(models.Model):
    """An office's compensation policy version: effective period, conditions and remedies as data.

    ``spec`` holds the whole policy (the JSON the pure evaluator compiles); a change is a new
    row with a new code and period, so a past decision can always be re-read.
    """

    office = models.ForeignKey("offices.Office", on_delete=models.PROTECT, related_name="compensation_policies")
    code = models.SlugField(_("kode"), max_length=60, unique=True)
    title_id = models.CharField(_("judul"), max_length=300)
    title_en = models.CharField(_("judul (Inggris)"), max_length=300, blank=True)
    document = models.CharField(_("dokumen dasar"), max_length=300, blank=True)
    effective_from = models.DateField(_("berlaku sejak"))
    effective_to = models.DateField(_("berlaku sampai"), null=True, blank=True)
    spec = models.JSONField(_("isi kebijakan"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["office", "-effective_from"]
        verbose_name = _("kebijakan kompensasi")
        verbose_name_plural = _("kebijakan kompensasi")

    def __str__(self) -> str:
        return self.code

    def compiled(self) -> Policy:
        return policy_from_dict(self.spec)

    @property
    def remedies(self) -> list[str]:
        return list(self.spec.get("remedies", []))

    @property
    def claim_required(self) -> bool:
        return bool(self.spec.get("claim_required", False))


class OutageScope(models.TextChoices):
    OFFICE = "office", _("Kantor")
    NATIONAL = "national", _("Nasional")


class CurrentOutageManager(models.Manager):
    """Outages that count: a voided outage is kept (who voided it and why) but excludes nothing."""

    def get_queryset(self):
        return super().get_queryset().filter(voided_at__isnull=True)


class Outage(models.Model):
    """A system disruption (SIMKIM, DPRI, network, power) in the register kept by officers.

    ``office`` is where it was recorded; a ``national`` outage counts for every office.
    ``end`` empty = still going on.
    """

    office = models.ForeignKey("offices.Office", on_delete=models.PROTECT, related_name="outages")
    scope = models.CharField(_("cakupan"), max_length=20, choices=OutageScope.choices, default=OutageScope.OFFICE)
    start = models.DateTimeField(_("mulai"))
    end = models.DateTimeField(_("selesai"), null=True, blank=True)
    note = models.CharField(_("keterangan"), max_length=300)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    voided_at = models.DateTimeField(_("dibatalkan"), null=True, blank=True)
    voided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    void_reason = models.CharField(_("alasan pembatalan"), max_length=300, blank=True)

    all_objects = models.Manager()
    objects = CurrentOutageManager()

    class Meta:
        base_manager_name = "all_objects"
        default_manager_name = "objects"
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__isnull=True) | models.Q(end__gt=models.F("start")),
                                   name="outage_ends_after_start"),
        ]
        indexes = [models.Index(fields=["start", "end"])]
        verbose_name = _("gangguan sistem")
        verbose_name_plural = _("gangguan sistem")

    def __str__(self) -> str:
        return f"{self.office.code} {self.start.isoformat()} {self.note}"

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None


class Claim(models.Model):
    """A compensation claim under one policy for one application: recorded once, never twice.

    ``decision`` is the evaluator's answer at the moment of the claim (kept as evidence).
    """

    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT, related_name="claims")
    policy = models.ForeignKey(CompensationPolicy, on_delete=models.PROTECT, related_name="claims")
    place = models.CharField(_("tempat klaim"), max_length=100, default="ruang pengaduan")
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    decision = models.JSONField(_("keputusan saat klaim"))
    recorded_at = models.DateTimeField(_("dicatat"), auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-recorded_at"]
        constraints = [models.UniqueConstraint(fields=["application", "policy"], name="one_claim_per_policy")]
        verbose_name = _("klaim kompensasi")
        verbose_name_plural = _("klaim kompensasi")

    def __str__(self) -> str:
        return f"{self.application.number} / {self.policy.code}"


class FulfilmentStatus(models.TextChoices):
    OPEN = "open", _("Belum diberikan")
    DISPATCHED = "dispatched", _("Dikirim")
    DONE = "done", _("Selesai")


class Fulfilment(models.Model):
    """One remedy owed under a claim and how it was given (letter, ticket, souvenir, delivery)."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="fulfilments")
    remedy = models.CharField(_("bentuk kompensasi"), max_length=30, choices=Remedy.choices)
    status = models.CharField(_("status"), max_length=20, choices=FulfilmentStatus.choices,
                              default=FulfilmentStatus.OPEN)
    letter_number = models.CharField(_("nomor surat"), max_length=80, blank=True)
    ticket_number = models.CharField(_("nomor antrian kompensasi"), max_length=20, blank=True)
    courier = models.CharField(_("kurir"), max_length=60, blank=True)
    tracking_number = models.CharField(_("nomor resi"), max_length=60, blank=True)
    delivery_address = models.TextField(_("alamat pengantaran"), blank=True)
    dispatched_at = models.DateTimeField(_("dikirim"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("diterima"), null=True, blank=True)
    received_by = models.CharField(_("diterima oleh"), max_length=200, blank=True)
    fulfilled_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    courier_cost = models.PositiveIntegerField(_("biaya kurir (Rp)"), null=True, blank=True,
                                               help_text=_("Untuk antar paspor ke rumah; kosong bila belum diketahui."))
    fulfilled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")

    class Meta:
        ordering = ["claim", "id"]
        constraints = [models.UniqueConstraint(fields=["claim", "remedy"], name="one_fulfilment_per_remedy")]
        verbose_name = _("pemberian kompensasi")
        verbose_name_plural = _("pemberian kompensasi")

    def __str__(self) -> str:
        return f"{self.claim} {self.remedy}"

    @property
    def is_done(self) -> bool:
        return self.status == FulfilmentStatus.DONE


# The low-stock alert of a new souvenir item until the office sets its own (docs/decisions.md).
LOW_STOCK_THRESHOLD = 5


class SouvenirItem(models.Model):
    """A kind of souvenir an office gives; its stock is the sum of its ledger movements."""

    office = models.ForeignKey("offices.Office", on_delete=models.PROTECT, related_name="souvenir_items")
    name = models.CharField(_("nama suvenir"), max_length=120)
    unit_cost = models.PositiveIntegerField(_("harga satuan (Rp)"), null=True, blank=True,
                                            help_text=_("Kosong bila belum diketahui."))
    low_stock_threshold = models.PositiveIntegerField(
        _("batas stok menipis"), default=LOW_STOCK_THRESHOLD, db_default=LOW_STOCK_THRESHOLD,
        help_text=_("Peringatan tampil bila stok sama dengan atau kurang dari angka ini."))

    class Meta:
        ordering = ["office", "name"]
        constraints = [models.UniqueConstraint(fields=["office", "name"], name="unique_souvenir_per_office")]
        verbose_name = _("suvenir")
        verbose_name_plural = _("suvenir")

    def __str__(self) -> str:
        return self.name


class SouvenirMovement(models.Model):
    """A stock ledger line: + received, − given (to a claim's fulfilment). Append-only."""

    item = models.ForeignKey(SouvenirItem, on_delete=models.PROTECT, related_name="movements")
    quantity = models.IntegerField(_("jumlah"))
    # The price of one souvenir of this movement: paid (a receipt) or the item's price when given.
    # Empty on rows written before prices were stamped: those are priced at the item's unit cost.
    unit_cost = models.PositiveIntegerField(_("harga satuan (Rp)"), null=True, blank=True)
    reason = models.CharField(_("keterangan"), max_length=200)
    fulfilment = models.OneToOneField(Fulfilment, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="souvenir_movement")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["item", "at", "id"]
        verbose_name = _("mutasi stok suvenir")
        verbose_name_plural = _("mutasi stok suvenir")

    def __str__(self) -> str:
        return f"{self.item} {self.quantity:+d}"


class LatestEvent(models.Model):
    """The latest moment of any event ever recorded for an application (voided ones included), kept by
    ``on_events`` in the transaction that records them. It only grows, so it is safe under parallel
    recording; the watchlist uses it to find the applications with recent events without scanning
    every event of the office's history, then reads those applications' countable events exactly."""

    application = models.OneToOneField("applications.Application", on_delete=models.CASCADE, primary_key=True,
                                       related_name="+")
    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["office", "at"], name="latest_event_office_at")]
        verbose_name = _("peristiwa terakhir permohonan")
        verbose_name_plural = _("peristiwa terakhir permohonan")

    def __str__(self) -> str:
        return f"{self.application_id} @ {self.at.isoformat()}"
