from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "motcua.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        # Load the Celery application with Django, so that @shared_task binds to it.
        from django.db.models.signals import post_migrate

        from motcua import celery_app  # noqa: F401

        from . import checks, generations  # noqa: F401  (checks: registers the deployment checks)

        post_migrate.connect(generations.after_migrate, dispatch_uid="core-generations-after-migrate")
