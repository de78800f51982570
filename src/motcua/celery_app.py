"""Celery application; runs tasks inline (eager) when no broker is configured."""

from celery import Celery

# DJANGO_SETTINGS_MODULE comes from the environment (see docs/operations.md); no default here, so that
# importing the package never switches the CLI to production settings.
app = Celery("motcua")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
