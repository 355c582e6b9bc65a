"""People pages: the searchable list, search-first registration, the card, edits and merging.

Every page fetches through `Person.objects.visible_to(request.user)`: a person outside the
user's scope is a 404. Writes need a role from `permissions.WRITE_ROLES` and go through
one service each.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from suprovid.accounts import capabilities as caps
from suprovid.accounts.capabilities import user_can
from suprovid.accounts.http import AuthenticatedHttpRequest
from suprovid.core.audit import audit_event, audit_read, audit_record
from suprovid.core.concurrency import StaleObjectError
from suprovid.core.exports import export_response
from suprovid.core.pagination import SEARCH_COUNT_CAP, paginate, query_without_page

from . import duplicates, services
from .access import access_person, person_still_visible
from .filters import PersonFilter
from .forms import (
    ConsentForm,
    ConsentWithdrawForm,
    FamilyLinkForm,
    HealthConsentForm,
    PersonForm,
    StatusForm,
    StatusFormSet,
)
from .models import Consent, FamilyLink, Person, PersonQuerySet, PersonStatus, Relation
from .panels import person_panels
from .permissions import can_edit_people, can_view_people

SEARCH_LIMIT = 20


def _visible(request: HttpRequest) -> PersonQuerySet:
    if not can_view_people(request.user):
        raise PermissionDenied
    return Person.objects.visible_to(request.user)


def _require_edit(request: HttpRequest) -> None:
    if not can_edit_people(request.user):
        raise PermissionDenied


def _get_person(request: HttpRequest, pk: int, *, edit: bool = False) -> Person:
    """The person if the user may see them (else 404); `edit` also needs a writing role
    (403) — `access.access_person` decides both."""
    # Not `_visible`: a role that never sees persons gets the same 404 as an outsider (the
    # record's existence is not its business), not a 403 that confirms it.
    qs = Person.objects.visible_to(request.user).select_related(
        "territory__parent__parent__parent__parent", "institution", "merged_into"
    )
    return access_person(request.user, pk, action="edit" if edit else "view", queryset=qs)


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _apply_errors(form: BaseForm, error: ValidationError) -> None:
    """Service errors shown next to the field they concern, others at the top."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


# ----------------------------------------------------------------------------- list


def _filtered(request: HttpRequest) -> PersonFilter:
    """The list's `PersonFilter` over the active persons the user may see; an invalid filter
    is shown with its error and ignored."""
    base = _visible(request).active().select_related("territory").prefetch_related("statuses")
    return PersonFilter(request.GET, queryset=base, request=request)


def person_list(request: HttpRequest) -> HttpResponseBase:
    """Everyone the user may see, from one search box, with filters, sort and export."""
    filters = _filtered(request)
    qs = filters.qs
    fmt = request.GET.get("export")
    if fmt in ("csv", "xlsx"):
        return _export(fmt, qs)
    page = paginate(request, qs, cap=SEARCH_COUNT_CAP if filters.search_text() else None)
    # One entry per page shown, naming the persons on it (Law 2297-VI: who saw whom).
    audit_read(action="person.listed", objs=page.object_list, model=Person)
    context = {
        "form": filters.form,
        "page": page,
        "query": query_without_page(request),
        "export_query": query_without_page(request),
        "can_edit": can_edit_people(request.user),
    }
    template = "people/list.html#results" if getattr(request, "htmx", False) else "people/list.html"
    return render(request, template, context)


def _export(fmt: str, qs: PersonQuerySet) -> HttpResponseBase:
    header = [
        _("last name"),
        _("first name"),
        _("patronymic"),
        _("birth date"),
        _("РНОКПП"),
        _("phone"),
        _("КАТОТТГ code"),
        _("registered residence"),
        _("statuses"),
    ]
    rows = (
        [
            p.last_name,
            p.first_name,
            p.patronymic,
            p.birth_date,
            p.rnokpp,
            p.phone,
            p.territory_id or "",
            p.territory.name if p.territory else "",
            ", ".join(str(s.get_code_display()) for s in p.statuses.all()),
        ]
        # Chunks of 2,000 with their statuses prefetched: the export streams.
        for p in qs.iterator(chunk_size=2000)
    )
    return export_response(fmt, "persons", header, rows)


