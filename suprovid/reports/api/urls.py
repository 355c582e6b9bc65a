"""API routes of the reports app, mounted under /api/v1/."""

from django.urls import URLPattern, URLResolver, path

from . import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("reports/summary/", views.SummaryView.as_view(), name="reports-summary"),
    path("reports/open-data/", views.OpenDataView.as_view(), name="reports-open-data"),
]
