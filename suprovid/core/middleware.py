"""Downloads of lists and reports are recorded in the audit log.

An export hands many people's data to a file that leaves the system; who took which list,
with which filters, belongs in the log as much as a card view does.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from .audit import actor_scope
from .models import AuditEntry


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
                # An export is about no one record: it belongs where its actor works.
                scope_territory=scope[0],
                scope_institution=scope[1],
            )
        return response
