"""The auditor's page: read the audit log, filter it, export it. Nothing here writes."""

from __future__ import annotations

import datetime as dt
import json
from itertools import batched
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from suprovid.accounts import capabilities as caps
from suprovid.accounts.capabilities import user_can
from suprovid.core.audit import audit_diff
from suprovid.core.exports import export_response
from suprovid.core.filters import AuditEntryFilter
from suprovid.core.models import AuditEntry, AuditEntryQuerySet
from suprovid.core.pagination import paginate, query_without_page


def _plain(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, str) and len(value) == 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            return dt.date.fromisoformat(value).strftime("%d.%m.%Y")
        except ValueError:
            return value
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


# Fields named by Django itself (no verbose_name, so English and untranslated): their
# labels in the log, in the reader's language.
AUTO_LABELS: dict[str, Any] = {
    "added_at": gettext_lazy("added at"),
    "appeal": gettext_lazy("appeal"),
    "assignee": gettext_lazy("responsible"),
    "author": gettext_lazy("author"),
    "case": gettext_lazy("case"),
    "course": gettext_lazy("course"),
    "created_at": gettext_lazy("created at"),
    "created_by": gettext_lazy("created by"),
    "decided_at": gettext_lazy("decided at"),
    "decided_by": gettext_lazy("decided by"),
    "direction": gettext_lazy("direction"),
    "distribution": gettext_lazy("wave"),
    "event": gettext_lazy("event"),
    "institution": gettext_lazy("institution"),
    "issue": gettext_lazy("issue"),
    "name_key": gettext_lazy("search key of the name"),
    "name_norm": gettext_lazy("search form of the name"),
    "parent": gettext_lazy("parent"),
    "person": gettext_lazy("person"),
    "proposed_at": gettext_lazy("proposed at"),
    "proposed_by": gettext_lazy("proposed by"),
    "received_on": gettext_lazy("received on"),
    "recorded_by": gettext_lazy("recorded by"),
    "registered_at": gettext_lazy("registered at"),
    "registered_by": gettext_lazy("registered by"),
    "relative": gettext_lazy("relative"),
    "reviewer": gettext_lazy("reviewer"),
    "search_text": gettext_lazy("search text"),
    "sequence": gettext_lazy("sequence number"),
    "service": gettext_lazy("service"),
    "territory": gettext_lazy("territory"),
    "topic_group": gettext_lazy("topic group"),
    "updated_at": gettext_lazy("updated at"),
    "uploaded_by": gettext_lazy("uploaded by"),
    "used": gettext_lazy("used"),
    "user": gettext_lazy("user"),
    "year": gettext_lazy("year"),
}

# Reference rows whose name the log shows instead of an id (and a topic group's code is a
# first-level topic). Persons stay an id: an auditor reads no one's name beyond the entry.
NAMED_TARGETS = frozenset(
    {
        "territory.territory",
        "topics.topic",
        "network.institution",
        "accounts.user",
        "programmes.direction",
        "programmes.service",
    }
)


def _model(label: str) -> Any:
    from django.apps import apps

    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(model: Any, key: str) -> Any:
    from django.core.exceptions import FieldDoesNotExist

    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        return None


def _named_target(model: Any, key: str) -> Any:
    """The model whose name stands for this field's value, if it is one of NAMED_TARGETS."""
    if key == "topic_group":
        return _model("topics.topic")
    field = _field(model, key)
    target = getattr(field, "related_model", None) if field is not None else None
    if target is None or not getattr(field, "many_to_one", False):
        return None
    return target if target._meta.label_lower in NAMED_TARGETS else None


class RelatedNames:
    """Names of the reference rows a page of entries points to: one query per kind."""

    def __init__(self, entries: Any = ()) -> None:
        self.names: dict[tuple[str, str], str] = {}
        wanted: dict[Any, set[Any]] = {}
        for entry in entries:
            model = _model(entry.object_type)
            for key, before, after in audit_diff(entry.before, entry.after):
                target = _named_target(model, key)
                if target is not None:
                    values = {v for v in (before, after) if v not in (None, "")}
                    wanted.setdefault(target, set()).update(values)
        for target, pks in wanted.items():
            for pk, obj in target._default_manager.in_bulk(list(pks)).items():
                self.names[(target._meta.label_lower, str(pk))] = str(obj)

    def get(self, target: Any, value: Any) -> str | None:
        return self.names.get((target._meta.label_lower, str(value)))


def readable_changes(
    entry: AuditEntry, names: RelatedNames | None = None
) -> list[tuple[str, str, str]]:
    """(field label, before, after): field names in the reader's language, choice labels,
    names of territories, topics, institutions and staff — not raw codes or ids."""
    from django.utils.text import capfirst

    if names is None:
        names = RelatedNames([entry])
    model = _model(entry.object_type)
    rows = []
    for key, before, after in audit_diff(entry.before, entry.after):
        label, choices = key, {}
        field = _field(model, key)
        if field is not None:
            verbose = getattr(field, "verbose_name", key)
            if str(verbose) == key.replace("_", " ") and key in AUTO_LABELS:
                verbose = AUTO_LABELS[key]
            label = str(capfirst(verbose))
            choices = {str(k): str(v) for k, v in getattr(field, "flatchoices", [])}
        elif key in AUTO_LABELS:
            label = str(capfirst(AUTO_LABELS[key]))
        target = _named_target(model, key)

        def shown(value: Any, target: Any = target, choices: dict[str, str] = choices) -> str:
            if value is None:
                return "—"
            if target is not None and (name := names.get(target, value)) is not None:
                return name
            return choices.get(str(value), _plain(value))

        rows.append((label, shown(before), shown(after)))
    return rows


@require_safe
def audit_log(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """Auditors and administrators only; for anyone else the page does not exist (404)."""
    if not user_can(request.user, caps.AUDIT_READ):
        raise Http404
    filters = AuditEntryFilter(
        request.GET or None, queryset=AuditEntry.objects.visible_to(request.user), request=request
    )
    form = filters.form
    entries = filters.qs.order_by("-at", "-id")

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
                "; ".join(f"{k}: {b} → {a}" for k, b, a in readable_changes(e, names)),
            ]
            for chunk in batched(entries.iterator(), 500)
            for names in [RelatedNames(chunk)]
            for e in chunk
        )
        return export_response(
            fmt, f"audit-{timezone.localdate().isoformat()}", header, export_rows
        )

    page = paginate(request, entries)
    names = RelatedNames(page.object_list)
    rows = [{"entry": e, "changes": readable_changes(e, names)} for e in page.object_list]
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
        names = RelatedNames(page.object_list)
        rows = [{"entry": e, "changes": readable_changes(e, names)} for e in page.object_list]
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
