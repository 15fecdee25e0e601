from django.apps import AppConfig


class SimulationConfig(AppConfig):
    name = "maklumat.simulation"
    verbose_name = "Simulasi staf"

    def ready(self) -> None:
        # The day's manual delay is read by the queue's ticket estimate from the hot per-process cache
        # (``queueing.estimates.manual_delay``): a change invalidates it on commit.
        from django.db.models.signals import post_delete, post_save

        from maklumat.lib.cache import hot
        from maklumat.simulation.models import WaitDelay

        post_save.connect(hot.bump_on_commit, sender=WaitDelay, dispatch_uid="hot-save-simulation.WaitDelay")
        post_delete.connect(hot.bump_on_commit, sender=WaitDelay, dispatch_uid="hot-delete-simulation.WaitDelay")
