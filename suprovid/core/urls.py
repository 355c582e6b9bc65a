from django.urls import path

from . import views, views_audit

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("audit/", views_audit.audit_log, name="audit"),
]
