"""Kinerja: the office's yearly action-plan target of travel documents."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MIN_YEAR, MAX_YEAR = 2000, 2100


class DocumentTarget(models.Model):
    """The number of travel documents an office plans to issue in a year (its action plan; seed 003:
    Blitar 2024 = 27,053). Changed only through ``document_target_set`` (audited)."""

    office = models.ForeignKey("offices.Office", on_delete=models.PROTECT, related_name="document_targets")
    year = models.PositiveSmallIntegerField(
        _("tahun"), validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)])
    documents = models.PositiveIntegerField(_("target dokumen perjalanan"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["office", "year"]
        constraints = [models.UniqueConstraint(fields=["office", "year"], name="one_document_target_per_year")]
        verbose_name = _("target dokumen perjalanan")
        verbose_name_plural = _("target dokumen perjalanan")

    def __str__(self) -> str:
        return f"{self.office_id} {self.year}: {self.documents}"
