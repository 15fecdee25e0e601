"""The durable outbox: one row per message to an applicant or complainant, and the opt-outs.

A producer writes its ``Message`` rows in the same transaction as the event that causes them
(``services.message_enqueue``); the worker (``maklumat notifications send``) sends them later. The
row is the delivery record: attempts, the last gateway error, when it was sent.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from maklumat.lib.masking import mask_phone


class Channel(models.TextChoices):
    EMAIL = "email", _("Surel")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")


class Kind(models.TextChoices):
    QUEUE_NEAR = "queue_near", _("Nomor antrian hampir dipanggil")
    COMPENSATION_DECIDED = "compensation_decided", _("Kompensasi diputuskan")
    PASSPORT_READY = "passport_ready", _("Paspor siap diambil")
    PICKUP_REMINDER = "pickup_reminder", _("Batas pengambilan paspor mendekat")
    COMPLAINT_ACK = "complaint_ack", _("Pengaduan diterima")
    COMPLAINT_ANSWER = "complaint_answer", _("Jawaban pengaduan")
    DELIVERY_DISPATCHED = "delivery_dispatched", _("Paspor dikirim ke alamat pemohon")
    DELIVERY_RECEIVED = "delivery_received", _("Paspor kiriman diterima")


class Status(models.TextChoices):
    PENDING = "pending", _("Menunggu dikirim")
    SENDING = "sending", _("Sedang dikirim")
    SENT = "sent", _("Terkirim")
    FAILED = "failed", _("Gagal")
    UNCERTAIN = "uncertain", _("Tidak pasti (pengiriman terputus)")
    SKIPPED = "skipped", _("Tidak dikirim (penerima menolak)")


class Message(models.Model):
    """One message on one channel to one contact. ``key`` makes enqueuing idempotent (the same event
    never queues a message twice); ``idempotency_key`` is passed to gateways that deduplicate, so a
    retried send after a worker crash is delivered once."""

    office = models.ForeignKey("offices.Office", on_delete=models.PROTECT, related_name="messages")
    kind = models.CharField(_("jenis"), max_length=30, choices=Kind.choices)
    channel = models.CharField(_("kanal"), max_length=20, choices=Channel.choices)
    recipient = models.CharField(_("penerima"), max_length=254)
    subject = models.CharField(_("judul pesan"), max_length=200, blank=True)
    body = models.TextField(_("isi"))
    key = models.CharField(_("kunci peristiwa"), max_length=160, unique=True)
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("percobaan"), default=0)
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"))
    lease_until = models.DateTimeField(_("sedang dikirim sampai"), null=True, blank=True)
    last_error = models.CharField(_("galat terakhir"), max_length=300, blank=True)
    provider_ref = models.CharField(_("referensi gateway"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("dibuat"))
    sent_at = models.DateTimeField(_("terkirim"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="message_due"),
            models.Index(fields=["office", "-created_at"], name="message_office_newest"),
        ]
        verbose_name = _("pesan notifikasi")
        verbose_name_plural = _("pesan notifikasi")

    def __str__(self) -> str:
        return f"{self.kind} → {self.masked_recipient} ({self.status})"

    @property
    def masked_recipient(self) -> str:
        from maklumat.notifications.rules import mask_contact

        return mask_contact(self.channel, self.recipient)


class OptOut(models.Model):
    """A contact (phone number or e-mail address, normalised) that asked to receive no messages."""

    contact = models.CharField(_("kontak"), max_length=254, unique=True)
    reason = models.CharField(_("alasan"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")

    class Meta:
        verbose_name = _("penolakan notifikasi")
        verbose_name_plural = _("penolakan notifikasi")

    def __str__(self) -> str:
        return mask_phone(self.contact) if "@" not in self.contact else self.contact
