from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessesConfig(AppConfig):
    name = "motcua.processes"
    label = "processes"
    verbose_name = _("Internal processes")

    def ready(self):
        from motcua.core import generations

        from .models import Process, Step
        from .selectors import GENERATION

        generations.on_change(GENERATION, Process, Step)
