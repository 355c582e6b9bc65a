"""Web views of the duties towards the applicant: the registration-control card and receipt,
answers and notices (letters), the head's decisions, and personal reception.

Everything fetches through `.visible_to(user)`; out of scope is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from suprovid.accounts.http import AuthenticatedHttpRequest
from suprovid.accounts.models import User
from suprovid.core.audit import audit_record
from suprovid.network.staff import staff_choices
from suprovid.people.health import HealthGround
from suprovid.topics.models import Topic

from . import forms, letters, permissions, services
from .models import (
    Appeal,
    DecisionStatus,
    HeadDecision,
    Issue,
    Letter,
    ReceptionSchedule,
    ReceptionVisit,
)
from .views import _casework_or_404, _errors


def _appeal(request: AuthenticatedHttpRequest, pk: int) -> tuple[User, Appeal]:
    user = _casework_or_404(request)
    appeal = get_object_or_404(
        Appeal.objects.visible_to(user).select_related(
            "applicant", "institution", "registered_by", "resolution_by"
        ),
        pk=pk,
    )
    return user, appeal


def card(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The registration-control card (Instruction 348/1997), a printable page."""
    _user, appeal = _appeal(request, pk)
    return render(request, "appeals/print/card.html", letters.card_context(appeal))


def card_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _user, appeal = _appeal(request, pk)
    return _pdf_response(letters.card_pdf(appeal), f"card-{appeal.pk}.pdf")


