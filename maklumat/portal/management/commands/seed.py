"""`maklumat seed`: load the reference data every office starts from (idempotent)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from maklumat.lib.areas import area_modules


def run_seed_steps(step: str, log) -> None:
    """Run ``step`` (``seed_reference`` or ``seed_demo``) of every area, in area order."""
    for _, module in area_modules("seed"):
        function = getattr(module, step, None)
        if function is not None:
            function(log)


class Command(BaseCommand):
    help = "Load reference data (offices, Kanwil, services, SOP standards, policies); safe to run again."

    def handle(self, *args, **options):
        with transaction.atomic():
            run_seed_steps("seed_reference", self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Data referensi siap."))
