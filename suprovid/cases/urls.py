from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("caseload/", views.caseload, name="caseload"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/<slug:action>/", views.case_action, name="action"),
]
