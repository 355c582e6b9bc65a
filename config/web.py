"""The environment of a web process, set by every entry point (wsgi.py, asgi.py) before
Django reads its settings."""

import os


def set_web_environment() -> None:
    """Settings module, the statement timeout and work_mem (`postgres_options` in
    settings/base.py)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    # A query of a web request never outlives the worker that asked for it (gunicorn kills a
    # worker after 30 s); commands and migrations run without this limit.
    os.environ.setdefault("DB_STATEMENT_TIMEOUT_MS", "25000")
    # Bitmaps and sorts of a request's queries stay exact in memory up to this size.
    os.environ.setdefault("DB_WORK_MEM", "32MB")
