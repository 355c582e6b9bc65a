"""API routes of the territory app, mounted under /api/v1/."""

from django.urls import URLPattern, URLResolver, path

from . import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("territories/", views.TerritoryList.as_view(), name="territory-list"),
    path("territories/<str:code>/", views.TerritoryDetail.as_view(), name="territory-detail"),
]
