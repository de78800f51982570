"""motcua: electronic one-stop system for Vietnamese public administration.

Nothing is imported here, so that the pure domain modules (for example motcua.workdays.engine) load
without Django or Celery.
"""

__version__ = "0.1.0"
