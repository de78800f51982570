"""motcua: electronic one-stop system for Vietnamese public administration."""

__version__ = "0.1.0"

from .celery_app import app as celery_app

__all__ = ["celery_app"]
