"""Web views of support cases: list, open, the case page with its plan, caseload."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from suprovid.accounts import capabilities as caps
from suprovid.accounts.capabilities import user_can
from suprovid.core.concurrency import StaleObjectError
from suprovid.core.http import id_param
from suprovid.core.pagination import paginate, query_without_page

from . import forms, services
from .filters import CaseFilter
from .models import CASELOAD_NORM, CaseNeed, CaseStep, SupportCase


def _casework(request: HttpRequest, *, not_found: bool = False) -> Any:
    if not user_can(request.user, caps.ISSUES_WORK):
        raise Http404 if not_found else PermissionDenied
    return request.user


def case_list(request: HttpRequest) -> HttpResponse:
    user = _casework(request)
    qs = (
        SupportCase.objects.visible_to(user)
        .select_related("primary_person", "specialist", "institution")
        .annotate(member_count=Count("members"))
    )
    filters = CaseFilter(CaseFilter.web_defaults(request.GET), queryset=qs, request=request)
    status = filters.values.get("status") or ""
    page = paginate(request, filters.qs)
    own_open = SupportCase.objects.open().filter(specialist=user).count()
    return render(
        request,
        "cases/list.html",
        {
            "page": page,
            "query": query_without_page(request),
            "status": status,
            "own_open": own_open,
            "norm": CASELOAD_NORM,
            "can_see_caseload": user_can(user, caps.ISSUES_REASSIGN),
        },
    )


def case_create(request: HttpRequest) -> HttpResponse:
    user = _casework(request)
    form = forms.CaseOpenForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, _("Case opened."))
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/create.html", {"form": form})


def _get_case(request: HttpRequest, pk: int) -> tuple[Any, SupportCase]:
    user = _casework(request, not_found=True)
    case = get_object_or_404(
        SupportCase.objects.visible_to(user).select_related(
            "primary_person", "specialist", "institution"
        ),
        pk=pk,
    )
    return user, case


def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _get_case(request, pk)
    version = {"version": case.version}
    from suprovid.appeals.models import Appeal

    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "members": case.members.select_related("person"),
            "needs": case.needs.select_related("topic"),
            "steps": case.steps.select_related("need__topic"),
            "reviews": case.reviews.select_related("reviewer"),
            "appeals": Appeal.objects.visible_to(user)
            .filter(case=case)
            .annotate(open_issues=Count("issues", filter=~Q(issues__status="closed"))),
            "member_form": forms.MemberForm(user=user),
            "need_form": forms.NeedForm(),
            "step_form": forms.StepForm(),
            "review_form": forms.ReviewForm(),
            "assign_form": forms.AssignForm(initial=version, user=user),
            "close_form": forms.CloseForm(initial=version),
            "today": timezone.localdate(),
        },
    )


@require_POST
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One change to the case or its plan; errors come back as messages."""
    user, case = _get_case(request, pk)
    post = request.POST
    try:
        if action == "member":
            f: Any = forms.MemberForm(post, user=user)
            if f.is_valid():
                services.case_member_add(actor=user, case=case, **f.cleaned_data)
        elif action == "need":
            f = forms.NeedForm(post)
            if f.is_valid():
                services.need_add(actor=user, case=case, **f.cleaned_data)
        elif action == "step":
            f = forms.StepForm(post)
            if f.is_valid():
                services.step_add(actor=user, case=case, **f.cleaned_data)
        elif action == "step_done":
            f = None
            step = get_object_or_404(CaseStep, pk=id_param(post.get("step")), case=case)
            services.step_done(actor=user, step=step)
        elif action == "need_met":
            f = None
            need = get_object_or_404(CaseNeed, pk=id_param(post.get("need")), case=case)
            services.need_set_status(actor=user, need=need, status="met")
        elif action == "review":
            f = forms.ReviewForm(post)
            if f.is_valid():
                services.review_add(actor=user, case=case, **f.cleaned_data)
        elif action == "assign":
            f = forms.AssignForm(post, user=user)
            if f.is_valid():
                services.case_assign(actor=user, case=case, **f.cleaned_data)
        elif action == "close":
            f = forms.CloseForm(post)
            if f.is_valid():
                services.case_close(actor=user, case=case, **f.cleaned_data)
        else:
            raise Http404
    except (ValidationError, StaleObjectError) as exc:
        messages.error(
            request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        )
        return redirect("cases:detail", pk=case.pk)
    if f is not None and not f.is_valid():
        messages.error(request, " ".join(str(e) for errs in f.errors.values() for e in errs))
    else:
        messages.success(request, _("Saved."))
    return redirect("cases:detail", pk=case.pk)


def caseload(request: HttpRequest) -> HttpResponse:
    """Coordinators: open cases per specialist in their territory, overloaded flagged."""
    user = request.user
    if not user_can(user, caps.ISSUES_REASSIGN):
        raise PermissionDenied
    page = paginate(request, services.caseload(SupportCase.objects.visible_to(user)), per_page=50)
    return render(
        request,
        "cases/caseload.html",
        {"rows": page, "page": page, "query": query_without_page(request), "norm": CASELOAD_NORM},
    )
