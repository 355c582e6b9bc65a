"""ASGI entry point."""

from django.core.asgi import get_asgi_application

from config.web import set_web_environment

set_web_environment()
application = get_asgi_application()
