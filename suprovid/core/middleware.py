"""Downloads of lists and reports are recorded in the audit log.

An export hands many people's data to a file that leaves the system; who took which list,
with which filters, belongs in the log as much as a card view does.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBadRequest, HttpResponseBase, JsonResponse
from django.utils.translation import gettext as _

from . import requestcontext
from .audit import actor_scope
from .models import AuditEntry


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
        return True
    if any("\x00" in value for values in request.GET.lists() for value in values[1]):
        return True
    content_type = request.META.get("CONTENT_TYPE", "")
    if request.method in ("POST", "PUT", "PATCH") and not content_type.startswith("multipart/"):
        try:
            body = request.body
        except Exception:  # an oversized body: Django answers that itself later
            return False
        if b"\x00" in body:
            return True
        if "json" in content_type:
            return b"\\u0000" in body
        return content_type.startswith("application/x-www-form-urlencoded") and b"%00" in body
    return False


class RequestContextMiddleware:
    """Gives every request a correlation id (echoed as `X-Request-ID`) and makes the acting
    user and address known to the audit writer; refuses NUL bytes with 400 before any view
    (no database accepts them in text, and they have no business in a name)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if _has_nul(request):
            message = _("The request contains a NUL character.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message)
        token = requestcontext.begin(request=request, ip_address=request.META.get("REMOTE_ADDR"))
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = requestcontext.correlation_id() or ""
            return response
        finally:
            requestcontext.end(token)


# Files that their own view audits with a code of their own: the middleware does not add a
# second entry (one event, one code) when the request already wrote one of these.
_AUDITED_DOWNLOADS = ("attachment.downloaded", "letter.downloaded", "subject_access.reported")


class ExportAuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        disposition = response.get("Content-Disposition", "")
        user = getattr(request, "user", None)
        if (
            response.status_code == 200
            and disposition.startswith("attachment")
            and user is not None
            and user.is_authenticated
            and not AuditEntry.objects.filter(
                correlation_id=requestcontext.correlation_id() or "-",
                action__in=_AUDITED_DOWNLOADS,
            ).exists()
        ):
            scope = actor_scope(user)
            AuditEntry.objects.create(
                actor=user,
                actor_repr=user.email,
                action="export.downloaded",
                object_type="export",
                object_id=request.path[:64],
                object_repr=request.get_full_path()[:255],
                ip_address=request.META.get("REMOTE_ADDR"),
                correlation_id=requestcontext.correlation_id() or "",
                # An export is about no one record: it belongs where its actor works.
                scope_territory=scope[0],
                scope_institution=scope[1],
            )
        return response