def receipt(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The applicant's receipt: number, date, issues, deadline, the office's contacts."""
    _user, appeal = _appeal(request, pk)
    return render(request, "appeals/print/receipt.html", letters.card_context(appeal))


def receipt_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _user, appeal = _appeal(request, pk)
    return _pdf_response(letters.receipt_pdf(appeal), f"receipt-{appeal.pk}.pdf")


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_POST
def letter_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Number, write and attach an answer or a notice."""
    user, appeal = _appeal(request, pk)
    form = forms.LetterForm(request.POST, appeal=appeal, user=user)
    if form.is_valid():
        d = form.cleaned_data
        try:
            letter = services.letter_issue(
                actor=user,
                appeal=appeal,
                kind=d["kind"],
                issue=d["issue"],
                sent_on=d["sent_on"],
                channel=d["channel"],
                signatory=d["signatory"],
                body=d["body"],
                to_institution=d["to_institution"],
                to_body=d["to_body"],
            )
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(
                request, _("Letter No. %(number)s is ready.") % {"number": letter.number}
            )
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("appeals:detail", pk=appeal.pk)


def letter_download(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> FileResponse:
    """The letter's DOCX or PDF, to those who see the appeal."""
    letter = get_object_or_404(Letter.objects.visible_to(request.user), pk=pk)
    field = {"docx": letter.docx, "pdf": letter.pdf}.get(fmt)
    if field is None:
        raise Http404
    if not field:
        # A migrated answer (or one made without files): generate on first download.
        letters.attach_files(letter)
        field = letter.docx if fmt == "docx" else letter.pdf
    content_type = {
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "pdf": "application/pdf",
    }[fmt]
    audit_record(
        actor=request.user,
        action="letter.downloaded",
        obj=letter,
        after={"format": fmt, "number": letter.number},
    )
    response = FileResponse(
        field.open("rb"),
        as_attachment=True,
        filename=f"{letter.number.replace('/', '-')}.{fmt}",
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def decision_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Propose a decision to the head; the head's own is taken at once."""
    user, appeal = _appeal(request, pk)
    form = forms.DecisionForm(request.POST, appeal=appeal)
    if form.is_valid():
        d = form.cleaned_data
        try:
            decision = services.decision_propose(
                actor=user,
                appeal=appeal,
                kind=d["kind"],
                issue=d["issue"],
                until=d["until"],
                ground=d["ground"],
                reason=d["reason"],
            )
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(
                request,
                _("Decision taken.")
                if decision.status == DecisionStatus.APPROVED
                else _("Proposed to the head."),
            )
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("appeals:detail", pk=appeal.pk)


def decisions(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The head's queue: proposals waiting for a decision, in the head's scope."""
    user = _casework_or_404(request)
    if not permissions.can_decide_as_head(user):
        raise PermissionDenied
    pending = (
        HeadDecision.objects.visible_to(user)
        .pending()
        .select_related("appeal", "issue__topic", "proposed_by")
        .order_by("proposed_at")
    )
    return render(
        request, "appeals/decisions.html", {"pending": pending, "form": forms.DecideForm()}
    )


@require_POST
def decision_decide(request: AuthenticatedHttpRequest, pk: int, verdict: str) -> HttpResponse:
    user = _casework_or_404(request)
    decision = get_object_or_404(HeadDecision.objects.visible_to(user), pk=pk)
    if verdict not in ("approve", "reject"):
        raise Http404
    if not permissions.can_decide_as_head(user):
        raise PermissionDenied
    form = forms.DecideForm(request.POST)
    form.is_valid()
    try:
        services.decision_decide(
            actor=user,
            decision=decision,
            approve=verdict == "approve",
            note=form.cleaned_data.get("note", ""),
        )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("Decision recorded."))
    if request.POST.get("next") == "queue":
        return redirect("appeals:decisions")
    return redirect("appeals:detail", pk=decision.appeal_id)


@require_POST
def privileged_set(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user, appeal = _appeal(request, pk)
    if not permissions.can_do_casework(user):
        raise PermissionDenied
    form = forms.PrivilegedForm(request.POST)
    if form.is_valid():
        try:
            services.appeal_set_privileged(
                actor=user,
                appeal=appeal,
                privileged=form.cleaned_data["privileged"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _("Privileged flag saved."))
    else:
        messages.error(request, _("Say why the privileged flag is set by hand."))
    return redirect("appeals:detail", pk=appeal.pk)


@require_POST
def resolution_set(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user, appeal = _appeal(request, pk)
    form = forms.ResolutionForm(request.POST)
    if form.is_valid():
        try:
            services.appeal_set_resolution(
                actor=user, appeal=appeal, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            messages.error(request, _errors(exc))
        else:
            messages.success(request, _("Resolution saved."))
    return redirect("appeals:detail", pk=appeal.pk)


def appeal_records_context(user: User, appeal: Appeal) -> dict[str, Any]:
    """What the appeal page shows about letters, answers and the head's decisions."""
    from . import duties

    answered, total = services.appeal_answer_status(appeal)
    letters = list(appeal.letters.select_related("issue__topic").order_by("sent_on", "id"))
    return {
        "letters": letters,
        "late_letters": {
            letter.pk for letter in letters if duties.is_late(letter, appeal.received_on)
        },
        "notices_owed": duties.notices_owed(appeal),
        "decisions": appeal.decisions.select_related("issue__topic", "proposed_by", "decided_by"),
        "answered": answered,
        "answer_total": total,
        "is_answered": total > 0 and answered == total,
        "letter_form": forms.LetterForm(appeal=appeal, user=user),
        "decision_form": forms.DecisionForm(appeal=appeal),
        "privileged_form": forms.PrivilegedForm(initial={"privileged": appeal.is_privileged}),
        "resolution_form": forms.ResolutionForm(initial={"text": appeal.resolution_text}),
        "is_head": permissions.can_decide_as_head(user),
    }


# --- personal reception -------------------------------------------------------------------


def _register_form(
    user: User, day: ReceptionSchedule, data: Any = None, query: str = ""
) -> forms.ReceptionRegisterForm:
    return forms.ReceptionRegisterForm(
        data, user=user, query=query, find_form=f"find-{day.pk}", prefix=f"day-{day.pk}"
    )


def reception(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Reception days in the user's scope, with their registrations.

    Each day's registration form finds the person with the people picker; without
    JavaScript its search box submits `?day-<pk>-person_q=…` back to this page.
    """
    user = _casework_or_404(request)
    today = timezone.localdate()
    days = list(
        ReceptionSchedule.objects.visible_to(user)
        .filter(date__gte=today)
        .select_related("official", "institution")
        .prefetch_related("visits__person")
    )
    for day in days:
        query = request.GET.get(f"day-{day.pk}-person_q", "")
        day.register_form = _register_form(user, day, query=query)  # type: ignore[attr-defined]
    from suprovid.network.models import Institution

    can_schedule = permissions.can_reassign(user) or permissions.can_decide_as_head(user)
    return render(
        request,
        "appeals/reception.html",
        {
            "days": days,
            "today": today,
            "can_schedule": can_schedule,
            "staff": staff_choices(user) if can_schedule else [],
            "institutions": Institution.objects.visible_to(user) if can_schedule else [],
        },
    )


def reception_visit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The personal-reception card; POST records the visit or converts it into an appeal."""
    user = _casework_or_404(request)
    visit = get_object_or_404(
        ReceptionVisit.objects.visible_to(user).select_related(
            "schedule__official", "schedule__institution", "person", "appeal"
        ),
        pk=pk,
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") == "convert":
                topic = Topic.objects.filter(code=request.POST.get("topic", "")).first()
                if topic is None:
                    raise ValidationError({"topic": _("Choose a topic.")})
                appeal = services.reception_convert(
                    actor=user,
                    visit=visit,
                    appeal_type=request.POST.get("appeal_type", "request"),
                    issues=[
                        services.IssueInput(
                            topic=topic,
                            person=visit.person,
                            assignee=None,
                            text=visit.substance,
                            health_ground=request.POST.get("health_ground", ""),
                        )
                    ],
                )
                messages.success(
                    request, _("Registered as appeal %(number)s.") % {"number": appeal.number}
                )
                return redirect("appeals:detail", pk=appeal.pk)
            services.reception_record(
                actor=user,
                visit=visit,
                status=request.POST.get("status", ""),
                substance=request.POST.get("substance", ""),
                result=request.POST.get("result", ""),
            )
            messages.success(request, _("Reception card saved."))
            return redirect("appeals:reception_visit", pk=visit.pk)
        except ValidationError as exc:
            messages.error(request, _errors(exc))
    topics = Topic.objects.filter(is_active=True, parent__isnull=True)
    return render(
        request,
        "appeals/reception_visit.html",
        {"visit": visit, "topics": topics, "health_grounds": HealthGround.choices},
    )


@require_POST
def reception_register(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Book a place or join the live queue of a reception day."""
    user = _casework_or_404(request)
    day = get_object_or_404(ReceptionSchedule.objects.visible_to(user), pk=pk)
    form = _register_form(user, day, request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("appeals:reception")
    try:
        services.reception_register(
            actor=user,
            schedule=day,
            person=form.cleaned_data["person"],
            mode=form.cleaned_data["mode"],
            substance=form.cleaned_data["substance"],
        )
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("Registered for the reception."))
    return redirect("appeals:reception")


@require_POST
def reception_day_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A coordinator or head schedules a reception day of an official of their scope."""
    import datetime as dt

    from suprovid.network.models import Institution

    user = _casework_or_404(request)
    if not (permissions.can_reassign(user) or permissions.can_decide_as_head(user)):
        raise PermissionDenied
    post = request.POST
    official = staff_choices(user).filter(pk=_int(post.get("official"))).first()
    institution = Institution.objects.visible_to(user).filter(pk=_int(post.get("institution")))
    try:
        if official is None or not institution.exists():
            raise ValidationError(_("Choose the official and the institution."))
        services.reception_schedule_create(
            actor=user,
            official=official,
            institution=institution.get(),
            date=dt.date.fromisoformat(post.get("date", "")),
            starts_at=dt.time.fromisoformat(post.get("starts_at", "")),
            ends_at=dt.time.fromisoformat(post.get("ends_at", "")),
            place=post.get("place", "")[:200],
            slots=min(_int(post.get("slots")) or 10, 500),
        )
    except ValueError:
        messages.error(request, _("Give the date and the hours."))
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, _("Reception day scheduled."))
    return redirect("appeals:reception")


def _int(value: Any) -> int:
    from suprovid.core.http import id_param

    return id_param(value) or 0


def issue_answer(issue: Issue) -> Letter | None:
    return issue.letters.filter(kind="answer").first()


# --- the registration journal (Instruction 348/1997) --------------------------------------


def journal(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """The journal of registered appeals of the user's scope for a period, as a page and as
    CSV or XLSX (`?export=`) in the journal form of Instruction 348/1997."""
    import datetime as dt

    from django.utils import translation

    from suprovid.core.exports import export_response
    from suprovid.core.importing import parse_date
    from suprovid.core.pagination import paginate, query_without_page

    from . import register_journal

    user = _casework_or_404(request)
    today = timezone.localdate()
    errors: list[str] = []
    bounds: dict[str, dt.date] = {}
    for key, default in (("from", dt.date(today.year, 1, 1)), ("to", today)):
        raw = (request.GET.get(key) or "").strip()
        try:
            bounds[key] = parse_date(raw) if raw else default
        except ValueError as exc:
            errors.append(str(exc))
            bounds[key] = default
    if bounds["from"] > bounds["to"]:
        errors.append(_("The start of the period is after its end."))
        bounds["from"] = bounds["to"]
    qs = register_journal.journal_queryset(user, bounds["from"], bounds["to"])
    fmt = request.GET.get("export")
    if fmt in ("csv", "xlsx") and not errors:
        with translation.override("uk"):
            rows = list(register_journal.journal_rows(qs))
        name = f"journal-{bounds['from']:%Y%m%d}-{bounds['to']:%Y%m%d}"
        return export_response(fmt, name, register_journal.HEADER, rows)
    page = paginate(request, qs)
    start = (page.number - 1) * page.paginator.per_page
    lines = [
        register_journal.journal_line(start + n, appeal)
        for n, appeal in enumerate(page.object_list, start=1)
    ]
    return render(
        request,
        "appeals/journal.html",
        {
            "page": page,
            "lines": lines,
            "header": register_journal.HEADER,
            "date_from": bounds["from"],
            "date_to": bounds["to"],
            "errors": errors,
            "query": query_without_page(request),
        },
    )
