from django.urls import URLPattern, URLResolver, path

from . import picker, views

app_name = "network"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.positions, name="positions"),
    path("pick/", picker.pick, name="pick"),
]
