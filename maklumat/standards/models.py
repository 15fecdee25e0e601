"""Service standards: the service catalogue and SOPs as versioned data.

An SOP (e.g. "passport issuance") has versions; each version has an effective date, the
document it comes from and its ordered steps with actor, time norm (*mutu baku*),
requirements and output. A published version is never edited: a change is a new version,
so what was promised on any past date can still be read.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from maklumat.accounts.roles import Role


class Bilingual(models.Model):
    """Indonesian text with an English translation, picked by the active language."""

    class Meta:
        abstract = True

    def localized(self, field: str) -> str:
        english = getattr(self, f"{field}_en", "")
        if english and (get_language() or "id").startswith("en"):
            return english
        return getattr(self, f"{field}_id")


class Service(Bilingual):
    """A service the office offers the public (e.g. a new passport)."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name_id = models.CharField(_("nama"), max_length=200)
    name_en = models.CharField(_("nama (Inggris)"), max_length=200, blank=True)
    description_id = models.TextField(_("uraian"), blank=True)
    description_en = models.TextField(_("uraian (Inggris)"), blank=True)
    requirements_id = models.TextField(_("persyaratan"), blank=True)
    requirements_en = models.TextField(_("persyaratan (Inggris)"), blank=True)
    completion_working_days = models.PositiveSmallIntegerField(
        _("jangka waktu (hari kerja)"), null=True, blank=True,
        help_text=_("0 = selesai pada hari kerja yang sama."),
    )
    fee_note_id = models.CharField(_("biaya"), max_length=300, blank=True)
    fee_note_en = models.CharField(_("biaya (Inggris)"), max_length=300, blank=True)
    sop_kind = models.CharField(_("jenis SOP"), max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("layanan")
        verbose_name_plural = _("katalog layanan")

    def __str__(self) -> str:
        return self.name_id

    @property
    def name(self) -> str:
        return self.localized("name")

    @property
    def description(self) -> str:
        return self.localized("description")

    @property
    def requirements(self) -> str:
        return self.localized("requirements")

    @property
    def fee_note(self) -> str:
        return self.localized("fee_note")


class SopKind(models.TextChoices):
    ISSUANCE = "issuance", _("Penerbitan paspor")
    COMPLAINT_WALK_IN = "complaint_walk_in", _("Pengaduan luring (datang langsung)")
    COMPLAINT_SOCIAL_MEDIA = "complaint_social_media", _("Pengaduan media sosial")


class Sop(Bilingual):
    """A standard operating procedure. ``office`` empty = the default for every office."""

    kind = models.CharField(_("jenis"), max_length=40, choices=SopKind.choices)
    office = models.ForeignKey(
        "offices.Office", verbose_name=_("kantor"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="sops",
        help_text=_("Kosong: SOP bawaan untuk kantor yang tidak memiliki SOP sendiri."),
    )
    title_id = models.CharField(_("nama SOP"), max_length=300)
    title_en = models.CharField(_("nama SOP (Inggris)"), max_length=300, blank=True)

    class Meta:
        ordering = ["kind", "office__name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "office"], name="one_sop_per_kind_and_office"),
            models.UniqueConstraint(
                fields=["kind"], condition=models.Q(office__isnull=True), name="one_default_sop_per_kind"
            ),
        ]
        verbose_name = _("SOP")
        verbose_name_plural = _("SOP")

    def __str__(self) -> str:
        owner = self.office.code if self.office_id else _("bawaan")
        return f"{self.title_id} ({owner})"

    @property
    def title(self) -> str:
        return self.localized("title")


class SopVersion(models.Model):
    """One version of an SOP. Published versions are frozen; change means a new version."""

    sop = models.ForeignKey(Sop, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("versi"))
    document_number = models.CharField(_("nomor dokumen"), max_length=200, blank=True)
    effective_date = models.DateField(_("tanggal efektif"))
    approved_by = models.CharField(_("disahkan oleh"), max_length=300, blank=True)
    source_document = models.CharField(_("dokumen sumber"), max_length=300, blank=True)
    is_published = models.BooleanField(_("diterbitkan"), default=False)
    published_at = models.DateTimeField(_("waktu terbit"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["sop", "-number"]
        constraints = [models.UniqueConstraint(fields=["sop", "number"], name="unique_sop_version_number")]
        verbose_name = _("versi SOP")
        verbose_name_plural = _("versi SOP")

    def __str__(self) -> str:
        return f"{self.sop.title_id} v{self.number} ({self.effective_date})"

    @property
    def total_norm(self) -> timedelta:
        return sum((step.norm for step in self.steps.all()), timedelta(0))

    @property
    def total_norm_minutes(self) -> int:
        return sum(step.norm_minutes for step in self.steps.all())


class SopStep(Bilingual):
    """One step of an SOP version with its *mutu baku*: who, how long, with what, producing what."""

    version = models.ForeignKey(SopVersion, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("urutan"))
    code = models.SlugField(
        _("kode langkah"), max_length=40,
        help_text=_("Nama tetap langkah yang dipakai oleh data lain, mis. 'biometric'."),
    )
    activity_id = models.TextField(_("kegiatan"))
    activity_en = models.TextField(_("kegiatan (Inggris)"), blank=True)
    actor_role = models.CharField(_("pelaksana (peran)"), max_length=40, choices=Role.choices)
    actor_label = models.CharField(
        _("pelaksana (sebutan di SOP)"), max_length=200, blank=True,
        help_text=_("Sebutan asli di dokumen SOP, mis. 'Kasubsi Infokim'."),
    )
    norm_minutes = models.PositiveIntegerField(_("waktu (menit)"))
    requirements_id = models.TextField(_("kelengkapan/persyaratan"), blank=True)
    requirements_en = models.TextField(_("kelengkapan (Inggris)"), blank=True)
    output_id = models.TextField(_("output"), blank=True)
    output_en = models.TextField(_("output (Inggris)"), blank=True)
    notes_id = models.TextField(_("keterangan"), blank=True)
    notes_en = models.TextField(_("keterangan (Inggris)"), blank=True)

    class Meta:
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="unique_step_order"),
            models.UniqueConstraint(fields=["version", "code"], name="unique_step_code"),
        ]
        verbose_name = _("langkah SOP")
        verbose_name_plural = _("langkah SOP")

    def __str__(self) -> str:
        return f"{self.order}. {self.activity_id[:60]}"

    @property
    def norm(self) -> timedelta:
        return timedelta(minutes=self.norm_minutes)

    @property
    def activity(self) -> str:
        return self.localized("activity")

    @property
    def requirements(self) -> str:
        return self.localized("requirements")

    @property
    def output(self) -> str:
        return self.localized("output")

    @property
    def notes(self) -> str:
        return self.localized("notes")
