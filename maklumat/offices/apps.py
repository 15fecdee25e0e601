from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficesConfig(AppConfig):
    name = "maklumat.offices"
    verbose_name = _("Kantor")
