from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "programmes"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.catalogue, name="catalogue"),
    path("directions/new/", views.direction_create, name="direction_create"),
    path("directions/<int:pk>/", views.direction_detail, name="direction_detail"),
    path("directions/<int:pk>/edit/", views.direction_edit, name="direction_edit"),
    path("directions/<int:pk>/budget/", views.direction_budget, name="direction_budget"),
    path(
        "directions/<int:pk>/expenditures/",
        views.direction_expenditure,
        name="direction_expenditure",
    ),
    path(
        "directions/<int:direction_pk>/services/new/", views.service_create, name="service_create"
    ),
    path("directions/<int:direction_pk>/events/new/", views.event_create, name="event_create"),
    path("directions/<int:direction_pk>/courses/new/", views.course_create, name="course_create"),
    path("services/<int:pk>/", views.service_detail, name="service_detail"),
    path("services/<int:pk>/edit/", views.service_edit, name="service_edit"),
    path(
        "services/<int:service_pk>/waves/new/",
        views.distribution_create,
        name="distribution_create",
    ),
    path("waves/<int:pk>/", views.distribution_detail, name="distribution_detail"),
    path("waves/<int:pk>/edit/", views.distribution_edit, name="distribution_edit"),
    path("waves/<int:pk>/generate/", views.distribution_generate, name="distribution_generate"),
    path("waves/<int:pk>/counters/", views.distribution_counters, name="distribution_counters"),
    path("waves/<int:pk>/checkin/", views.distribution_checkin, name="distribution_checkin"),
    path("waves/<int:pk>/issue/", views.distribution_issue, name="distribution_issue"),
    path("deliveries/new/", views.delivery_create, name="delivery_create"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/register/", views.event_register, name="event_register"),
    path("registrations/<int:pk>/", views.registration_update, name="registration_update"),
    path("courses/<int:pk>/", views.course_detail, name="course_detail"),
    path("courses/<int:pk>/edit/", views.course_edit, name="course_edit"),
    path("courses/<int:pk>/enrol/", views.course_enrol, name="course_enrol"),
    path("enrolments/<int:pk>/", views.enrolment_edit, name="enrolment_edit"),
]
