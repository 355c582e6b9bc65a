"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
# A query of a web request never outlives the worker that asked for it (gunicorn kills a
# worker after 30 s); commands and migrations run without this limit.
os.environ.setdefault("DB_STATEMENT_TIMEOUT_MS", "25000")
application = get_asgi_application()
