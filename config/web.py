"""The environment of a web process, set by every entry point (wsgi.py, asgi.py) before
Django reads its settings."""

import os


def set_web_environment() -> None:
    """Settings module, and the statement timeout (`postgres_options` in settings/base.py)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    # A query of a web request never outlives the worker that asked for it (gunicorn kills a
    # worker after 30 s); commands and migrations run without this limit.
    os.environ.setdefault("DB_STATEMENT_TIMEOUT_MS", "25000")
