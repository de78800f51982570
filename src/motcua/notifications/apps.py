from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "motcua.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from motcua.core import generations

        from . import receivers  # noqa: F401  (connects the signal receivers)
        from .models import NotificationRule
        from .services import RULES_GENERATION

        generations.on_change(RULES_GENERATION, NotificationRule)
