from django.urls import URLPattern, URLResolver, path

from . import picker, views

app_name = "people"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.person_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("duplicates/", views.duplicate_review, name="duplicates"),
    path("pick/", picker.pick, name="pick"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/statuses/add/", views.status_add, name="status_add"),
    path("<int:pk>/statuses/<int:status_pk>/remove/", views.status_remove, name="status_remove"),
    path("<int:pk>/family/add/", views.family_add, name="family_add"),
    path("<int:pk>/family/<int:link_pk>/remove/", views.family_remove, name="family_remove"),
    path("<int:pk>/consents/add/", views.consent_add, name="consent_add"),
    path(
        "<int:pk>/consents/<int:consent_pk>/withdraw/",
        views.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<int:pk>/merge/", views.person_merge, name="merge"),
    path(
        "<int:pk>/merge/<int:duplicate_pk>/",
        views.person_merge_confirm,
        name="merge_confirm",
    ),
]
