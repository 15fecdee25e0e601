"""The kiosk device: the entrance machine's own identity (its services are in ``kiosk_devices.py``)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class KioskDevice(models.Model):
    """A kiosk machine of an office, paired by management; it issues walk-in tickets by itself."""

    office = models.ForeignKey("offices.Office", on_delete=models.CASCADE, related_name="kiosk_devices")
    name = models.CharField(gettext_lazy("nama perangkat"), max_length=80)
    pairing_digest = models.CharField(max_length=64, blank=True, editable=False)
    pairing_expires_at = models.DateTimeField(null=True, blank=True)
    secret_digest = models.CharField(max_length=64, blank=True, editable=False)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField()
    paired_at = models.DateTimeField(null=True, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")

    # A device is not a person: ``may`` and the audit trail treat it as no user.
    is_authenticated = False
    is_active = False

    class Meta:
        app_label = "queueing"
        ordering = ["office", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["secret_digest"], condition=~models.Q(secret_digest=""),
                                    name="kiosk_device_secret_unique"),
        ]
        verbose_name = gettext_lazy("perangkat kiosk")
        verbose_name_plural = gettext_lazy("perangkat kiosk")

    def __str__(self) -> str:
        return f"{self.office_id} {self.name}"

    @property
    def is_paired(self) -> bool:
        return self.paired_at is not None and self.revoked_at is None

    @property
    def audit_label(self) -> str:
        return f"kiosk “{self.name}” (#{self.pk})"

    def status_label(self, now: datetime | None = None) -> str:
        if self.revoked_at is not None:
            return _("dicabut")
        if self.paired_at is not None:
            return _("terpasang")
        if self.pairing_expires_at and self.pairing_expires_at > (now or timezone.now()):
            return _("menunggu dipasangkan")
        return _("kode kedaluwarsa")
