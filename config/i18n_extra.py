"""Strings Django 6.1 shows but its Ukrainian catalogue does not translate yet.

Listed here so `make makemessages` keeps them in the project's catalogue (locale/).
"""

from django.utils.translation import gettext_noop

DJANGO_STRINGS = [
    gettext_noop("- Select an option -"),
]
