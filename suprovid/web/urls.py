"""The site shell's pages. Their URL names keep the historical `core:` namespace (templates,
tests and bookmarks use `core:home`, `core:audit`, …); the health check is core's own."""

from django.urls import path

from suprovid.core import views as core_views

from . import audit_views, views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", core_views.healthz, name="healthz"),
    path("audit/", audit_views.audit_log, name="audit"),
    path("audit/person/", audit_views.person_history, name="person_history"),
    path("help/", views.help_page, name="help"),
    path("territory/abolished/", views.abolished_units, name="abolished_units"),
    path("filters/save/", views.saved_filter_save, name="saved_filter_save"),
    path("filters/<int:pk>/delete/", views.saved_filter_delete, name="saved_filter_delete"),
]
