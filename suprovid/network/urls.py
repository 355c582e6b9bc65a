from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "network"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.positions, name="positions"),
]
