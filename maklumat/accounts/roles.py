"""The roles of the people who use Maklumat, and the reach each one has."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DUTA_LAYANAN = "duta_layanan", _("Duta Layanan")
    PETUGAS_LOKET = "petugas_loket", _("Petugas Loket")
    PETUGAS_YANKOMAS = "petugas_yankomas", _("Petugas Yankomas")
    PENGELOLA_MEDSOS = "pengelola_medsos", _("Pengelola Media Sosial")
    KASUBSI = "kasubsi", _("Kasubsi")
    KASI = "kasi", _("Kasi")
    KEPALA_KANTOR = "kepala_kantor", _("Kepala Kantor")
    SUPERVISOR_KANWIL = "supervisor_kanwil", _("Supervisor Kanwil")
    SUPERVISOR_NASIONAL = "supervisor_nasional", _("Supervisor Nasional")
    ADMINISTRATOR = "administrator", _("Administrator")


class Reach(models.TextChoices):
    OFFICE = "office", _("Satu kantor")
    KANWIL = "kanwil", _("Satu Kanwil")
    NATIONAL = "national", _("Nasional")


# Roles whose reach is wider than one office; every other role works inside one office.
REACH_OF_ROLE = {
    Role.SUPERVISOR_KANWIL: Reach.KANWIL,
    Role.SUPERVISOR_NASIONAL: Reach.NATIONAL,
}

# Roles that serve applicants at the front (counters, ambassadors).
FRONT_DESK = frozenset({Role.DUTA_LAYANAN, Role.PETUGAS_LOKET})
# Roles that handle complaints and compensation claims.
COMPLAINT_TEAM = frozenset(
    {Role.PETUGAS_YANKOMAS, Role.PENGELOLA_MEDSOS, Role.KASUBSI, Role.KASI, Role.KEPALA_KANTOR}
)
# Roles that lead the office and may decide, approve and report.
MANAGEMENT = frozenset({Role.KASUBSI, Role.KASI, Role.KEPALA_KANTOR})
# Roles that only watch several offices (read-only oversight).
SUPERVISORS = frozenset({Role.SUPERVISOR_KANWIL, Role.SUPERVISOR_NASIONAL})
