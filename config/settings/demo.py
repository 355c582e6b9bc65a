"""`make demo`: the development settings with DEBUG off, so the demo behaves as production.

Visitors see the product's own 403/404/500 pages (not Django's technical ones), and
WhiteNoise serves the collected static files compressed and with far-future caching for
hashed names, as in production. Plain HTTP on loopback, so no secure-cookie redirect.
"""

from .dev import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
