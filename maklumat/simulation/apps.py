from django.apps import AppConfig


class SimulationConfig(AppConfig):
    name = "maklumat.simulation"
    verbose_name = "Simulasi staf"
