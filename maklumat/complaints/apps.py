from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "maklumat.complaints"
    verbose_name = _("Pengaduan")
