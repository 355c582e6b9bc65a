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
from suprovid.core.audit import audit_diff
from suprovid.core.exports import export_response
from suprovid.core.forms import AuditFilterForm
from suprovid.core.models import AuditEntry, AuditEntryQuerySet
from suprovid.core.pagination import paginate, query_without_page


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
        # Moments are stored in ISO UTC; show them in Kyiv time like the rest of the page.
        if len(value) >= 19 and value[10:11] == "T":
            try:
                moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                return value
            if timezone.is_aware(moment):
                return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M:%S")
        return value
    return json.dumps(value, ensure_ascii=False)


def readable_changes(entry: AuditEntry) -> list[tuple[str, str, str]]:
    """(field label, before, after): verbose field names and choice labels, not raw codes."""
    from django.apps import apps
    from django.core.exceptions import FieldDoesNotExist
    from django.utils.text import capfirst

    try:
        model = apps.get_model(entry.object_type)
    except (LookupError, ValueError):
        model = None
    rows = []
    for key, before, after in audit_diff(entry.before, entry.after):
        label, choices = key, {}
        if model is not None:
            try:
                field = model._meta.get_field(key)
            except FieldDoesNotExist:
                field = None
            if field is not None:
                label = str(capfirst(getattr(field, "verbose_name", key)))
                choices = {str(k): str(v) for k, v in getattr(field, "flatchoices", [])}
        rows.append(
            (
                label,
                choices.get(str(before), _plain(before)) if before is not None else "—",
                choices.get(str(after), _plain(after)) if after is not None else "—",
            )
        )
    return rows


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
                "; ".join(f"{k}: {b} → {a}" for k, b, a in readable_changes(e)),
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
            "changes": readable_changes(e),
        }
        for e in page.object_list
    ]
    context = {"form": form, "page": page, "rows": rows, "query": query_without_page(request)}
    template = "web/audit.html"
    if getattr(request, "htmx", False):
        template += "#results"
    return render(request, template, context)


def person_history_entries(person_id: int) -> AuditEntryQuerySet:
    """Everything the log holds about one person: their card (views, edits, consents,
    statuses, family), appeals they made, issues and referrals concerning them, their
    support cases and programme deliveries."""
    from django.db.models import Q

    from suprovid.appeals.models import Appeal, Issue, Referral

    def ids(qs: Any) -> list[str]:
        return [str(pk) for pk in qs.values_list("pk", flat=True)[:5000]]

    q = Q(object_type="people.person", object_id=str(person_id))
    q |= Q(
        object_type="appeals.appeal",
        object_id__in=ids(Appeal.objects.filter(applicant_id=person_id)),
    )
    q |= Q(
        object_type="appeals.issue", object_id__in=ids(Issue.objects.filter(person_id=person_id))
    )
    q |= Q(
        object_type="appeals.referral",
        object_id__in=ids(Referral.objects.filter(issue__person_id=person_id)),
    )
    try:
        from suprovid.programmes.models import Delivery

        q |= Q(
            object_type="programmes.delivery",
            object_id__in=ids(Delivery.objects.filter(person_id=person_id)),
        )
    except ImportError:  # pragma: no cover - the programmes app is optional
        pass
    try:
        from suprovid.cases.models import SupportCase

        q |= Q(
            object_type="cases.supportcase",
            object_id__in=ids(SupportCase.objects.filter(primary_person_id=person_id)),
        )
    except ImportError:  # pragma: no cover
        pass
    return AuditEntry.objects.filter(q)


@require_safe
def person_history(request: HttpRequest) -> HttpResponse:
    """Auditors: find a person by name and read everything that happened to them."""
    from suprovid.core.http import id_param
    from suprovid.people.models import Person

    if not user_can(request.user, caps.AUDIT_READ):
        raise Http404
    from django.db.models import CharField, Exists, OuterRef
    from django.db.models.functions import Cast

    # A person is findable here only through an entry about their record that the reader's
    # scope covers: an auditor of one oblast must not learn who is registered in another.
    recorded = Person.objects.filter(
        Exists(
            AuditEntry.objects.visible_to(request.user).filter(
                object_type="people.person", object_id=Cast(OuterRef("pk"), CharField())
            )
        )
    )
    q = (request.GET.get("q") or "").strip()[:100]
    persons = list(recorded.search(q).order_by("last_name", "id")[:20]) if len(q) >= 2 else []
    person = None
    page = None
    rows: list[dict[str, Any]] = []
    person_id = id_param(request.GET.get("person"))
    if person_id:
        person = recorded.filter(pk=person_id).first()
        if person is None:
            raise Http404
        entries = AuditEntry.objects.visible_to(request.user) & person_history_entries(person.pk)
        page = paginate(request, entries.order_by("-at", "-id"))
        rows = [{"entry": e, "changes": readable_changes(e)} for e in page.object_list]
    return render(
        request,
        "web/person_history.html",
        {
            "q": q,
            "persons": persons,
            "person": person,
            "page": page,
            "rows": rows,
            "query": query_without_page(request),
        },
    )
