"""An office's own calendar changes on top of national holidays: closures and extra openings."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OfficeClosure(models.Model):
    """A date the office is closed although it would normally serve (e.g. a disaster)."""

    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, related_name="closures")
    date = models.DateField(_("tanggal"))
    reason = models.CharField(_("alasan"), max_length=200)

    class Meta:
        ordering = ["office", "date"]
        constraints = [models.UniqueConstraint(fields=["office", "date"], name="one_closure_per_day")]
        verbose_name = _("penutupan kantor")
        verbose_name_plural = _("penutupan kantor")

    def __str__(self) -> str:
        return f"{self.office.code} {self.date} {self.reason}"


class ExtraOpening(models.Model):
    """A date the office opens although it would normally not (e.g. a Saturday service day)."""

    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, related_name="extra_openings")
    date = models.DateField(_("tanggal"))
    opens = models.TimeField(_("buka"))
    closes = models.TimeField(_("tutup"))
    reason = models.CharField(_("alasan"), max_length=200)

    class Meta:
        ordering = ["office", "date"]
        constraints = [
            models.UniqueConstraint(fields=["office", "date"], name="one_opening_per_day"),
            models.CheckConstraint(
                condition=models.Q(opens__lt=models.F("closes")), name="extra_opening_opens_before_closes"
            ),
        ]
        verbose_name = _("hari buka tambahan")
        verbose_name_plural = _("hari buka tambahan")

    def __str__(self) -> str:
        return f"{self.office.code} {self.date} {self.reason}"
