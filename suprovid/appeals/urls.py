from django.urls import path

from . import record_views, views

app_name = "appeals"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("reassign/", views.reassign_bulk, name="reassign_bulk"),
    path("new/", views.create, name="create"),
    path("new/person-search/", views.person_search, name="person_search"),
    path("new/person/", views.person_quick, name="person_quick"),
    path("new/family/", views.person_family, name="person_family"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/activity/", views.activity_create, name="activity_create"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("issues/<int:pk>/", views.issue_detail, name="issue_detail"),
    path("issues/<int:pk>/refer/", views.referral_create, name="referral_create"),
    path("issues/<int:pk>/<slug:action>/", views.issue_action, name="issue_action"),
    path("<int:pk>/card/", record_views.card, name="card"),
    path("<int:pk>/card.pdf", record_views.card_pdf, name="card_pdf"),
    path("<int:pk>/receipt/", record_views.receipt, name="receipt"),
    path("<int:pk>/receipt.pdf", record_views.receipt_pdf, name="receipt_pdf"),
    path("<int:pk>/letters/", record_views.letter_create, name="letter_create"),
    path("<int:pk>/decisions/", record_views.decision_create, name="decision_create"),
    path("<int:pk>/privileged/", record_views.privileged_set, name="privileged_set"),
    path("<int:pk>/resolution/", record_views.resolution_set, name="resolution_set"),
    path("letters/<int:pk>/<slug:fmt>/", record_views.letter_download, name="letter_download"),
    path("decisions/", record_views.decisions, name="decisions"),
    path(
        "decisions/<int:pk>/<slug:verdict>/",
        record_views.decision_decide,
        name="decision_decide",
    ),
    path("journal/", record_views.journal, name="journal"),
    path("reception/", record_views.reception, name="reception"),
    path("reception/new/", record_views.reception_day_create, name="reception_day_create"),
    path(
        "reception/<int:pk>/register/",
        record_views.reception_register,
        name="reception_register",
    ),
    path("reception/visits/<int:pk>/", record_views.reception_visit, name="reception_visit"),
    path("referrals/", views.referrals, name="referrals"),
    path("referrals/inbox/", views.referral_inbox, name="referral_inbox"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral_detail"),
]