# --------------------------------------------------------------------------- create


@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    """Search first: likely duplicates are shown, and the user confirms before saving."""
    visible = _visible(request)
    _require_edit(request)
    initial = _initial_from_query(request.GET.get("q", ""))
    form = PersonForm(request.POST or None, initial=initial)
    formset = StatusFormSet(request.POST or None, prefix="statuses")
    health_form = HealthConsentForm(request.POST or None, prefix="health_consent")
    duplicates: list[services.DuplicateCandidate] = []
    if (
        request.method == "POST"
        and form.is_valid()
        and formset.is_valid()
        and health_form.is_valid()
    ):
        fields = form.person_fields()
        if not request.POST.get("confirm_create"):
            duplicates = services.person_find_duplicates(
                queryset=visible,
                last_name=fields["last_name"],
                first_name=fields["first_name"],
                patronymic=fields.get("patronymic", ""),
                birth_date=fields.get("birth_date"),
                rnokpp=fields.get("rnokpp", ""),
                phone=fields.get("phone", ""),
            )
        if not duplicates:
            statuses = [
                f.status_fields()
                for f in formset.forms
                if f.has_changed() and f.cleaned_data.get("code")
            ]
            try:
                person = services.person_create(
                    actor=request.user,
                    fields=fields,
                    statuses=statuses,
                    confirm_identifiers=bool(form.cleaned_data.get("confirm_rnokpp")),
                    consents=health_form.consents(),
                )
            except ValidationError as error:
                if hasattr(error, "error_dict") and "statuses" in error.error_dict:
                    # Shown with the status rows (e.g. a disability without a legal ground).
                    statuses_error = error.error_dict.pop("statuses")
                    health_form.add_error(None, statuses_error)
                _apply_errors(form, error)
            else:
                messages.success(request, _("%(name)s is registered.") % {"name": person.full_name})
                return redirect("people:detail", pk=person.pk)
    invalid = request.method == "POST" and (
        bool(form.errors) or formset.total_error_count() > 0 or bool(health_form.errors)
    )
    return render(
        request,
        "people/create.html",
        {
            "form": form,
            "formset": formset,
            "health_form": health_form,
            "duplicates": duplicates,
        },
        status=400 if invalid else 200,
    )


def _initial_from_query(query: str) -> dict[str, str]:
    """Start the form from what was searched: "Шевченко Олена" fills the names."""
    parts = query.split()
    if not parts or any(ch.isdigit() for ch in query):
        return {}
    keys = ["last_name", "first_name", "patronymic"]
    return dict(zip(keys, parts, strict=False))


# ----------------------------------------------------------------------------- card


def _panels(request: HttpRequest, person: Person) -> list[str]:
    """What other apps know about the person, each from the panel it registered
    (`suprovid.people.panels.register_person_panel`, in its `AppConfig.ready()`)."""
    html: list[str] = []
    for panel in person_panels():
        result = panel(request, person)
        if result:
            template, context = result
            html.append(render_to_string(template, context, request=request))
    return html


