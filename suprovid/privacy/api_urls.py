"""API routes of the privacy app, mounted under /api/v1/."""

from django.urls import path

from .api import SubjectAccessView

urlpatterns = [
    path(
        "persons/<int:pk>/subject-access/",
        SubjectAccessView.as_view(),
        name="person-subject-access",
    ),
]
