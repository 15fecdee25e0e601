from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QueueingConfig(AppConfig):
    name = "maklumat.queueing"
    label = "queueing"
    verbose_name = _("Antrian")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from maklumat.lib.cache import hot
        from maklumat.queueing.hot import connect_invalidation

        connect_invalidation()
        # The anti-starvation limit derives from the compensation policy in force (selectors.max_wait_of):
        # a policy saved or deleted invalidates it. A lazy model reference: the queue does not import
        # the compensation area.
        for signal, name in ((post_save, "save"), (post_delete, "delete")):
            signal.connect(hot.bump_on_commit, sender="compensation.CompensationPolicy",
                           dispatch_uid=f"hot-{name}-compensation-policy")
