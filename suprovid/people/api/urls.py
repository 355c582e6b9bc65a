"""API routes of the people app, mounted under /api/v1/."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from .views import PersonViewSet

router = SimpleRouter()
router.register("persons", PersonViewSet, basename="person")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
