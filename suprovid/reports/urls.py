from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "reports"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="dashboard"),
    path("summary/", views.summary_export, name="summary"),
    path("summary.pdf", views.summary_pdf_view, name="summary_pdf"),
    path("appeals/", views.appeals_list, name="appeals"),
    path("issues/", views.issues_list, name="issues"),
    path("helped/", views.helped_list, name="helped"),
    path("cases/", views.cases_list, name="cases"),
    path("specialists/", views.specialists_list, name="specialists"),
    path("caseload/", views.caseload_export, name="caseload"),
    path("positions/", views.positions_export, name="positions"),
    path("quarterly/", views.quarterly, name="quarterly"),
    path("open-data/", views.open_data_view, name="open_data"),
]
