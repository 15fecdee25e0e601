"""Named staffing plans of an office, saved from the what-if page (changes go through ``services``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class StaffingPlan(models.Model):
    """Counters open per step and local hour (``staffing``: ``{"<step>": {"HH": n}}``) and the hours
    the priority room is staffed (``room_hours``: ``[HH, …]``)."""

    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, related_name="staffing_plans")
    name = models.CharField(_("nama rencana"), max_length=80)
    staffing = models.JSONField(_("loket per langkah per jam"))
    room_hours = models.JSONField(_("jam ruang prioritas"), default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["office", "name"]
        constraints = [models.UniqueConstraint(fields=["office", "name"], name="unique_staffing_plan_name")]
        verbose_name = _("rencana staf")
        verbose_name_plural = _("rencana staf")

    def __str__(self) -> str:
        return self.name


class WaitDelay(models.Model):
    """A manual delay added to every ticket's wait estimate of the office on one office day (e.g. the
    passport system is slow); set by the office's management, audited, gone the next day."""

    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, related_name="wait_delays")
    day = models.DateField(_("tanggal"))
    minutes = models.PositiveSmallIntegerField(_("tambahan menit"))
    reason = models.CharField(_("alasan"), max_length=200)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["office", "day"], name="one_wait_delay_per_office_day")]
        verbose_name = _("tambahan waktu tunggu")
        verbose_name_plural = _("tambahan waktu tunggu")

    def __str__(self) -> str:
        return f"{self.office_id} {self.day}: +{self.minutes}"
