"""Settings shared by every environment. Everything deployment-specific comes from the environment."""

import hashlib
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_int, env_list, env_str

SRC_DIR = Path(__file__).resolve().parents[1]
BASE_DIR = Path(env_str("MOTCUA_HOME", str(SRC_DIR.parents[1])))
VAR_DIR = Path(env_str("MOTCUA_VAR_DIR", str(BASE_DIR / "var")))

# Replaced in production (production.py refuses to start with it).
DEFAULT_SECRET_KEY = "motcua-insecure-development-key-change-me"
SECRET_KEY = env_str("SECRET_KEY", DEFAULT_SECRET_KEY)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("MOTCUA_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "motcua.core",
    "motcua.accounts",
    "motcua.organizations",
    "motcua.workdays",
    "motcua.catalog",
    "motcua.processes",
    "motcua.dossiers",
    "motcua.documents",
    "motcua.notifications",
    "motcua.workspace",
    "motcua.portal",
    "motcua.reports",
    "motcua.api",
    "motcua.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "motcua.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "motcua.accounts.middleware.OfficerTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "motcua.core.context_processors.site",
                "motcua.workspace.context_processors.workspace_nav",
            ],
        },
    },
]

# SQLite under var/ is the embedded default; DATABASE_URL selects PostgreSQL in production.
_default_db = f"sqlite:///{VAR_DIR / 'motcua.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL", _default_db), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("MOTCUA_PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "motcua.accounts.validators.CharacterClassValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Lockout after repeated failed logins (django-axes).
AXES_FAILURE_LIMIT = env_int("MOTCUA_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("MOTCUA_LOGIN_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Lock the account, not the address: a whole centre often reaches the server through one NAT address.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Two-factor authentication (TOTP, django-otp) for officers.
MOTCUA_OFFICER_2FA_REQUIRED = env_bool("MOTCUA_OFFICER_2FA_REQUIRED", True)
OTP_TOTP_ISSUER = env_str("MOTCUA_OTP_ISSUER", "motcua")

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# A context may keep its own catalog (<app>/locale/); the shared one holds everything else.
# The more specific paths come first so that makemessages files each string under its own app.
LOCALE_PATHS = [*sorted(SRC_DIR.glob("*/locale")), SRC_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = Path(env_str("MOTCUA_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "motcua.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "motcua API",
    "DESCRIPTION": "REST API of the motcua one-stop system.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Stable names for choice sets that share a field name across apps.
    "ENUM_NAME_OVERRIDES": {
        "DossierStatusEnum": "motcua.dossiers.api.serializers.STATUS_CHOICES",
        "DossierChannelEnum": "motcua.dossiers.api.serializers.CHANNEL_CHOICES",
        "DossierComponentKindEnum": "motcua.dossiers.models.DossierComponent.Kind",
        "FeeKindEnum": "motcua.catalog.models.Fee.Kind",
        "ProcedureVersionStatusEnum": "motcua.catalog.models.ProcedureVersion.Status",
        "PublicVersionStatusEnum": ["published", "retired"],
    },
}

# Background work: Celery on Redis; tasks run inline when no broker is configured.
REDIS_URL = env_str("REDIS_URL", "")
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# Periodic jobs, run by `celery -A motcua.celery_app beat` (or a worker started with -B).
MOTCUA_DEADLINE_WATCH_MINUTES = env_int("MOTCUA_DEADLINE_WATCH_MINUTES", 15)
MOTCUA_NOTIFY_REQUEUE_MINUTES = env_int("MOTCUA_NOTIFY_REQUEUE_MINUTES", 30)
# A run still waiting in the queue when the next one is due is dropped (expires): the jobs are idempotent.
CELERY_BEAT_SCHEDULE = {
    "watch-deadlines": {"task": "dossiers.watch_deadlines", "schedule": MOTCUA_DEADLINE_WATCH_MINUTES * 60.0,
                        "options": {"expires": MOTCUA_DEADLINE_WATCH_MINUTES * 60.0}},
    "requeue-notifications": {"task": "notifications.requeue_stale", "schedule": MOTCUA_NOTIFY_REQUEUE_MINUTES * 60.0,
                              "options": {"expires": MOTCUA_NOTIFY_REQUEUE_MINUTES * 60.0}},
    "refresh-reports": {"task": "reports.refresh", "schedule": 300.0, "options": {"expires": 300.0}},
}

# Keys carry the database they were read from: two installations (a staging one, another province) that
# share a Redis never read each other's cached scopes or processes (core/generations.py).
_db = DATABASES["default"]
CACHE_KEY_PREFIX = "motcua-" + hashlib.sha256(
    f"{_db['ENGINE']}|{_db.get('HOST') or ''}|{_db.get('PORT') or ''}|{_db['NAME']}".encode()).hexdigest()[:12]
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": CACHE_KEY_PREFIX}}
else:
    # One process's memory; the officers' scopes are kept here too (organizations/cache.py).
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "KEY_PREFIX": CACHE_KEY_PREFIX,
                          "OPTIONS": {"MAX_ENTRIES": 20000}}}

# E-mail (Django's backends; SMTP unless a settings module picks another).
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "motcua@localhost")

# Notifications (motcua.notifications): channels, retries, the officers' deadline warnings.
MOTCUA_NOTIFY_ENABLED = env_bool("MOTCUA_NOTIFY_ENABLED", True)
# Dotted path of the SMS backend: the local LoggingSmsBackend sends nothing (it logs and keeps the messages).
MOTCUA_SMS_BACKEND = env_str("MOTCUA_SMS_BACKEND", "motcua.notifications.sms.LoggingSmsBackend")
MOTCUA_SMS_SENDER = env_str("MOTCUA_SMS_SENDER", "")  # the registered brandname of a real gateway
MOTCUA_SMS_STRIP_DIACRITICS = env_bool("MOTCUA_SMS_STRIP_DIACRITICS", False)
MOTCUA_NOTIFY_FROM_EMAIL = env_str("MOTCUA_NOTIFY_FROM_EMAIL", DEFAULT_FROM_EMAIL)
MOTCUA_NOTIFY_MAX_RETRIES = env_int("MOTCUA_NOTIFY_MAX_RETRIES", 6)
MOTCUA_NOTIFY_RETRY_BACKOFF = env_int("MOTCUA_NOTIFY_RETRY_BACKOFF", 30)  # seconds, doubled per attempt
MOTCUA_NOTIFY_RETRY_BACKOFF_MAX = env_int("MOTCUA_NOTIFY_RETRY_BACKOFF_MAX", 900)
# Officers are warned when this much working time is left before a step's or a dossier's due instant.
MOTCUA_DEADLINE_THRESHOLDS = env_list("MOTCUA_DEADLINE_THRESHOLDS", ["1wd", "4wh"])
MOTCUA_DEADLINE_WATCH_BATCH = env_int("MOTCUA_DEADLINE_WATCH_BATCH", 1000)

# Uploaded files (dossier components).
MOTCUA_UPLOAD_MAX_BYTES = env_int("MOTCUA_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)

MOTCUA_SITE_NAME = env_str("MOTCUA_SITE_NAME", "")
MOTCUA_DEFAULT_CALENDAR = env_str("MOTCUA_DEFAULT_CALENDAR", "VN")
# Public address printed in QR codes of receipts (e.g. https://dichvucong.tayninh.gov.vn); empty: the request's host.
MOTCUA_PUBLIC_URL = env_str("MOTCUA_PUBLIC_URL", "")
# The set of standard forms: Circular 01/2018/TT-VPCP; a Circular 03/2025 set is UNCONFIRMED.
MOTCUA_FORM_SET = env_str("MOTCUA_FORM_SET", "tt01-2018")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("MOTCUA_LOG_LEVEL", "INFO")},
}

