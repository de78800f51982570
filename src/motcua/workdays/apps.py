from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "motcua.workdays"
    label = "workdays"
    verbose_name = _("Working days")

    def ready(self):
        from motcua.core import generations

        from .models import CalendarDay, OfficeSession, WorkCalendar
        from .selectors import CALENDARS_GENERATION

        generations.on_change(CALENDARS_GENERATION, WorkCalendar, CalendarDay, OfficeSession)
