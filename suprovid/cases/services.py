"""Writes of the cases app: open, assign, plan, review and close a support case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from suprovid.accounts.models import Role, User
from suprovid.core.audit import audit_record, changed, snapshot
from suprovid.core.concurrency import save_versioned
from suprovid.network.models import Institution
from suprovid.people.health import is_health_topic, resolve_health_ground
from suprovid.people.models import VETERAN_STATUSES, Person, PersonStatus, StatusCode

from .models import (
    CASELOAD_NORM,
    CaseMember,
    CaseNeed,
    CaseReview,
    CaseStatus,
    CaseStep,
    NeedStatus,
    SupportCase,
)

# Whose household a case is opened for (domain.md §5).
CASE_STATUSES = VETERAN_STATUSES | {
    StatusCode.FAMILY_FALLEN,
    StatusCode.FAMILY_MISSING,
    StatusCode.FAMILY_POW,
    StatusCode.POW,
    StatusCode.DEMOBILIZED,
}


def _check_specialist(user: User | None) -> None:
    if user is not None and (
        not user.is_active or user.role not in (Role.SPECIALIST, Role.COORDINATOR)
    ):
        raise ValidationError(
            {"specialist": _("%(user)s cannot accompany cases.") % {"user": user}}
        )


@transaction.atomic
def case_open(
    *,
    actor: User,
    primary_person: Person,
    institution: Institution,
    specialist: User | None,
    opened_on: dt.date | None = None,
    members: Sequence[tuple[Person, str]] = (),
) -> SupportCase:
    """Open a case for a veteran or the family of a fallen, missing or captive defender.

    Preconditions: the primary person holds one of `CASE_STATUSES`; one open case per person.
    """
    codes = set(PersonStatus.objects.filter(person=primary_person).values_list("code", flat=True))
    if not codes & CASE_STATUSES:
        raise ValidationError(
            {
                "primary_person": _(
                    "A case is opened for a veteran or the family of a fallen, missing or "
                    "captive defender: record the person's status first."
                )
            }
        )
    if SupportCase.objects.open().filter(primary_person=primary_person).exists():
        raise ValidationError({"primary_person": _("This person already has an open case.")})
    _check_specialist(specialist)
    try:
        with transaction.atomic():
            case = SupportCase.objects.create(
                primary_person=primary_person,
                institution=institution,
                specialist=specialist,
                opened_on=opened_on or timezone.localdate(),
            )
    except IntegrityError:  # opened at the same moment at another desk
        raise ValidationError(
            {"primary_person": _("This person already has an open case.")}
        ) from None
    for person, relation in members:
        if person.pk != primary_person.pk:
            CaseMember.objects.get_or_create(
                case=case, person=person, defaults={"relation": relation}
            )
    audit_record(actor=actor, action="case.opened", obj=case, after=snapshot(case))
    return case


@transaction.atomic
def case_member_add(*, actor: User, case: SupportCase, person: Person, relation: str) -> CaseMember:
    """Add a family member to the household."""
    if person.pk == case.primary_person_id:
        raise ValidationError(_("The primary person is already in the case."))
    member, _created = CaseMember.objects.get_or_create(
        case=case, person=person, defaults={"relation": relation}
    )
    audit_record(actor=actor, action="case.member_added", obj=case, after={"person": person.pk})
    return member


@transaction.atomic
def case_assign(
    *, actor: User, case: SupportCase, specialist: User, version: int | None
) -> SupportCase:
    """Give the case to another specialist."""
    _check_specialist(specialist)
    before = snapshot(case)
    case.specialist = specialist
    save_versioned(case, expected_version=version, fields=["specialist"])
    b, a = changed(before, snapshot(case))
    audit_record(actor=actor, action="case.assigned", obj=case, before=b, after=a)
    return case


@transaction.atomic
def case_close(
    *,
    actor: User,
    case: SupportCase,
    version: int | None,
    reason: str,
    closed_on: dt.date | None = None,
) -> SupportCase:
    """Close a case, saying why (goals met, moved away, declined further support …)."""
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(_("The case is already closed."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the case is closed.")})
    before = snapshot(case)
    case.status = CaseStatus.CLOSED
    case.closed_on = closed_on or timezone.localdate()
    case.close_reason = reason
    save_versioned(case, expected_version=version, fields=["status", "closed_on", "close_reason"])
    b, a = changed(before, snapshot(case))
    audit_record(actor=actor, action="case.closed", obj=case, before=b, after=a)
    return case


@transaction.atomic
def need_add(
    *,
    actor: User,
    case: SupportCase,
    topic: Any,
    description: str = "",
    health_ground: str = "",
) -> CaseNeed:
    """A need of the household in the individual plan.

    A need on a health topic (medical, rehabilitation, psychological) is health data about
    the case's person: it needs their health consent in force or a legal ground of Law
    2297-VI art. 7 part 2 (`resolve_health_ground`), else ValidationError."""
    ground, consent = "", None
    if is_health_topic(topic.code):
        ground, consent = resolve_health_ground(
            person=case.primary_person, ground=health_ground, actor=actor
        )
    need = CaseNeed.objects.create(
        case=case,
        topic=topic,
        description=description,
        health_ground=ground,
        health_consent=consent,
    )
    audit_record(actor=actor, action="case.need_added", obj=case, after=snapshot(need))
    return need


@transaction.atomic
def need_set_status(*, actor: User, need: CaseNeed, status: str) -> CaseNeed:
    if status not in NeedStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    need.status = status
    need.save(update_fields=["status"])
    audit_record(actor=actor, action="case.need_updated", obj=need.case, after=snapshot(need))
    return need


@transaction.atomic
def step_add(
    *,
    actor: User,
    case: SupportCase,
    description: str,
    due_on: dt.date | None = None,
    need: CaseNeed | None = None,
) -> CaseStep:
    """A step of the plan, with its due date."""
    if need is not None and need.case_id != case.pk:
        raise ValidationError(_("The need belongs to another case."))
    step = CaseStep.objects.create(case=case, need=need, description=description, due_on=due_on)
    audit_record(actor=actor, action="case.step_added", obj=case, after=snapshot(step))
    return step


@transaction.atomic
def step_done(*, actor: User, step: CaseStep, done_on: dt.date | None = None) -> CaseStep:
    step.done_on = done_on or timezone.localdate()
    step.save(update_fields=["done_on"])
    audit_record(actor=actor, action="case.step_done", obj=step.case, after=snapshot(step))
    return step


@transaction.atomic
def review_add(
    *,
    actor: User,
    case: SupportCase,
    summary: str,
    reviewed_on: dt.date | None = None,
    next_review_on: dt.date | None = None,
) -> CaseReview:
    """A review of the plan."""
    if not summary.strip():
        raise ValidationError({"summary": _("Write what the review found.")})
    review = CaseReview.objects.create(
        case=case,
        summary=summary,
        reviewed_on=reviewed_on or timezone.localdate(),
        next_review_on=next_review_on,
        reviewer=actor,
    )
    audit_record(actor=actor, action="case.reviewed", obj=case, after=snapshot(review))
    return review


def caseload(cases: Any) -> list[dict[str, Any]]:
    """Open cases per specialist within `cases` (already scoped), flagged above the norm."""
    rows = (
        cases.filter(specialist__isnull=False)
        .values("specialist", "specialist__full_name", "specialist__email")
        .annotate(
            # distinct: the join to members repeats each case once per member
            open_cases=Count("id", filter=Q(status=CaseStatus.OPEN), distinct=True),
            members=Count("members", filter=Q(status=CaseStatus.OPEN)),
        )
        .order_by("-open_cases", "specialist__full_name")
    )
    return [
        {
            "specialist_id": r["specialist"],
            "name": r["specialist__full_name"] or r["specialist__email"],
            "open_cases": r["open_cases"],
            "people": r["open_cases"] + r["members"],
            "overloaded": r["open_cases"] > CASELOAD_NORM,
        }
        for r in rows
    ]
