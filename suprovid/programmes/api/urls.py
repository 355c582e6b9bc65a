"""API routes of the programmes app, mounted under /api/v1/."""

from django.urls import URLPattern, URLResolver, include, path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("services", views.ServiceViewSet, basename="service")
router.register("deliveries", views.DeliveryViewSet, basename="delivery")
router.register("distributions", views.DistributionViewSet, basename="distribution")
router.register("events", views.EventViewSet, basename="event")
router.register("courses", views.CourseViewSet, basename="course")

urlpatterns: list[URLPattern | URLResolver] = [path("", include(router.urls))]
