"""Local development and `make demo`: DEBUG on, plain HTTP."""

import os

from .base import *  # noqa: F403

DEBUG = True
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
if "EMAIL_BACKEND" not in os.environ:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
# Security keys on a developer's machine: http://localhost is a secure context for browsers
# (127.0.0.1 cannot be an RP ID). `make demo` serves on port 8000.
OTP_WEBAUTHN_RP_ID = os.environ.get("WEBAUTHN_RP_ID", "localhost")
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list(  # noqa: F405
    "WEBAUTHN_ORIGINS", f"http://localhost:{os.environ.get('PORT', '8000')}"
)
