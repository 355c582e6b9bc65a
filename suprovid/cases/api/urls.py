"""API routes of the cases app, mounted under /api/v1/."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from .views import SupportCaseViewSet

router = SimpleRouter()
router.register("cases", SupportCaseViewSet, basename="case")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
