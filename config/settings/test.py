"""Test settings: fast hashing, in-memory mail, tasks run inline."""

from .base import *  # noqa: F403
from .base import DATABASES

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789abcdef"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": ""}  # in memory
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
WHITENOISE_AUTOREFRESH = True  # no collectstatic in tests; serve from the finders
WHITENOISE_USE_FINDERS = True
# Older tests compute deadlines by calendar arithmetic; the working-day rule has its own tests.
APPEALS_DEADLINE_NEXT_WORKING_DAY = False
# Most tests sign in with force_login and test one feature; the second-factor tests
# (suprovid/accounts/tests/test_mfa.py) switch the production roles back on.
MFA_REQUIRED_ROLES = []
# The browser tests open the live server at http://localhost:<port> and set the port's
# origin themselves (tests/browser/test_webauthn_flow.py).
OTP_WEBAUTHN_RP_ID = "localhost"
OTP_WEBAUTHN_ALLOWED_ORIGINS = ["http://localhost"]
