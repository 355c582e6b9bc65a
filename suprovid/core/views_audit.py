"""The auditor's page: read the audit log, filter it, export it. Nothing here writes."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from suprovid.accounts import capabilities as caps
from suprovid.accounts.capabilities import user_can

from .audit import audit_diff
from .exports import export_response
from .forms import AuditFilterForm
from .models import AuditEntry, AuditEntryQuerySet
from .pagination import paginate, query_without_page


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def filtered_entries(user: Any, form: AuditFilterForm) -> AuditEntryQuerySet:
    """Entries the user may read (auditors and administrators), narrowed by the form."""
    entries = AuditEntry.objects.visible_to(user)
    if not form.is_valid():
        return entries.none() if form.is_bound else entries
    data = form.cleaned_data
    if data["actor"]:
        entries = entries.filter(actor_repr__icontains=data["actor"].strip())
    if data["action"]:
        action = data["action"].strip()
        # "person" or "person." finds every person.* action
        entries = (
            entries.filter(action=action)
            if "." in action.rstrip(".")
            else (entries.filter(action__startswith=action.rstrip(".") + "."))
        )
    if data["object_type"]:
        entries = entries.filter(object_type=data["object_type"].strip().lower())
    if data["object_id"]:
        entries = entries.filter(object_id=data["object_id"].strip())
    if data["date_from"]:
        entries = entries.filter(at__gte=_day_start(data["date_from"]))
    if data["date_to"] and data["date_to"] < dt.date.max:  # the last day has no day after
        entries = entries.filter(at__lt=_day_start(data["date_to"] + dt.timedelta(days=1)))
    return entries


def _plain(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


@require_safe
def audit_log(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """Auditors and administrators only; for anyone else the page does not exist (404)."""
    if not user_can(request.user, caps.AUDIT_READ):
        raise Http404
    form = AuditFilterForm(request.GET or None)
    entries = filtered_entries(request.user, form).order_by("-at", "-id")

    fmt = request.GET.get("export")
    if fmt in ("csv", "xlsx"):
        header = [
            _("When"),
            _("Who"),
            _("Action"),
            _("Object type"),
            _("Object id"),
            _("Object"),
            _("Changes"),
        ]
        export_rows = (
            [
                timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
                e.actor_repr,
                e.action,
                e.object_type,
                e.object_id,
                e.object_repr,
                "; ".join(
                    f"{k}: {_plain(b)} → {_plain(a)}" for k, b, a in audit_diff(e.before, e.after)
                ),
            ]
            for e in entries.iterator()
        )
        return export_response(
            fmt, f"audit-{timezone.localdate().isoformat()}", header, export_rows
        )

    page = paginate(request, entries)
    rows = [
        {
            "entry": e,
            "changes": [(k, _plain(b), _plain(a)) for k, b, a in audit_diff(e.before, e.after)],
        }
        for e in page.object_list
    ]
    context = {"form": form, "page": page, "rows": rows, "query": query_without_page(request)}
    template = "core/audit.html"
    if getattr(request, "htmx", False):
        template += "#results"
    return render(request, template, context)
