from django.urls import path

from . import views

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
    path("referrals/", views.referrals, name="referrals"),
    path("referrals/inbox/", views.referral_inbox, name="referral_inbox"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral_detail"),
]
