"""The audit trail: who decided or changed what, when, with before/after values."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One decision or change. Written in the same transaction as the change; never edited."""

    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pelaku"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    office = models.ForeignKey(
        "offices.Office", verbose_name=_("kantor"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    action = models.CharField(_("tindakan"), max_length=80, db_index=True)
    object_type = models.CharField(_("jenis objek"), max_length=80, blank=True)
    object_id = models.CharField(_("id objek"), max_length=64, blank=True)
    summary = models.TextField(_("ringkasan"), blank=True)
    before = models.JSONField(_("sebelum"), null=True, blank=True)
    after = models.JSONField(_("sesudah"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("entri audit")
        verbose_name_plural = _("jejak audit")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"
