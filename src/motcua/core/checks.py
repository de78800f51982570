"""Deployment checks (`motcua check --deploy`)."""

from django.conf import settings
from django.core import checks
from django.utils.translation import gettext_lazy as _


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache(app_configs=None, **kwargs):
    """Scopes, processes, calendars and notification rules are cached under generations
    (core/generations.py): processes see each other's changes only through a shared cache."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend.endswith("LocMemCache") or backend.endswith("DummyCache"):
        return [checks.Warning(
            _("The cache is in each process's own memory: a change of memberships, processes or calendars "
              "made in one process reaches the others only after up to 5 minutes."),
            hint=_("Set REDIS_URL when running more than one process (several gunicorn workers, Celery)."),
            id="motcua.W001")]
    return []
