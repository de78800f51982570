from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The composition root of the demo data: loads every context's demo set in order."""

    name = "motcua.demo"
    label = "demo"
    verbose_name = _("Demo data")
