"""Error answers: under /api/ always JSON (a client parses them), elsewhere Django's pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults


def _api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def bad_request(request: HttpRequest, exception: Any, **kwargs: Any) -> HttpResponse:
    """400, also for a body over DATA_UPLOAD_MAX_MEMORY_SIZE."""
    if _api(request):
        return JsonResponse({"detail": _("Bad request.")}, status=400)
    return defaults.bad_request(request, exception, **kwargs)


def permission_denied(request: HttpRequest, exception: Any, **kwargs: Any) -> HttpResponse:
    if _api(request):
        return JsonResponse({"detail": _("You do not have permission to do this.")}, status=403)
    return defaults.permission_denied(request, exception, **kwargs)


def page_not_found(request: HttpRequest, exception: Any, **kwargs: Any) -> HttpResponse:
    if _api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception, **kwargs)


def server_error(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    if _api(request):
        return JsonResponse({"detail": _("Server error.")}, status=500)
    return defaults.server_error(request, **kwargs)
