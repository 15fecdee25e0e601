from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarConfig(AppConfig):
    name = "maklumat.calendar"
    label = "office_calendar"  # "calendar" would shadow nothing, but reads like the stdlib module
    verbose_name = _("Kalender kerja")
