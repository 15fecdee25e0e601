"""Organisation: the regional offices (Kanwil) and the immigration offices (Kanim)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeZone(models.TextChoices):
    WIB = "Asia/Jakarta", _("WIB (Asia/Jakarta)")
    WITA = "Asia/Makassar", _("WITA (Asia/Makassar)")
    WIT = "Asia/Jayapura", _("WIT (Asia/Jayapura)")


class OfficeClass(models.TextChoices):
    KHUSUS = "I Khusus", _("Kelas I Khusus")
    KELAS_I = "I", _("Kelas I")
    KELAS_II = "II", _("Kelas II")


class Kanwil(models.Model):
    """A regional office of the ministry; immigration offices report to it."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    province = models.CharField(_("provinsi"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Kantor Wilayah")
        verbose_name_plural = _("Kantor Wilayah")

    def __str__(self) -> str:
        return self.name


class Office(models.Model):
    """An immigration office (*Kantor Imigrasi*); its ``code`` appears in every URL and command."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    office_class = models.CharField(_("kelas"), max_length=10, choices=OfficeClass.choices)
    is_tpi = models.BooleanField(
        _("TPI"), default=False, help_text=_("Memiliki Tempat Pemeriksaan Imigrasi (pelabuhan/bandara).")
    )
    kanwil = models.ForeignKey(Kanwil, on_delete=models.PROTECT, related_name="offices")
    time_zone = models.CharField(_("zona waktu"), max_length=40, choices=TimeZone.choices)
    address = models.TextField(_("alamat"), blank=True)
    city = models.CharField(_("kota"), max_length=100, blank=True)
    phone = models.CharField(_("telepon"), max_length=50, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    head_name = models.CharField(_("nama Kepala Kantor"), max_length=200, blank=True)
    head_nip = models.CharField(_("NIP Kepala Kantor"), max_length=30, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Kantor Imigrasi")
        verbose_name_plural = _("Kantor Imigrasi")

    def __str__(self) -> str:
        return self.name

    @property
    def short_name(self) -> str:
        return self.name.replace("Kantor Imigrasi ", "Kanim ")

    @property
    def tpi_label(self) -> str:
        return "TPI" if self.is_tpi else "Non TPI"

    @property
    def zone_abbreviation(self) -> str:
        return TimeZone(self.time_zone).name

    # Office time in one place: every date and clock an office shows or computes with is its own.
    @property
    def tz(self) -> ZoneInfo:
        """The office's zone (WIB, WITA or WIT)."""
        return ZoneInfo(self.time_zone)

    def local_now(self) -> datetime:
        """Now, on the office's clock."""
        return timezone.now().astimezone(self.tz)

    def localtime(self, moment: datetime) -> datetime:
        """``moment`` (aware) on the office's clock; a naive moment is taken as office time."""
        if timezone.is_naive(moment):
            return moment.replace(tzinfo=self.tz)
        return moment.astimezone(self.tz)

    def local_date(self, moment: datetime | None = None) -> date:
        """The office's date at ``moment`` (default now): never the server's or UTC's date."""
        return (self.localtime(moment) if moment is not None else self.local_now()).date()

    def start_of_day(self, day: date) -> datetime:
        """00:00 office time on ``day``, as an aware moment (for ranges over the office's days)."""
        return datetime.combine(day, time(0), tzinfo=self.tz)


class OfficeHours(models.Model):
    """Service hours of an office on one weekday; a weekday without a row is closed."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Senin")
        TUESDAY = 1, _("Selasa")
        WEDNESDAY = 2, _("Rabu")
        THURSDAY = 3, _("Kamis")
        FRIDAY = 4, _("Jumat")
        SATURDAY = 5, _("Sabtu")
        SUNDAY = 6, _("Minggu")

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("hari"), choices=Weekday.choices)
    opens = models.TimeField(_("buka"), default=time(7, 30))
    closes = models.TimeField(_("tutup"), default=time(16, 0))

    class Meta:
        ordering = ["office", "weekday"]
        constraints = [
            models.UniqueConstraint(fields=["office", "weekday"], name="one_hours_row_per_weekday"),
            models.CheckConstraint(condition=models.Q(opens__lt=models.F("closes")), name="opens_before_closes"),
        ]
        verbose_name = _("jam layanan")
        verbose_name_plural = _("jam layanan")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"
