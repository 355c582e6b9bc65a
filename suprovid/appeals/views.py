"""Web views of casework: intake, work lists, appeal and issue pages, referrals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from suprovid.accounts.http import AuthenticatedHttpRequest
from suprovid.accounts.models import User
from suprovid.core.audit import audit_event
from suprovid.core.concurrency import StaleObjectError
from suprovid.core.cyrillic import clean_display
from suprovid.core.exports import export_response
from suprovid.core.http import id_param
from suprovid.core.models import SavedFilter
from suprovid.core.pagination import paginate, query_without_page
from suprovid.network.staff import staff_choices
from suprovid.people.duplicates import DuplicateCandidate, find_duplicates
from suprovid.people.models import FamilyLink, Person

from . import deadlines, forms, permissions, services
from .case_link import open_cases
from .filters import (
    OPEN_REFERRAL,
    IssueFilter,
    ReferralFilter,
    ReferralInboxFilter,
    answer_number,
)
from .models import (
    Activity,
    Appeal,
    Attachment,
    Issue,
    IssueStatus,
    LetterKind,
    Referral,
    ReferralStatus,
)


def _user(request: AuthenticatedHttpRequest) -> User:
    return request.user


def _require_casework(request: AuthenticatedHttpRequest) -> User:
    user = _user(request)
    if not permissions.can_do_casework(user):
        raise PermissionDenied
    return user


def _casework_or_404(request: AuthenticatedHttpRequest) -> User:
    """For pages of one object: whoever may not do casework must not learn it exists."""
    user = _user(request)
    if not permissions.can_do_casework(user):
        raise Http404
    return user


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# ---------------------------------------------------------------- work list


def worklist_filter(request: AuthenticatedHttpRequest, user: User, data: Any) -> IssueFilter:
    """The work list's `IssueFilter` over the user's issues, with the web's defaults."""
    base = (
        Issue.objects.visible_to(user)
        .select_related("topic", "appeal", "person", "assignee")
        .annotate(answer_number=answer_number())
    )
    return IssueFilter(IssueFilter.web_defaults(data, user), queryset=base, request=request)


