"""Settings shared by every environment; everything deploy-specific comes from the environment."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# The fallback key only ever serves local development; `check --deploy` flags it.
SECRET_KEY = os.environ.get("SECRET_KEY", "django-insecure-suprovid-local-development-only")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "knox",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "axes",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_tasks_db",
    "suprovid.core",
    "suprovid.accounts",
    "suprovid.territory",
    "suprovid.network",
    "suprovid.topics",
    "suprovid.people",
    "suprovid.cases",
    "suprovid.appeals",
    "suprovid.programmes",
    "suprovid.reports",
    "suprovid.notifications",
    "suprovid.privacy",
    "suprovid.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "suprovid.core.routers.ReplicaReadsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "suprovid.core.middleware.RequestContextMiddleware",
    "suprovid.accounts.middleware.IdleTimeoutMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "suprovid.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "suprovid.core.middleware.ExportAuditMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during authentication into the
    # uniform login answer (suprovid.accounts.views.locked_out).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "suprovid.web.context_processors.navigation",
                "suprovid.notifications.context_processors.bell",
            ],
        },
    },
]

# SQLite is the embedded default; DATABASE_URL=postgres://… switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'suprovid.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A fresh checkout has no var/: create it so any command can open the database.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so two desks writing at once
        # queue up instead of failing with "database is locked" mid-transaction.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }


def postgres_options(
    statement_timeout_ms: str | None, work_mem: str | None = None
) -> dict[str, str]:
    """Connection options of a PostgreSQL database.

    Web processes (config/web.py, called by wsgi.py and asgi.py) set DB_STATEMENT_TIMEOUT_MS:
    when gunicorn kills a worker after its timeout, PostgreSQL would otherwise go on running
    the query it started (issue #13: a 78 s summary kept a core busy after the 30 s worker
    timeout).
    Management commands, migrations and imports run without the limit.

    DB_WORK_MEM (web processes: 32MB) is the memory one sort or bitmap of a query may use
    before it spills or turns lossy: at PostgreSQL's default 4MB the bitmap of a national
    name search in one oblast went lossy and re-checked 750,000 rows (docs/performance.md).
    """
    options = []
    if statement_timeout_ms:
        options.append(f"-c statement_timeout={int(statement_timeout_ms)}")
    if work_mem:
        if not re.fullmatch(r"\d+(kB|MB|GB)", work_mem):
            raise ImproperlyConfigured(f"DB_WORK_MEM={work_mem!r}: write it as 32MB or 65536kB")
        options.append(f"-c work_mem={work_mem}")
    return {"options": " ".join(options)} if options else {}


if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        **postgres_options(
            os.environ.get("DB_STATEMENT_TIMEOUT_MS"), os.environ.get("DB_WORK_MEM")
        ),
    }

# A streaming replica for the heavy reads (reports, dashboards, exports): see
# suprovid/core/routers.py for which reads go there and docs/deploy.md for the set-up.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES["replica"]["OPTIONS"] = {
        **DATABASES["replica"].get("OPTIONS", {}),
        **postgres_options(
            os.environ.get("DB_STATEMENT_TIMEOUT_MS"), os.environ.get("DB_WORK_MEM")
        ),
    }
    # Tests run against one database: the replica alias mirrors it.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["suprovid.core.routers.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked (e-mail, address) pair before any password check.
    "axes.backends.AxesStandaloneBackend",
    "suprovid.accounts.backends.EmailBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Brute-force protection (django-axes). Failures are counted per (e-mail, client address)
# pair, atomically in the database, so a stranger guessing from another address cannot lock
# a colleague out; the locked answer looks and takes as long as a wrong password.
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_LOCKOUT_MINUTES = int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15"))
# Login posts from one client address per minute, whatever e-mails they try (0: no limit):
# each costs a password hashing, so one address guessing many accounts would slow everyone.
LOGIN_ATTEMPTS_PER_MINUTE = int(os.environ.get("LOGIN_ATTEMPTS_PER_MINUTE", "30"))
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = dt.timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "suprovid.accounts.backends.axes_username"
AXES_LOCKOUT_CALLABLE = "suprovid.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Behind a reverse proxy, set AXES_IPWARE_PROXY_COUNT=1 so the client's address is counted.
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("AXES_IPWARE_PROXY_COUNT", "0")) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if AXES_IPWARE_PROXY_COUNT else ("REMOTE_ADDR",)
)

# Second factor (django-otp: TOTP apps and one-time recovery codes). These roles must enrol
# on their first login and confirm a code on every login; MFA_REQUIRED_FOR_ALL extends that
# to every role. Anyone who has enrolled a device is asked for it whatever their role.
MFA_REQUIRED_ROLES = env_list("MFA_REQUIRED_ROLES", "admin,auditor,coordinator,programme_manager")
MFA_REQUIRED_FOR_ALL = env_bool("MFA_REQUIRED_FOR_ALL", False)
OTP_TOTP_ISSUER = "Suprovid"
MFA_RECOVERY_CODES = 10
# Security keys and passkeys (WebAuthn, django-otp-webauthn) as a second factor beside TOTP.
# A credential is bound to the relying-party ID, the site's domain: set WEBAUTHN_RP_ID to the
# host staff type in (default: the first host name in ALLOWED_HOSTS) and WEBAUTHN_ORIGINS to the
# https:// address(es) they open. Browsers refuse IP addresses as an RP ID; on a developer's
# machine, open http://localhost:8000 rather than 127.0.0.1 to use a key.
_HOST_NAMES = [h.lstrip(".") for h in ALLOWED_HOSTS if not h[:1].isdigit() and h != "*"]
OTP_WEBAUTHN_RP_ID = os.environ.get("WEBAUTHN_RP_ID", (_HOST_NAMES or ["localhost"])[0])
OTP_WEBAUTHN_RP_NAME = "Suprovid"
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("WEBAUTHN_ORIGINS", f"https://{OTP_WEBAUTHN_RP_ID}")
# Only as a second factor after the password (django-axes guards that step), never instead.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False

# A session left idle this long ends; the next request goes back to the login page.
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))

LANGUAGE_CODE = "uk"
LANGUAGES = [("uk", _("Ukrainian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Kyiv"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"  # never served directly: attachments go through scoped views
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Django 6.1 mailers. EMAIL_* pieces come from the environment. Production sends through
# SMTP; development (DEBUG=1) prints e-mails on the console unless EMAIL_BACKEND says otherwise.
_MAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {
    "default": {
        "BACKEND": _MAIL_BACKEND,
        "OPTIONS": (
            {
                "host": os.environ.get("EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("EMAIL_PORT", "25")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
            }
            if _MAIL_BACKEND.endswith("smtp.EmailBackend")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "suprovid@localhost")

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Retention rules (suprovid/privacy/lifecycle.py), applied by `manage.py apply_retention`
# (or its task): persons with no activity for this many years are anonymised; appeals whose
# issues were all closed this many years ago lose their texts and files. 0 switches a rule off.
RETENTION_PERSON_YEARS = int(os.environ.get("RETENTION_PERSON_YEARS", "5"))
RETENTION_APPEAL_TEXT_YEARS = int(os.environ.get("RETENTION_APPEAL_TEXT_YEARS", "5"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 10
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (Django's own): scripts and <style> only from this site or with the
# per-request nonce; no inline handlers (the JavaScript lives in static/js/). Style
# attributes stay allowed: they cannot run code.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "style-src-attr": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "suprovid.core.api.base.Pagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "suprovid.core.api.base.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "suprovid.core.api.throttles.AnonThrottle",
        "suprovid.core.api.throttles.UserThrottle",
        "suprovid.core.api.throttles.ScopedThrottle",
    ],
    # Person search and exports hand out many people's data at once: tight scopes.
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("THROTTLE_ANON", "30/min"),
        "user": os.environ.get("THROTTLE_USER", "1200/min"),
        "person_search": os.environ.get("THROTTLE_PERSON_SEARCH", "120/min"),
        "export": os.environ.get("THROTTLE_EXPORT", "20/min"),
    },
}
# API tokens (django-rest-knox): only a hash is stored; each expires, and all of a user's
# tokens are revoked when the password changes or by `manage.py api_token --revoke`.
REST_KNOX = {
    "AUTH_HEADER_PREFIX": "Token",
    "TOKEN_TTL": dt.timedelta(days=int(os.environ.get("API_TOKEN_DAYS", "30"))),
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Suprovid API",
    "DESCRIPTION": "Case management for veteran-support services",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name per choice set, so a field called "status" in several apps does not collide.
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "suprovid.cases.models.CaseStatus",
        "NeedStatusEnum": "suprovid.cases.models.NeedStatus",
        "IssueStatusEnum": "suprovid.appeals.models.IssueStatus",
        "ReferralStatusEnum": "suprovid.appeals.models.ReferralStatus",
        "EnrolmentStatusEnum": "suprovid.programmes.models.EnrolmentStatus",
        "PersonStatusCodeEnum": "suprovid.people.models.StatusCode",
    },
    # The schema names every field of personal data: signed-in staff only.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Law 393/96 art. 20 and the caseload norm are rules, not settings, and live in code.
SUPROVID_DEMO = env_bool("SUPROVID_DEMO", False)

# Reports count whole months from the trigger-kept roll-ups (suprovid/reports/rollups.py);
# false counts every figure from the rows (slower at scale, same numbers).
REPORTS_USE_ROLLUPS = env_bool("REPORTS_USE_ROLLUPS", True)

# --- appeals (Law 393/96-ВР) ---------------------------------------------------------
# Civil Code art. 254 part 5: a term ending on a day off ends on the next working day.
APPEALS_DEADLINE_NEXT_WORKING_DAY = True
# Public holidays of Ukraine (the `holidays` package) count as days off too. The package
# already knows that under martial law (Law 2136-IX, from 2022) holidays are working days.
APPEALS_HOLIDAYS_ARE_DAYS_OFF = True
# Statuses whose holders' appeals are considered first (Law 393/96 art. 20 with the laws on
# veterans' status). Other benefit holders are flagged by hand with a reason.
APPEALS_PRIVILEGED_STATUSES = [
    "combatant",
    "war_disabled",
    "war_participant",
    "special_merit",
    "dignity_injured",
    "family_fallen",
    "family_missing",
    "pow",
    "family_pow",
]
# Letterhead of the receipt and letters: the office's contacts, unless the institution has its own.
APPEALS_OFFICE_CONTACTS = ""
