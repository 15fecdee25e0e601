from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SatisfactionConfig(AppConfig):
    name = "maklumat.satisfaction"
    verbose_name = _("Survei Kepuasan Masyarakat (IKM)")
