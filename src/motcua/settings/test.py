"""Tests: fast hashing, in-memory e-mail; DATABASE_URL picks PostgreSQL when set."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
MOTCUA_OFFICER_2FA_REQUIRED = False
CELERY_TASK_ALWAYS_EAGER = True

# Citizen portal: scanning is tested against a real clamd started by the tests; elsewhere no scanner.
MOTCUA_VIRUS_SCANNER = "noop"
MOTCUA_PAYMENT_GATEWAY = "sandbox"
MOTCUA_PAYMENT_SANDBOX = True
from .local_oidc import *  # noqa: E402, F403

# Tests keep their cache in memory even where REDIS_URL is set: their transactions roll back, and what they
# cached must never reach a server that shares the Redis (core/generations.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",  # noqa: F405
                      "KEY_PREFIX": CACHE_KEY_PREFIX, "OPTIONS": {"MAX_ENTRIES": 20000}}}  # noqa: F405
