"""API routes of the network app, mounted under /api/v1/."""

from django.urls import URLPattern, URLResolver, path

from . import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("institutions/", views.InstitutionList.as_view(), name="institution-list"),
    path("institutions/<str:code>/", views.InstitutionDetail.as_view(), name="institution-detail"),
    path("specialists/", views.SpecialistList.as_view(), name="specialist-list"),
    path("specialists/<int:pk>/", views.SpecialistDetail.as_view(), name="specialist-detail"),
]
