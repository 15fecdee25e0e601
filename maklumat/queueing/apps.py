from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QueueingConfig(AppConfig):
    name = "maklumat.queueing"
    label = "queueing"
    verbose_name = _("Antrian")

    def ready(self) -> None:
        from maklumat.queueing.hot import connect_invalidation

        connect_invalidation()
