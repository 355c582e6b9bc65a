from django.urls import path

from . import views

app_name = "privacy"

# Mounted under /people/ beside the people app's own pages (config/urls.py).
urlpatterns = [
    path("<int:pk>/subject-access/", views.subject_access, name="subject_access"),
]
