"""Development: the embedded SQLite database, debug pages, two-factor off unless asked for."""

from .base import *  # noqa: F403
from .env import env_bool

DEBUG = env_bool("DEBUG", True)
MOTCUA_OFFICER_2FA_REQUIRED = env_bool("MOTCUA_OFFICER_2FA_REQUIRED", False)
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Citizen portal: no ClamAV daemon needed, the local payment sandbox, and the local OpenID Connect provider.
MOTCUA_VIRUS_SCANNER = env_str("MOTCUA_VIRUS_SCANNER", "noop")  # noqa: F405
MOTCUA_PAYMENT_GATEWAY = env_str("MOTCUA_PAYMENT_GATEWAY", "sandbox")  # noqa: F405
MOTCUA_PAYMENT_SANDBOX = True
from .local_oidc import *  # noqa: E402, F403
