from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    name = "maklumat.standards"
    verbose_name = _("Standar pelayanan")
