"""Personal reception: schedules, registrations, the visit card and its conversion into
an appeal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from suprovid.accounts.models import User
from suprovid.core.audit import audit_record, changed, snapshot
from suprovid.network.models import Institution
from suprovid.people.models import (
    Person,
)

from ..models import (
    Appeal,
    Medium,
    ReceptionSchedule,
    ReceptionVisit,
    VisitMode,
    VisitStatus,
)
from .common import IssueInput
from .registration import appeal_register


@transaction.atomic
def reception_schedule_create(
    *,
    actor: User,
    official: User,
    institution: Institution,
    date: dt.date,
    starts_at: dt.time,
    ends_at: dt.time,
    place: str = "",
    slots: int = 10,
) -> ReceptionSchedule:
    """A reception day of an official (head, deputy, or another official)."""
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The reception ends after it starts.")})
    if not official.is_active:
        raise ValidationError({"official": _("The official's account is not active.")})
    schedule = ReceptionSchedule.objects.create(
        official=official,
        institution=institution,
        date=date,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        slots=slots,
    )
    audit_record(actor=actor, action="reception.scheduled", obj=schedule, after=snapshot(schedule))
    return schedule


@transaction.atomic
def reception_register(
    *,
    actor: User,
    schedule: ReceptionSchedule,
    person: Person,
    mode: str,
    substance: str = "",
) -> ReceptionVisit:
    """Book a place on a reception day, or join its live queue; bookings are limited."""
    if mode not in VisitMode.values:
        raise ValidationError({"mode": _("Choose booking or the live queue.")})
    locked = ReceptionSchedule.objects.select_for_update().get(pk=schedule.pk)
    if ReceptionVisit.objects.filter(schedule=locked, person=person).exists():
        raise ValidationError({"person": _("The person is already registered for this day.")})
    taken = ReceptionVisit.objects.filter(schedule=locked, mode=VisitMode.BOOKED).count()
    if mode == VisitMode.BOOKED and taken >= locked.slots:
        raise ValidationError({"mode": _("All places of this day are booked; use the queue.")})
    position = ReceptionVisit.objects.filter(schedule=locked).count() + 1
    visit = ReceptionVisit.objects.create(
        schedule=locked,
        person=person,
        mode=mode,
        position=position,
        substance=substance,
        created_by=actor,
    )
    audit_record(actor=actor, action="reception.registered", obj=visit, after=snapshot(visit))
    return visit


@transaction.atomic
def reception_record(
    *, actor: User, visit: ReceptionVisit, status: str, substance: str, result: str = ""
) -> ReceptionVisit:
    """Fill the personal-reception card after the visit (or mark a no-show)."""
    if status not in VisitStatus.values or status == VisitStatus.REGISTERED:
        raise ValidationError({"status": _("Say whether the person was received.")})
    if status == VisitStatus.RECEIVED and not substance.strip():
        raise ValidationError({"substance": _("Write the substance of the appeal.")})
    before = snapshot(visit)
    visit.status = status
    visit.substance = substance
    visit.result = result
    visit.save(update_fields=["status", "substance", "result"])
    b, a = changed(before, snapshot(visit))
    audit_record(actor=actor, action="reception.recorded", obj=visit, before=b, after=a)
    return visit


@transaction.atomic
def reception_convert(
    *, actor: User, visit: ReceptionVisit, issues: Sequence[IssueInput], appeal_type: str
) -> Appeal:
    """Register an oral appeal made at a personal reception, with its issues (channel in person)."""
    if visit.appeal_id is not None:
        raise ValidationError(_("This visit is already registered as an appeal."))
    if visit.status != VisitStatus.RECEIVED:
        raise ValidationError(_("Record the reception first."))
    appeal = appeal_register(
        registered_by=actor,
        institution=visit.schedule.institution,
        applicant=visit.person,
        received_on=visit.schedule.date,
        channel="in_person",
        medium=Medium.ORAL,
        issues=issues,
        appeal_type=appeal_type,
        text=visit.substance,
    )
    visit.appeal = appeal
    visit.save(update_fields=["appeal"])
    audit_record(actor=actor, action="reception.converted", obj=visit, after={"appeal": appeal.pk})
    return appeal
