from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("mfa/", views.mfa, name="mfa"),
    path("mfa/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("mfa/keys/", views.keys, name="mfa_keys"),
    path("mfa/keys/added/", views.key_added, name="mfa_key_added"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
]
