"""Kiosk devices: the entrance machine issues tickets in its own kiosk session, never a staff login.

A Kasubsi, Kasi or Kepala Kantor registers a device (``kiosk_device_register``) and gets a one-time
pairing code, valid for ``PAIRING_MINUTES``. Typed on the machine (``kiosk_device_pair``), it gives
the machine a long random secret, kept in a cookie limited to the office's queue pages; only its
hash is stored. Every step (register, pair, revoke) is audited. A device acts as itself: it is not
a user (``is_authenticated`` is False), so tickets it issues name no officer, and the audit entry
names the device.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maklumat.audit.services import audit_record
from maklumat.lib.validation import bad_text
from maklumat.offices.scoping import authorize_in_office
from maklumat.queueing.devices import KioskDevice

PAIRING_MINUTES = 15
# Pairing codes avoid letters and digits read alike on a screen (0/O, 1/I/L).
PAIRING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
PAIRING_LENGTH = 8
COOKIE_NAME = "maklumat_kiosk"
# Browsers keep a cookie at most 400 days; a device is paired again after that.
COOKIE_MAX_AGE = 400 * 24 * 3600


class KioskError(Exception):
    """A refusal a person at the kiosk or the Kasubsi can act on (``message``); nothing changed."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message, self.code = message, code


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def normalise_pairing_code(raw: str) -> str:
    return "".join(raw.split()).replace("-", "").upper()[:32]


@transaction.atomic
def kiosk_device_register(*, actor, office, name: str, now: datetime | None = None) -> tuple[KioskDevice, str]:
    """A new device of ``office`` and its one-time pairing code (shown once, valid ``PAIRING_MINUTES``)."""
    authorize_in_office(actor, office, "queueing.kiosk_pair")
    name = " ".join((name or "").split())
    problem = bad_text(name, max_length=80) if name else _("Isi nama perangkat (mis. Kiosk lobi).")
    if problem:
        raise KioskError(_("Nama perangkat: %(problem)s") % {"problem": problem}, "invalid")
    now = now or timezone.now()
    code = "".join(secrets.choice(PAIRING_ALPHABET) for _i in range(PAIRING_LENGTH))
    device = KioskDevice.objects.create(
        office=office, name=name, pairing_digest=_digest(code),
        pairing_expires_at=now + timedelta(minutes=PAIRING_MINUTES), registered_by=actor, registered_at=now)
    audit_record(actor=actor, action="queue.kiosk_device_register", obj=device, office=office,
                 summary=f"perangkat kiosk “{name}” didaftarkan; kode pasang berlaku {PAIRING_MINUTES} menit",
                 after={"name": name, "pairing_expires_at": device.pairing_expires_at.isoformat()})
    return device, code


@transaction.atomic
def kiosk_device_pair(*, code: str, now: datetime | None = None) -> tuple[KioskDevice, str]:
    """Pair the machine that typed ``code``: a new secret for its cookie; the code cannot be used again."""
    now = now or timezone.now()
    raw = normalise_pairing_code(code or "")
    device = (KioskDevice.objects.select_for_update().select_related("office", "registered_by")
              .filter(pairing_digest=_digest(raw), revoked_at__isnull=True).first() if raw else None)
    if device is None or device.pairing_expires_at is None or device.pairing_expires_at <= now:
        raise KioskError(_("Kode pasang tidak dikenal, sudah dipakai, atau kedaluwarsa. Minta kode baru kepada "
                           "Kasubsi."), "unknown")
    secret = "mkk_" + secrets.token_urlsafe(32)
    KioskDevice.objects.filter(pk=device.pk).update(pairing_digest="", pairing_expires_at=None,
                                                    secret_digest=_digest(secret), paired_at=now, last_seen_at=now)
    device.refresh_from_db()
    registrar = device.registered_by
    audit_record(actor=None, action="queue.kiosk_device_pair", obj=device, office=device.office,
                 summary=f"{device.audit_label} dipasangkan dengan kode dari {registrar.get_username()}",
                 after={"name": device.name, "registered_by": registrar.pk, "paired_at": now.isoformat()})
    return device, secret


@transaction.atomic
def kiosk_device_revoke(*, actor, device: KioskDevice, now: datetime | None = None) -> KioskDevice:
    """Stop a device: its cookie no longer opens the kiosk and an unused pairing code dies with it."""
    authorize_in_office(actor, device.office, "queueing.kiosk_pair")
    device = KioskDevice.objects.select_for_update().get(pk=device.pk)
    if device.revoked_at is not None:
        raise KioskError(_("Perangkat ini sudah dicabut."), "twice")
    now = now or timezone.now()
    device.revoked_at, device.revoked_by = now, actor
    device.pairing_digest, device.pairing_expires_at, device.secret_digest = "", None, ""
    device.save(update_fields=["revoked_at", "revoked_by", "pairing_digest", "pairing_expires_at",
                               "secret_digest"])
    audit_record(actor=actor, action="queue.kiosk_device_revoke", obj=device, office=device.office,
                 summary=f"{device.audit_label} dicabut", after={"revoked_at": now.isoformat()})
    return device


# Seen-marks are written at most this often (a kiosk page is opened hundreds of times a day).
SEEN_EVERY = timedelta(minutes=5)


def kiosk_device_of(secret: str, office, *, now: datetime | None = None) -> KioskDevice | None:
    """The paired, unrevoked device of ``office`` holding ``secret`` (its cookie), else ``None``."""
    if not secret or len(secret) > 100:
        return None
    device = (KioskDevice.objects.select_related("office")
              .filter(secret_digest=_digest(secret), office=office, revoked_at__isnull=True,
                      paired_at__isnull=False).first())
    if device is not None:
        now = now or timezone.now()
        if device.last_seen_at is None or now - device.last_seen_at > SEEN_EVERY:
            KioskDevice.objects.filter(pk=device.pk).update(last_seen_at=now)
    return device


def authorize_kiosk(actor, office) -> None:
    """A ticket from the kiosk: a paired device of the office, or a person who may use it (the API)."""
    if isinstance(actor, KioskDevice):
        if not actor.is_paired or actor.office_id != office.pk:
            raise PermissionDenied(_("Perangkat kiosk ini belum dipasangkan untuk kantor ini."))
        return
    authorize_in_office(actor, office, "queueing.kiosk_use")