# Citizen portal (motcua.portal): virus scanning of uploads, online payment, OpenID Connect login.
# Virus scanner: "clamd" (the ClamAV daemon, by its unix socket or TCP), "noop", or a Scanner class's path.
MOTCUA_VIRUS_SCANNER = env_str("MOTCUA_VIRUS_SCANNER", "clamd")
MOTCUA_CLAMD_SOCKET = env_str("MOTCUA_CLAMD_SOCKET", "/run/clamav/clamd.ctl")  # Debian's clamav-daemon
MOTCUA_CLAMD_HOST = env_str("MOTCUA_CLAMD_HOST", "")  # used when the socket path is empty
MOTCUA_CLAMD_PORT = env_int("MOTCUA_CLAMD_PORT", 3310)
MOTCUA_CLAMD_TIMEOUT = env_int("MOTCUA_CLAMD_TIMEOUT", 30)
# Payment gateway: "vnpay" (a real VNPay-style gateway) or "sandbox" (the local sandbox, never in production).
MOTCUA_PAYMENT_GATEWAY = env_str("MOTCUA_PAYMENT_GATEWAY", "vnpay")
MOTCUA_VNPAY_URL = env_str("MOTCUA_VNPAY_URL", "")
MOTCUA_VNPAY_TMN_CODE = env_str("MOTCUA_VNPAY_TMN_CODE", "")
MOTCUA_VNPAY_HASH_SECRET = env_str("MOTCUA_VNPAY_HASH_SECRET", "")
MOTCUA_PAYMENT_SANDBOX = env_bool("MOTCUA_PAYMENT_SANDBOX", False)
MOTCUA_PAYMENT_SANDBOX_URL = env_str("MOTCUA_PAYMENT_SANDBOX_URL", "")  # empty: this site's sandbox page
MOTCUA_PAYMENT_SANDBOX_TMN_CODE = env_str("MOTCUA_PAYMENT_SANDBOX_TMN_CODE", "SANDBOX1")
MOTCUA_PAYMENT_SANDBOX_SECRET = env_str("MOTCUA_PAYMENT_SANDBOX_SECRET", "local-sandbox-secret-not-for-production")
# OpenID Connect login (national SSO / VNeID side): empty issuer = the button is not shown.
MOTCUA_OIDC_ISSUER = env_str("MOTCUA_OIDC_ISSUER", "")
MOTCUA_OIDC_PROVIDER_NAME = env_str("MOTCUA_OIDC_PROVIDER_NAME", "VNeID")
MOTCUA_OIDC_ID_NUMBER_CLAIM = env_str("MOTCUA_OIDC_ID_NUMBER_CLAIM", "citizen_id")
OIDC_RP_CLIENT_ID = env_str("MOTCUA_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("MOTCUA_OIDC_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = env_str("MOTCUA_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("MOTCUA_OIDC_SCOPES", "openid profile email phone")
OIDC_AUTHENTICATION_CALLBACK_URL = "portal:oidc_callback"
OIDC_CREATE_USER = True
OIDC_STORE_ID_TOKEN = False
OIDC_OP_AUTHORIZATION_ENDPOINT = OIDC_OP_TOKEN_ENDPOINT = OIDC_OP_USER_ENDPOINT = OIDC_OP_JWKS_ENDPOINT = ""
AUTHENTICATION_BACKENDS += ["motcua.accounts.oidc.OidcBackend"]
# Local citizen accounts: the verification code sent by e-mail or SMS.
MOTCUA_VERIFICATION_CODE_MINUTES = env_int("MOTCUA_VERIFICATION_CODE_MINUTES", 15)
MOTCUA_VERIFICATION_MAX_ATTEMPTS = env_int("MOTCUA_VERIFICATION_MAX_ATTEMPTS", 5)
# A local OpenID Connect provider (django-oauth-toolkit) mounted at /local-oidc/ for development and tests.
MOTCUA_LOCAL_OIDC_PROVIDER = False
MOTCUA_PAYMENT_SANDBOX_IPN_URL = env_str("MOTCUA_PAYMENT_SANDBOX_IPN_URL", "")  # empty: this site's IPN address
