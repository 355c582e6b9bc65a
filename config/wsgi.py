"""WSGI entry point (gunicorn config.wsgi)."""

from django.core.wsgi import get_wsgi_application

from config.web import set_web_environment

set_web_environment()
application = get_wsgi_application()
