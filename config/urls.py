"""Top-level URL map: one include per app, the API under /api/v1/."""

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.http import urlencode
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """The hashed favicon, looked up per request (the manifest exists only after collectstatic)."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


api_v1 = [
    path("", include("suprovid.people.api.urls")),
    path("", include("suprovid.privacy.api_urls")),
    path("", include("suprovid.territory.api.urls")),
    path("", include("suprovid.network.api.urls")),
    path("", include("suprovid.appeals.api.urls")),
    path("", include("suprovid.cases.api.urls")),
    path("", include("suprovid.programmes.api.urls")),
    path("", include("suprovid.reports.api.urls")),
]

urlpatterns = [
    path("", include("suprovid.web.urls")),
    path("accounts/mfa/webauthn/", include("suprovid.accounts.webauthn")),
    path("accounts/", include("suprovid.accounts.urls")),
    path("people/", include("suprovid.people.urls")),
    path("people/", include("suprovid.privacy.urls")),
    path("territory/", include("suprovid.territory.urls")),
    path("network/", include("suprovid.network.urls")),
    path("appeals/", include("suprovid.appeals.urls")),
    path("cases/", include("suprovid.cases.urls")),
    path("programmes/", include("suprovid.programmes.urls")),
    path("reports/", include("suprovid.reports.urls")),
    path("notifications/", include("suprovid.notifications.urls")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on their own (e.g. for a PDF or a JSON page).
    path("favicon.ico", login_not_required(favicon)),
]


def _admin_login(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
    """The admin site signs in through the app's own login (django-axes, second factor)."""
    target = reverse("accounts:login")
    return redirect(f"{target}?{urlencode({'next': request.GET.get('next', '/admin/')})}")


admin.site.login = login_not_required(_admin_login)  # type: ignore[method-assign]
admin.site.site_header = "Suprovid"
admin.site.site_title = "Suprovid"

if settings.DEBUG:  # pragma: no cover
    pass

# Under /api/ every error is JSON; elsewhere these fall back to Django's pages.
handler400 = "suprovid.core.errors.bad_request"
handler403 = "suprovid.core.errors.permission_denied"
handler404 = "suprovid.core.errors.page_not_found"
handler500 = "suprovid.core.errors.server_error"
