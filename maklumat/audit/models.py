"""The audit trail: who decided or changed what, when, with before/after values."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One decision or change. Written in the same transaction as the change; never edited."""

    at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
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
    # The hash chain (maklumat/audit/chain.py): the chain (an office's, a counter's or ``global``), the position in
    # it, the previous entry's hash, own hash.
    chain = models.CharField(_("rantai"), max_length=40, blank=True)
    seq = models.PositiveBigIntegerField(_("urutan rantai"), default=0)
    prev_hash = models.CharField(_("hash sebelumnya"), max_length=64, blank=True)
    hash = models.CharField(_("hash"), max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"]), models.Index(fields=["office", "seq"]),
                   models.Index(fields=["chain", "seq"])]
        verbose_name = _("entri audit")
        verbose_name_plural = _("jejak audit")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


class AuditChainHead(models.Model):
    """The newest entry of one chain; locked (SELECT … FOR UPDATE) by every writer of that chain."""

    chain = models.CharField(_("rantai"), max_length=40, unique=True)
    seq = models.PositiveBigIntegerField(_("urutan terakhir"), default=0)
    hash = models.CharField(_("hash terakhir"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("kepala rantai audit")
        verbose_name_plural = _("kepala rantai audit")

    def __str__(self) -> str:
        return f"{self.chain} #{self.seq}"


class IdempotencyRecord(models.Model):
    """An API write claimed under an ``Idempotency-Key`` and, once done, its answer (24 h)."""

    scope = models.CharField(_("lingkup"), max_length=120)
    key = models.CharField(_("kunci"), max_length=200)
    fingerprint = models.CharField(_("sidik permintaan"), max_length=64)
    created_at = models.DateTimeField(_("dibuat"), db_index=True)
    status_code = models.PositiveSmallIntegerField(_("kode status"), null=True, blank=True)
    body = models.JSONField(_("isi jawaban"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="audit_idempotency_scope_key")]
        verbose_name = _("kunci idempotensi")
        verbose_name_plural = _("kunci idempotensi")

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"
