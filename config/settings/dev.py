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
