from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "maklumat.performance"
    verbose_name = "Kinerja"
