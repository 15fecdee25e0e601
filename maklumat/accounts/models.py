"""Users, each with one role and a place in the organisation, and their API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from maklumat.accounts.roles import REACH_OF_ROLE, Reach, Role


class User(AbstractUser):
    """A person using Maklumat: an officer of one office, a Kanwil or national supervisor."""

    role = models.CharField(_("peran"), max_length=40, choices=Role.choices, blank=True)
    office = models.ForeignKey(
        "offices.Office", verbose_name=_("kantor"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="staff",
    )
    kanwil = models.ForeignKey(
        "offices.Kanwil", verbose_name=_("Kanwil"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="staff",
    )
    nip = models.CharField(_("NIP"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    @property
    def reach(self) -> Reach:
        if self.is_superuser:
            return Reach.NATIONAL
        return REACH_OF_ROLE.get(self.role, Reach.OFFICE)

    def clean(self) -> None:
        super().clean()
        reach = REACH_OF_ROLE.get(self.role, Reach.OFFICE) if self.role else None
        if reach == Reach.OFFICE and self.office_id is None:
            raise ValidationError({"office": _("Peran ini bekerja di satu kantor: pilih kantornya.")})
        if reach == Reach.KANWIL and self.kanwil_id is None:
            raise ValidationError({"kanwil": _("Supervisor Kanwil memerlukan Kanwil.")})

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the API. Only its hash is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nama"), max_length=100, blank=True)
    prefix = models.CharField(max_length=8, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def new_secret() -> str:
        return "mkl_" + secrets.token_urlsafe(32)

    @staticmethod
    def digest_of(raw: str) -> str:
        return _hash_token(raw)