def worklist(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """A specialist's open issues by deadline; a coordinator's across their territory."""
    user = _require_casework(request)
    # An invalid filter is shown with its message; the valid ones still apply.
    filters = worklist_filter(request, user, request.GET)
    qs = filters.qs
    data = filters.values
    fmt = request.GET.get("export")
    if fmt in ("csv", "xlsx"):
        header = [
            _("Number"),
            _("Received"),
            _("Due"),
            _("Topic"),
            _("Person"),
            _("Status"),
            _("Responsible"),
            _("Privileged"),
            _("Answer"),
        ]
        rows = (
            [
                i.appeal.number,
                i.received_on,
                i.due_on,
                str(i.topic),
                i.person.full_name if i.person else "",
                i.get_status_display(),
                str(i.assignee or ""),
                _("Yes") if i.appeal.is_privileged else _("No"),
                i.answer_number or "",
            ]
            for i in qs
        )
        return export_response(fmt, "worklist", header, rows)
    page = paginate(request, qs)
    today = timezone.localdate()
    # "My overdue" can be empty while colleagues in the zone have overdue issues: say so.
    zone_overdue = 0
    if not page.object_list and data.get("due") == "overdue" and data.get("who") != "all":
        everyone = request.GET.copy()
        everyone["who"] = "all"
        zone_overdue = worklist_filter(request, user, everyone).qs.count()
    params = request.GET.copy()
    params["who"] = "all"
    params.pop("page", None)
    ctx = {
        "zone_overdue": zone_overdue,
        "zone_overdue_query": params.urlencode(),
        "saved_filters": SavedFilter.objects.visible_to(user).filter(page="worklist"),
        "form": filters.form,
        "page": page,
        "query": query_without_page(request),
        "today": today,
        "soon": today + dt.timedelta(days=deadlines.DUE_SOON_DAYS),
        "can_reassign": permissions.can_reassign(user),
        "staff": staff_choices(user) if permissions.can_reassign(user) else [],
    }
    if getattr(request, "htmx", False):
        return render(request, "appeals/worklist.html#results", ctx)
    return render(request, "appeals/worklist.html", ctx)


def reassign_bulk(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """Coordinator: reassign the ticked issues; a confirmation page comes first."""
    user = _user(request)
    if not permissions.can_reassign(user):
        raise PermissionDenied
    if request.method != "POST":
        return redirect("appeals:worklist")
    ids = [n for n in map(id_param, request.POST.getlist("issue")) if n]
    issues = list(
        Issue.objects.visible_to(user).filter(pk__in=ids).select_related("appeal", "topic")
    )
    assignee = staff_choices(user).filter(pk=id_param(request.POST.get("assignee"))).first()
    if not issues or assignee is None:
        messages.error(request, _("Tick at least one issue and choose a specialist."))
        return redirect("appeals:worklist")
    if request.POST.get("confirm") != "yes":
        return render(
            request, "appeals/reassign_confirm.html", {"issues": issues, "assignee": assignee}
        )
    count = services.issues_reassign_bulk(actor=user, issues=issues, assignee=assignee)
    messages.success(
        request,
        _("%(count)s issue(s) reassigned to %(user)s.") % {"count": count, "user": assignee},
    )
    return redirect("appeals:worklist")


# ---------------------------------------------------------------- intake


def person_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """HTMX: people matching the query, to pick as applicant or person concerned."""
    user = _require_casework(request)
    q = (request.GET.get("q") or "").strip()
    persons = (
        list(
            Person.objects.visible_to(user)
            .active()
            .search(q)
            # The index-friendly name order after a search (PersonQuerySet.in_name_order):
            # a surname fragment sorted by uk() walked the whole alphabet (issue #13).
            .in_name_order(search=q)[:20]
        )
        if len(q) >= 2
        else []
    )
    return render(
        request,
        "appeals/create.html#search_results",
        {"persons": persons, "q": q, "quick_form": forms.PersonQuickForm(initial=quick_initial(q))},
    )


def family_options(user: User, applicant: Person | None) -> list[tuple[Person, str]]:
    """The applicant and their family (in the user's scope): who an issue may concern.

    Links are followed both ways: a link recorded only on the son's card ("mother is my
    parent") still offers the son when the mother applies.
    """
    if applicant is None:
        return []
    from suprovid.people.models import Relation
    from suprovid.people.services import RECIPROCAL

    visible = Person.objects.visible_to(user).active()
    found: dict[int, tuple[Person, str]] = {}
    for link in FamilyLink.objects.filter(person=applicant, relative__in=visible).select_related(
        "relative"
    ):
        found[link.relative_id] = (link.relative, str(link.get_relation_display()))
    for link in FamilyLink.objects.filter(relative=applicant, person__in=visible).select_related(
        "person"
    ):
        if link.person_id not in found:
            back = RECIPROCAL.get(link.relation, Relation.OTHER)
            found[link.person_id] = (link.person, str(Relation(back).label))
    found.pop(applicant.pk, None)
    relatives = sorted(found.values(), key=lambda pr: (pr[0].last_name, pr[0].first_name))
    return [(applicant, str(_("applicant"))), *relatives]


def quick_initial(q: str) -> dict[str, str]:
    """Prefill quick registration from what was searched: words as names, digits as ids."""
    initial: dict[str, str] = {}
    words: list[str] = []
    for token in q.split():
        digits = "".join(ch for ch in token if ch.isdigit())
        if token.isdigit() and len(token) == 10 and "rnokpp" not in initial:
            initial["rnokpp"] = token
        elif digits and len(digits) >= 7 and "phone" not in initial:
            initial["phone"] = token
        elif token.isalpha() or "-" in token or "'" in token or "’" in token:
            words.append(token[:1].upper() + token[1:])
    for name, word in zip(("last_name", "first_name", "patronymic"), words, strict=False):
        initial[name] = word
    return initial


def applicant_cases(user: User, applicant: Person | None) -> list[Any]:
    """Open support cases (in the user's scope) the applicant belongs to."""
    if applicant is None:
        return []
    return list(open_cases(user, applicant)[:10])


def person_family(request: AuthenticatedHttpRequest) -> HttpResponse:
    """HTMX: suggestions for "person concerned" once the applicant is chosen."""
    user = _require_casework(request)
    applicant = (
        Person.objects.visible_to(user)
        .active()
        .filter(pk=id_param(request.GET.get("applicant")))
        .first()
    )
    return render(
        request,
        "appeals/_family_options.html",
        {
            "family_options": family_options(user, applicant),
            "applicant_cases": applicant_cases(user, applicant),
        },
    )


def person_quick(request: AuthenticatedHttpRequest) -> HttpResponse:
    """HTMX/POST: register a person not found by the search, with minimal fields."""
    user = _require_casework(request)
    if request.method != "POST":
        raise Http404
    form = forms.PersonQuickForm(request.POST)
    persons: list[Person] = []
    duplicates: list[DuplicateCandidate] = []
    if form.is_valid():
        data = dict(form.cleaned_data)
        confirm_duplicate = bool(data.pop("confirm_duplicate", False))
        confirm_rnokpp = bool(data.pop("confirm_rnokpp", False))
        if not confirm_duplicate:
            # The same detector as the full registration form (people/duplicates.py).
            duplicates = find_duplicates(
                queryset=Person.objects.visible_to(user),
                last_name=clean_display(data["last_name"]),
                first_name=clean_display(data["first_name"]),
                patronymic=clean_display(data.get("patronymic") or ""),
                birth_date=data.get("birth_date"),
                rnokpp=data.get("rnokpp") or "",
                phone=data.get("phone") or "",
            )
        if duplicates:
            form = forms.PersonQuickForm(request.POST, confirm=True)
            form.is_valid()
        else:
            try:
                persons = [
                    services.person_quick_create(
                        created_by=user, confirm_identifiers=confirm_rnokpp, **data
                    )
                ]
                form = forms.PersonQuickForm()
            except ValidationError as exc:
                form = forms.PersonQuickForm(request.POST, confirm=True)
                form.is_valid()
                form.add_error(None, _errors(exc))
    return render(
        request,
        "appeals/create.html#search_results",
        {
            "persons": persons or [c.person for c in duplicates],
            "duplicates": duplicates,
            "q": "",
            "quick_form": form,
            "created": bool(persons),
        },
    )


def create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Register an appeal with one or more issues."""
    user = _require_casework(request)
    form = forms.AppealRegisterForm(request.POST or None, user=user)
    applicant = None
    if request.method == "POST":
        applicant = (
            Person.objects.visible_to(user)
            .active()
            .filter(pk=id_param(request.POST.get("applicant")))
            .first()
        )
    elif request.GET.get("applicant"):
        applicant = (
            Person.objects.visible_to(user)
            .active()
            .filter(pk=id_param(request.GET.get("applicant")))
            .first()
        )
        if applicant is not None:
            form = forms.AppealRegisterForm(initial={"applicant": applicant.pk}, user=user)
    family = family_options(user, applicant)
    formset = forms.IssueFormSet(
        request.POST or None,
        prefix="issues",
        form_kwargs={"user": user, "person_choices": family[1:]},
    )
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            applicant = data["applicant"]
            issues = [
                services.IssueInput(
                    topic=f.cleaned_data["topic"],
                    person=f.cleaned_data.get("person") or applicant,
                    assignee=f.cleaned_data.get("assignee"),
                    text=f.cleaned_data.get("text", ""),
                    deadline_rule=f.cleaned_data["deadline_rule"],
                    health_ground=f.cleaned_data.get("health_ground", ""),
                )
                for f in formset.forms
                if f.cleaned_data
            ]
            try:
                appeal = services.appeal_register(
                    registered_by=user,
                    institution=data["institution"],
                    applicant=applicant,
                    received_on=data["received_on"],
                    channel=data["channel"],
                    appeal_type=data["appeal_type"],
                    form=data["form"],
                    sign=data["sign"] or None,
                    text=data["text"],
                    case=data.get("case"),
                    issues=issues,
                    signatories=data.get("signatories") or 1,
                    contact=data.get("contact", ""),
                    medium=data.get("medium", ""),
                    social_status=data.get("social_status", ""),
                )
            except ValidationError as exc:
                form.add_error(None, _errors(exc))
            else:
                messages.success(
                    request, _("Appeal %(number)s registered.") % {"number": appeal.number}
                )
                return redirect("appeals:detail", pk=appeal.pk)
        applicant = form.cleaned_data.get("applicant") if hasattr(form, "cleaned_data") else None
    return render(
        request,
        "appeals/create.html",
        {
            "form": form,
            "formset": formset,
            "applicant": applicant,
            "family_options": family_options(user, applicant),
            "applicant_cases": applicant_cases(user, applicant),
            "chosen_case": form["case"].value(),
            "show_consent": True,
            "quick_form": forms.PersonQuickForm(),
        },
    )


# ---------------------------------------------------------------- appeal and issue


def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """An appeal with its issues, timeline and attachments."""
    user = _casework_or_404(request)
    appeal = get_object_or_404(
        Appeal.objects.visible_to(user).select_related("applicant", "institution", "case"), pk=pk
    )
    issues = appeal.issues.select_related("topic", "person", "assignee").annotate(
        answer_number=answer_number()
    )
    timeline = Activity.objects.filter(appeal=appeal).select_related("author", "issue__topic")
    from .record_views import appeal_records_context

    return render(
        request,
        "appeals/detail.html",
        {
            **appeal_records_context(user, appeal),
            "appeal": appeal,
            "issues": issues,
            "timeline": timeline,
            "attachments": appeal.attachments.all(),
            "activity_form": forms.ActivityForm(),
            "attachment_form": forms.AttachmentForm(),
            "today": timezone.localdate(),
        },
    )


def _issue_context(user: User, issue: Issue, **forms_: Any) -> dict[str, Any]:
    version = {"version": issue.version}
    ctx: dict[str, Any] = {
        "issue": issue,
        "timeline": issue.activities.select_related("author"),
        "referrals": issue.referrals.select_related("institution"),
        "attachments": issue.attachments.all(),
        "today": timezone.localdate(),
        "latest_extension": deadlines.latest_extension(issue.received_on),
        "close_form": forms.CloseForm(initial=version),
        "reopen_form": forms.ReopenForm(initial=version),
        "extend_form": forms.ExtendForm(initial=version),
        "shorten_form": forms.ShortenForm(initial=version),
        "deadline_note": deadlines.rule_note(issue.received_on, issue.deadline_rule, issue.due_on),
        "is_head": permissions.can_decide_as_head(user),
        "answer": issue.letters.filter(kind=LetterKind.ANSWER).first(),
        "rule_form": forms.RuleForm(initial={**version, "rule": issue.deadline_rule}),
        "reassign_form": forms.ReassignForm(initial=version, user=user),
        "activity_form": forms.ActivityForm(),
        "attachment_form": forms.AttachmentForm(),
        "referral_form": forms.ReferralForm(user=user, issue_due_on=issue.due_on),
        "has_consent": issue.person is not None
        and services.sharing_consent(issue.person) is not None,
        "can_reassign": permissions.can_reassign(user),
    }
    ctx.update(forms_)
    return ctx


def issue_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = _casework_or_404(request)
    issue = get_object_or_404(
        Issue.objects.visible_to(user).select_related(
            "appeal__applicant", "topic", "person", "assignee"
        ),
        pk=pk,
    )
    ctx = _issue_context(user, issue)
    query = request.GET.get("institution_q")
    if query is not None:
        # The institution picker's search without JavaScript: its results, the form open.
        ctx["referral_form"] = forms.ReferralForm(
            user=user,
            issue_due_on=issue.due_on,
            query=query[:100],
            page=id_param(request.GET.get("institution_page")) or 1,
        )
        ctx["open_action"] = "referral"
    return render(request, "appeals/issue_detail.html", ctx)


_ACTIONS: dict[str, tuple[type[Any], Callable[..., Any], Any]] = {}


def _action(name: str, form_class: type[Any], message: Any) -> Callable[..., Any]:
    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        _ACTIONS[name] = (form_class, fn, message)
        return fn

    return register


@_action("take", forms.VersionForm, gettext_lazy("Issue taken in progress."))
def _take(user: User, issue: Issue, d: dict[str, Any]) -> None:
    services.issue_take(actor=user, issue=issue, version=d["version"])


@_action("close", forms.CloseForm, gettext_lazy("Issue closed."))
def _close(user: User, issue: Issue, d: dict[str, Any]) -> None:
    services.issue_close(
        actor=user,
        issue=issue,
        version=d["version"],
        outcome=d["outcome"],
        support_kind=d["support_kind"],
        closed_on=d["closed_on"],
        resolution=d["resolution"],
    )


@_action("reopen", forms.ReopenForm, gettext_lazy("Issue reopened."))
def _reopen(user: User, issue: Issue, d: dict[str, Any]) -> None:
    services.issue_reopen(actor=user, issue=issue, version=d["version"], reason=d["reason"])


@_action("extend", forms.ExtendForm, gettext_lazy("Deadline extended."))
def _extend(user: User, issue: Issue, d: dict[str, Any]) -> None:
    services.issue_extend(
        actor=user, issue=issue, version=d["version"], until=d["until"], reason=d["reason"]
    )


@_action("shorten", forms.ShortenForm, gettext_lazy("Deadline shortened."))
def _shorten(user: User, issue: Issue, d: dict[str, Any]) -> None:
    services.issue_shorten(
        actor=user, issue=issue, version=d["version"], until=d["until"], reason=d["reason"]
    )


@_action("rule", forms.RuleForm, gettext_lazy("Deadline rule changed."))
def _rule(user: User, issue: Issue, d: dict[str, Any]) -> None:
    services.issue_set_deadline_rule(actor=user, issue=issue, version=d["version"], rule=d["rule"])


@_action("reassign", forms.ReassignForm, gettext_lazy("Issue reassigned."))
def _reassign(user: User, issue: Issue, d: dict[str, Any]) -> None:
    if not permissions.can_reassign(user) and issue.assignee_id not in (None, user.pk):
        raise PermissionDenied
    services.issue_reassign(actor=user, issue=issue, assignee=d["assignee"], version=d["version"])


@require_POST
def issue_action(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    """One lifecycle action; a stale version or a broken rule re-renders with the message."""
    user = _casework_or_404(request)
    issue = get_object_or_404(
        Issue.objects.visible_to(user).select_related(
            "appeal__applicant", "topic", "person", "assignee"
        ),
        pk=pk,
    )
    if action not in _ACTIONS:
        raise Http404
    form_class, fn, message = _ACTIONS[action]
    kwargs = {"user": user} if form_class is forms.ReassignForm else {}
    form = form_class(request.POST, **kwargs)
    if form.is_valid():
        try:
            fn(user, issue, form.cleaned_data)
        except StaleObjectError as exc:
            messages.error(request, str(exc))
            return redirect("appeals:issue_detail", pk=issue.pk)
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, str(message))
            return redirect("appeals:issue_detail", pk=issue.pk)
    issue.refresh_from_db()
    ctx = _issue_context(user, issue, **{f"{action}_form": form})
    ctx["open_action"] = action
    return render(request, "appeals/issue_detail.html", ctx, status=400)


@require_POST
def activity_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Add a note, call, meeting or visit to an appeal (and optionally one issue)."""
    user = _casework_or_404(request)
    appeal = get_object_or_404(Appeal.objects.visible_to(user), pk=pk)
    issue = None
    if request.POST.get("issue"):
        issue = get_object_or_404(
            Issue.objects.visible_to(user), pk=id_param(request.POST.get("issue")), appeal=appeal
        )
    form = forms.ActivityForm(request.POST)
    if form.is_valid():
        try:
            services.activity_add(actor=user, appeal=appeal, issue=issue, **form.cleaned_data)
            messages.success(request, _("Added to the timeline."))
        except ValidationError as exc:
            messages.error(request, _errors(exc))
    else:
        messages.error(request, _("Choose the kind and write what happened."))
    if issue is not None:
        return redirect("appeals:issue_detail", pk=issue.pk)
    return redirect("appeals:detail", pk=appeal.pk)


@require_POST
def attachment_upload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = _casework_or_404(request)
    appeal = get_object_or_404(Appeal.objects.visible_to(user), pk=pk)
    issue = None
    if request.POST.get("issue"):
        issue = get_object_or_404(
            Issue.objects.visible_to(user), pk=id_param(request.POST.get("issue")), appeal=appeal
        )
    form = forms.AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                actor=user, appeal=appeal, issue=issue, upload=form.cleaned_data["file"]
            )
            messages.success(request, _("File attached."))
        except ValidationError as exc:
            messages.error(request, _errors(exc))
    else:
        messages.error(request, _("Choose a file."))
    if issue is not None:
        return redirect("appeals:issue_detail", pk=issue.pk)
    return redirect("appeals:detail", pk=appeal.pk)


def attachment_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """Files are never served from MEDIA_URL: only here, to those who see the appeal."""
    attachment = get_object_or_404(Attachment.objects.visible_to(_user(request)), pk=pk)
    audit_event(action="attachment.downloaded", obj=attachment)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------- referrals


@require_POST
def referral_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = _casework_or_404(request)
    issue = get_object_or_404(Issue.objects.visible_to(user).select_related("person"), pk=pk)
    form = forms.ReferralForm(request.POST, user=user, issue_due_on=issue.due_on)
    if form.is_valid():
        try:
            services.referral_send(actor=user, issue=issue, **form.cleaned_data)
            messages.success(request, _("Referral sent."))
            if form.cleaned_data["due_on"] > issue.due_on:
                messages.warning(
                    request,
                    _(
                        "The referral is due on %(ref)s, after the issue's legal deadline "
                        "%(due)s: agree an earlier date or extend the issue's deadline."
                    )
                    % {
                        "ref": form.cleaned_data["due_on"].strftime("%d.%m.%Y"),
                        "due": issue.due_on.strftime("%d.%m.%Y"),
                    },
                )
            return redirect("appeals:issue_detail", pk=issue.pk)
        except ValidationError as exc:
            form.add_error(None, _errors(exc))
    ctx = _issue_context(user, issue, referral_form=form)
    ctx["open_action"] = "referral"
    return render(request, "appeals/issue_detail.html", ctx, status=400)


def referrals(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The specialist's side of the loop: referrals of their issues, overdue marked."""
    user = _require_casework(request)
    base = Referral.objects.visible_to(user).select_related(
        "issue__appeal", "issue__topic", "institution"
    )
    page = paginate(request, ReferralFilter(request.GET, queryset=base, request=request).qs)
    return render(
        request,
        "appeals/referrals.html",
        {"page": page, "query": query_without_page(request), "today": timezone.localdate()},
    )


def referral_inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Partners: referrals to their institution, showing only what each referral shares.

    Opens on what needs action: new referrals first, then accepted ones, each by due date.
    """
    user = _user(request)
    base = Referral.objects.visible_to(user).select_related("issue__topic", "issue__person")
    filters = ReferralInboxFilter(request.GET, queryset=base, request=request)
    page = paginate(request, filters.qs)
    return render(
        request,
        "appeals/referral_inbox.html",
        {
            "page": page,
            "query": query_without_page(request),
            "today": timezone.localdate(),
            "statuses": ReferralStatus.choices,
            "status": filters.chosen_status,
            "q": filters.values.get("q") or "",
            "open_statuses": OPEN_REFERRAL,
        },
    )


def _add_errors(form: Any, exc: ValidationError) -> None:
    """A rule broken on one field is shown on that field (highlighted), the rest on top."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            field = name if name in form.fields else None
            for error in errors:
                form.add_error(field, " ".join(error.messages))
    else:
        form.add_error(None, _errors(exc))


def referral_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """What the receiving institution sees of one referral, and its answers.

    The answer form carries the status the page showed; an answer given after someone
    else answered is refused (409) with a message, the other answer stays and what the
    person wrote is shown back to them.
    """
    user = _user(request)
    queryset = Referral.objects.visible_to(user).select_related(
        "issue__topic", "issue__person", "institution"
    )
    referral = get_object_or_404(queryset, pk=pk)
    if request.method == "GET":  # the page shows the person's data to the partner
        audit_event(
            action="referral.viewed", obj=referral, after={"person": referral.issue.person_id}
        )
    form = forms.ReferralAnswerForm(request.POST or None)
    conflict = unsaved = ""
    status = 200
    if request.method == "POST" and form.is_valid():
        if not permissions.can_answer_referral(user, referral):
            raise PermissionDenied
        action = request.POST.get("action")
        read_status = request.POST.get("read_status")
        read = read_status if read_status in ReferralStatus.values else None
        try:
            if action == "accept":
                services.referral_accept(actor=user, referral=referral, read_status=read)
            elif action == "decline":
                services.referral_decline(
                    actor=user,
                    referral=referral,
                    reason=form.cleaned_data["reason"],
                    read_status=read,
                )
            elif action == "complete":
                services.referral_complete(
                    actor=user,
                    referral=referral,
                    outcome_text=form.cleaned_data["outcome_text"],
                    read_status=read,
                )
            else:
                raise Http404
        except StaleObjectError as exc:
            conflict = str(exc)
            status = 409
            typed = {"decline": "reason", "complete": "outcome_text"}.get(action or "", "")
            unsaved = form.cleaned_data.get(typed, "") if typed else ""
            referral = get_object_or_404(queryset, pk=pk)  # as the other person left it
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Answer recorded."))
            return redirect("appeals:referral_detail", pk=referral.pk)
    return render(
        request,
        "appeals/referral_detail.html",
        {
            "referral": referral,
            "form": form,
            "conflict": conflict,
            "unsaved": unsaved,
            "can_answer": permissions.can_answer_referral(user, referral),
            "today": timezone.localdate(),
            "open_statuses": [ReferralStatus.SENT, ReferralStatus.ACCEPTED],
            "is_closed": referral.issue.status == IssueStatus.CLOSED,
        },
        status=status,
    )