def _render_card(
    request: HttpRequest,
    person: Person,
    *,
    status_form: StatusForm | None = None,
    consent_form: ConsentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    visible = _visible(request)
    links = list(FamilyLink.objects.filter(person=person).select_related("relative"))
    linked = {link.relative_id for link in links}
    incoming = [
        link
        for link in FamilyLink.objects.filter(relative=person).select_related("person")
        if link.person_id not in linked
    ]
    relative_ids = linked | {link.person_id for link in incoming}
    visible_relatives = set(
        visible.filter(pk__in=relative_ids).values_list("pk", flat=True) if relative_ids else []
    )
    context: dict[str, Any] = {
        "person": person,
        "statuses": person.statuses.select_related("related_person", "health_consent"),
        "links": links,
        "incoming": incoming,
        "visible_relatives": visible_relatives,
        "consents": person.consents.all(),
        "panels": _panels(request, person),
        "can_edit": can_edit_people(request.user) and person.merged_into_id is None,
        "can_register_appeal": user_can(request.user, caps.ISSUES_WORK),
        "can_subject_access": user_can(request.user, caps.PEOPLE_SUBJECT_ACCESS),
        "status_form": status_form or StatusForm(prefix="status"),
        "consent_form": consent_form or ConsentForm(prefix="consent"),
    }
    return render(request, "people/detail.html", context, status=status)


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The person's card; every view is logged (Law 2297-VI: who saw what)."""
    person = _get_person(request, pk)
    audit_record(
        actor=request.user, action="person.viewed", obj=person, ip_address=_client_ip(request)
    )
    return _render_card(request, person)


@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit details; a save over someone else's newer save is refused, input kept."""
    person = _get_person(request, pk, edit=True)
    if request.method == "GET":  # the form shows the whole record
        audit_event(action="person.viewed", obj=person, after={"via": "edit_form"})
    form = PersonForm(request.POST or None, instance=person)
    form.fields["version"].required = True
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.person_update(
                    actor=request.user,
                    person=person,
                    fields=form.person_fields(),
                    expected_version=form.cleaned_data["version"],
                    confirm_identifiers=bool(form.cleaned_data.get("confirm_rnokpp")),
                )
            except StaleObjectError:
                form.add_error(None, str(StaleObjectError.message))
                status = 409
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                if not person_still_visible(request.user, person):
                    # The edit moved the record out of the user's area: say so, not a 404.
                    messages.warning(
                        request,
                        _(
                            "Changes saved. %(name)s is now outside your area, so the record "
                            "is no longer open to you."
                        )
                        % {"name": person.full_name},
                    )
                    return redirect("people:list")
                messages.success(request, _("Changes saved."))
                return redirect("people:detail", pk=person.pk)
        person = _get_person(request, pk)  # the stored record for the page heading
    return render(request, "people/edit.html", {"form": form, "person": person}, status=status)


# ------------------------------------------------------------------ statuses on the card


@require_POST
def status_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = _get_person(request, pk, edit=True)
    form = StatusForm(request.POST, prefix="status")
    if form.is_valid():
        try:
            services.status_add(actor=request.user, person=person, fields=form.status_fields())
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Status added."))
            return redirect("people:detail", pk=person.pk)
    return _render_card(request, person, status_form=form, status=400)


@require_http_methods(["GET", "POST"])
def status_remove(request: HttpRequest, pk: int, status_pk: int) -> HttpResponse:
    person = _get_person(request, pk, edit=True)
    status = get_object_or_404(PersonStatus, pk=status_pk, person=person)
    if request.method == "POST":
        services.status_remove(actor=request.user, status=status)
        messages.success(request, _("Status removed."))
        return redirect("people:detail", pk=person.pk)
    return _confirm(
        request,
        person,
        title=_("Remove a status"),
        question=format_html(
            _("Remove the status <strong>{status}</strong> from {name}?"),
            status=status.get_code_display(),
            name=person.full_name,
        ),
        button=_("Remove"),
    )


def _confirm(
    request: HttpRequest,
    person: Person,
    *,
    title: str,
    question: str,
    button: str,
    form: BaseForm | None = None,
) -> HttpResponse:
    return render(
        request,
        "people/confirm.html",
        {"person": person, "title": title, "question": question, "button": button, "form": form},
    )


# ------------------------------------------------------------------------ family links


def _search_others(
    request: HttpRequest, person: Person, query: str, exclude: set[int]
) -> list[Person]:
    if len(query.strip()) < 2:
        return []
    qs = (
        _visible(request)
        .active()
        .exclude(pk__in={person.pk, *exclude})
        .search(query)
        .select_related("territory")
    )
    return list(qs[:SEARCH_LIMIT])


@require_http_methods(["GET", "POST"])
def family_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Find the relative (GET ?q=), then link them with a relation (POST)."""
    person = _get_person(request, pk, edit=True)
    if request.method == "POST":
        form = FamilyLinkForm(request.POST)
        if form.is_valid():
            relative = get_object_or_404(
                _visible(request).active(), pk=form.cleaned_data["relative"]
            )
            try:
                services.family_link_add(
                    actor=request.user,
                    person=person,
                    relative=relative,
                    relation=form.cleaned_data["relation"],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request,
                    _("%(name)s is linked as a family member.") % {"name": relative.full_name},
                )
                return redirect("people:detail", pk=person.pk)
    query = request.GET.get("q", "")
    linked = set(FamilyLink.objects.filter(person=person).values_list("relative_id", flat=True))
    return render(
        request,
        "people/family_add.html",
        {
            "person": person,
            "q": query,
            "results": _search_others(request, person, query, linked),
            "relations": Relation.choices,
        },
    )


@require_http_methods(["GET", "POST"])
def family_remove(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    person = _get_person(request, pk, edit=True)
    link = get_object_or_404(
        FamilyLink.objects.select_related("relative"), pk=link_pk, person=person
    )
    if request.method == "POST":
        services.family_link_remove(actor=request.user, link=link)
        messages.success(request, _("Family link removed."))
        return redirect("people:detail", pk=person.pk)
    return _confirm(
        request,
        person,
        title=_("Remove a family link"),
        question=format_html(
            _("Remove the link between {name} and {relative} (both directions)?"),
            name=person.full_name,
            relative=link.relative.full_name,
        ),
        button=_("Remove"),
    )


# ---------------------------------------------------------------------------- consents


@require_POST
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = _get_person(request, pk, edit=True)
    form = ConsentForm(request.POST, prefix="consent")
    if form.is_valid():
        try:
            services.consent_record(
                actor=request.user,
                person=person,
                purpose=form.cleaned_data["purpose"],
                given_on=form.cleaned_data["given_on"],
                document=form.cleaned_data["document"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Consent recorded."))
            return redirect("people:detail", pk=person.pk)
    return _render_card(request, person, consent_form=form, status=400)


@require_http_methods(["GET", "POST"])
def consent_withdraw(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    person = _get_person(request, pk, edit=True)
    consent = get_object_or_404(Consent, pk=consent_pk, person=person, withdrawn_on__isnull=True)
    form = ConsentWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_withdraw(
                actor=request.user, consent=consent, withdrawn_on=form.cleaned_data["withdrawn_on"]
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Consent withdrawn."))
            return redirect("people:detail", pk=person.pk)
    return _confirm(
        request,
        person,
        title=_("Withdraw a consent"),
        question=format_html(
            _("Record that {name} withdrew the consent to <strong>{purpose}</strong>?"),
            name=person.full_name,
            purpose=consent.get_purpose_display(),
        ),
        button=_("Withdraw"),
        form=form,
    )


# ----------------------------------------------------------------------------- merging


def person_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Pick the duplicate to fold into this person: likely ones first, or search."""
    person = _get_person(request, pk, edit=True)
    candidates = services.person_find_duplicates(
        queryset=_visible(request),
        last_name=person.last_name,
        first_name=person.first_name,
        patronymic=person.patronymic,
        birth_date=person.birth_date,
        rnokpp=person.rnokpp,
        exclude=[person.pk],
    )
    query = request.GET.get("q", "")
    return render(
        request,
        "people/merge.html",
        {
            "person": person,
            "candidates": candidates,
            "q": query,
            "results": _search_others(request, person, query, set()),
        },
    )


@require_http_methods(["GET", "POST"])
def person_merge_confirm(request: HttpRequest, pk: int, duplicate_pk: int) -> HttpResponse:
    """GET lists what will move; POST merges the duplicate into this person."""
    person = _get_person(request, pk, edit=True)
    duplicate = _get_person(request, duplicate_pk, edit=True)
    if duplicate.pk == person.pk:
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.person_merge(actor=request.user, target=person, duplicate=duplicate)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(duplicate)s was merged into %(name)s.")
                % {"duplicate": duplicate.full_name, "name": person.full_name},
            )
            return redirect("people:detail", pk=person.pk)
    return render(
        request,
        "people/merge_confirm.html",
        {
            "person": person,
            "duplicate": duplicate,
            "preview": services.merge_preview(target=person, duplicate=duplicate),
        },
    )


def duplicate_review(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The queue of likely duplicate pairs within the user's scope, for a coordinator to
    review and merge (domain.md §2: duplicates are merged, not left to be noticed)."""
    visible = _visible(request)
    _require_edit(request)
    if not request.user.is_coordinator:
        raise PermissionDenied
    pairs = duplicates.likely_pairs(visible.select_related("territory"))
    return render(request, "people/duplicates.html", {"pairs": pairs})
