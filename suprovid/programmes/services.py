"""Writes of the programmes app: catalogue, deliveries, distributions, events, courses.

Every write of personal data (deliveries, recipients, registrations, enrolments) records
an audit entry in its transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from suprovid.core.audit import audit_record, changed, snapshot
from suprovid.core.concurrency import save_versioned
from suprovid.people.models import Person

from .eligibility import (
    delivered_in_period,
    eligible_persons,
    limit_reason,
    period_key,
    service_eligibility,
    wave_on,
)
from .models import (
    Course,
    Delivery,
    Direction,
    DirectionBudget,
    Distribution,
    Enrolment,
    EnrolmentStatus,
    Event,
    Expenditure,
    LimitPeriod,
    LimitUsage,
    Recipient,
    Registration,
    Service,
)

# No programme the system serves predates the war that began in 2014: an earlier date is a
# typo (1900 was accepted, each year getting a counter of its own).
MIN_DELIVERY_DATE = dt.date(2014, 1, 1)


class DeliveryRefused(Exception):
    """The person may not receive the service; `reasons` can be read out to them."""

    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("; ".join(reasons))


class LimitExceeded(DeliveryRefused):
    """The delivery would exceed the person's limit (a double issue)."""


class CapacityFull(Exception):
    """No places left on an event or a course."""


# --- Catalogue ------------------------------------------------------------------------------


# Fields of a catalogue record that only services change (not the manager's edit form).
_NOT_EDITED = {"id", "created_at", "updated_at", "version", "registered", "enrolled"}


@transaction.atomic
def catalogue_save(
    *,
    actor: Any,
    obj: Direction | Service | Distribution | Event | Course,
    before: dict[str, Any] | None,
    expected_version: int | None = None,
    fields: Sequence[str] | None = None,
) -> None:
    """Save a catalogue record edited through a form (already validated).

    `before` is the snapshot taken when the record was read (None for a new one).
    An edit writes only `fields` (by default every edited field), and only if nobody saved
    the record since `expected_version` was read: otherwise `StaleObjectError`, and the
    stored record stays as the other person left it. Counters kept by registrations and
    enrolments are never written from a form.
    """
    if before is None:
        obj.save()
        audit_record(
            actor=actor, action=f"{obj._meta.model_name}.created", obj=obj, after=snapshot(obj)
        )
        return
    names = (
        list(fields)
        if fields is not None
        else [f.name for f in obj._meta.concrete_fields if f.name not in _NOT_EDITED]
    )
    try:
        with transaction.atomic():
            save_versioned(obj, expected_version=expected_version, fields=names)
    except IntegrityError:
        if isinstance(obj, Event | Course):
            taken = (
                type(obj)
                .objects.filter(pk=obj.pk)
                .values_list("registered" if isinstance(obj, Event) else "enrolled", flat=True)
                .first()
            )
            raise ValidationError(
                {
                    "capacity": _("%(n)s places are already taken: the capacity cannot be lower.")
                    % {"n": taken}
                }
            ) from None
        raise
    old, new = changed(before, snapshot(obj))
    if isinstance(obj, Service) and {"limit_quantity", "limit_period"} & new.keys():
        # The counters were kept for the old rule: drop them, so each is rebuilt from the
        # deliveries already made the next time it is needed (no limit -> 2 deliveries ->
        # "1 per year" refuses a third).
        LimitUsage.objects.filter(service=obj).delete()
    if new:
        audit_record(
            actor=actor, action=f"{obj._meta.model_name}.updated", obj=obj, before=old, after=new
        )


@transaction.atomic
def budget_set(*, actor: Any, direction: Direction, year: int, planned: Decimal) -> DirectionBudget:
    """Set the planned budget of a direction for a year (creating or replacing it)."""
    previous = (
        DirectionBudget.objects.select_for_update()
        .filter(direction=direction, year=year)
        .values_list("planned", flat=True)
        .first()
    )
    budget, _created = DirectionBudget.objects.update_or_create(
        direction=direction, year=year, defaults={"planned": planned}
    )
    audit_record(
        actor=actor,
        action="budget.planned",
        obj=direction,
        before=None if previous is None else {"year": year, "planned": str(previous)},
        after={"year": year, "planned": str(planned)},
    )
    return budget


@transaction.atomic
def expenditure_record(
    *, actor: Any, direction: Direction, kind: str, on: dt.date, amount: Decimal, description: str
) -> Expenditure:
    """Record a commitment or a payment of a direction outside deliveries."""
    expenditure = Expenditure.objects.create(
        direction=direction,
        kind=kind,
        on=on,
        amount=amount,
        description=description,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor, action="expenditure.recorded", obj=expenditure, after=snapshot(expenditure)
    )
    return expenditure


# --- Deliveries -----------------------------------------------------------------------------


@transaction.atomic
def delivery_record(
    *,
    actor: Any,
    service: Service,
    person: Person,
    delivered_on: dt.date,
    quantity: int = 1,
    amount: Decimal | None = None,
    distribution: Distribution | None = None,
    place: str = "",
) -> Delivery:
    """Record that `person` received `quantity` units of `service`.

    Preconditions: `person` and `service` were fetched through `.visible_to(actor)`.
    Raises `DeliveryRefused` when a rule is not met and `LimitExceeded` when the limit is
    used up. The limit is enforced by the database (`LimitUsage`), so two desks issuing
    the same second cannot both succeed.
    """
    if quantity < 1:
        raise ValidationError({"quantity": _("The quantity must be at least 1.")})
    if delivered_on > timezone.localdate():
        raise ValidationError({"delivered_on": _("A delivery cannot be recorded in the future.")})
    if delivered_on < MIN_DELIVERY_DATE:
        raise ValidationError(
            {
                "delivered_on": _("A delivery cannot be dated before %(date)s.")
                % {"date": MIN_DELIVERY_DATE.isoformat()}
            }
        )
    if distribution is not None and not (
        distribution.starts_on <= delivered_on <= distribution.ends_on
    ):
        raise ValidationError(
            {
                "delivered_on": _("The date is outside the wave (%(start)s – %(end)s).")
                % {
                    "start": distribution.starts_on.isoformat(),
                    "end": distribution.ends_on.isoformat(),
                }
            }
        )
    if distribution is not None and distribution.service_id != service.pk:
        raise ValidationError({"distribution": _("This wave is of another service.")})
    if distribution is None:
        distribution = wave_on(service, delivered_on)
    if service.limit_period == LimitPeriod.DISTRIBUTION and distribution is None:
        raise DeliveryRefused(
            [_("no wave of this service runs on %(date)s") % {"date": delivered_on.isoformat()}]
        )
    verdict = service_eligibility(
        service=service,
        person=person,
        on=delivered_on,
        distribution=distribution,
        quantity=quantity,
    )
    if verdict.limit_reached:
        raise LimitExceeded(verdict.reasons)
    if not verdict.eligible:
        raise DeliveryRefused(verdict.reasons)

    key = period_key(service, delivered_on, distribution)
    if key is not None and service.limit_quantity:
        _use_limit(service=service, person=person, key=key, quantity=quantity, wave=distribution)

    delivery = Delivery.objects.create(
        service=service,
        person=person,
        distribution=distribution,
        delivered_on=delivered_on,
        quantity=quantity,
        amount=amount if amount is not None else service.unit_cost * quantity,
        place=place,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(actor=actor, action="delivery.recorded", obj=delivery, after=snapshot(delivery))
    return delivery


def _use_limit(
    *, service: Service, person: Person, key: str, quantity: int, wave: Distribution | None
) -> None:
    """Raise the counter in the caller's transaction; the CHECK (used <= limit) refuses more.

    The row is created first (a concurrent insert waits for the other transaction), then
    `UPDATE … SET used = used + q` takes the row lock, so concurrent issues serialise.
    """
    assert service.limit_quantity is not None
    LimitUsage.objects.bulk_create(
        [
            LimitUsage(
                service=service,
                person=person,
                period_key=key,
                used=delivered_in_period(service, person, key),
                limit=service.limit_quantity,
            )
        ],
        ignore_conflicts=True,
    )
    counter = LimitUsage.objects.filter(service=service, person=person, period_key=key)
    try:
        with transaction.atomic():
            counter.update(used=F("used") + quantity, limit=service.limit_quantity)
    except IntegrityError:
        used = counter.values_list("used", flat=True).first() or 0
        raise LimitExceeded([limit_reason(service, used, wave)]) from None


@transaction.atomic
def delivery_cancel(*, actor: Any, delivery: Delivery) -> None:
    """Undo a delivery recorded by mistake; the person's limit is given back."""
    key = period_key(delivery.service, delivery.delivered_on, delivery.distribution)
    if key is not None:
        LimitUsage.objects.filter(
            service_id=delivery.service_id, person_id=delivery.person_id, period_key=key
        ).update(
            used=models.Case(
                models.When(used__gte=delivery.quantity, then=F("used") - delivery.quantity),
                default=0,
            )
        )
    audit_record(actor=actor, action="delivery.cancelled", obj=delivery, before=snapshot(delivery))
    delivery.delete()


# --- Distributions --------------------------------------------------------------------------


@transaction.atomic
def distribution_generate_recipients(*, actor: Any, distribution: Distribution) -> int:
    """Add everyone in the actor's scope eligible on the first day of the wave.

    People already on the list stay; returns how many were added.
    """
    before = Recipient.objects.filter(distribution=distribution).count()
    ids = eligible_persons(
        service=distribution.service,
        user=actor,
        on=distribution.starts_on,
        distribution=distribution,
    ).values_list("pk", flat=True)
    batch: list[Recipient] = []
    for person_id in ids.iterator(chunk_size=2000):
        batch.append(Recipient(distribution=distribution, person_id=person_id))
        if len(batch) >= 1000:
            Recipient.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    if batch:
        Recipient.objects.bulk_create(batch, ignore_conflicts=True)
    added = Recipient.objects.filter(distribution=distribution).count() - before
    audit_record(
        actor=actor,
        action="distribution.recipients_generated",
        obj=distribution,
        after={"added": added},
    )
    return added


# --- Events and courses ---------------------------------------------------------------------


def _take_places(model: type[Event] | type[Course], pk: int, field: str, count: int) -> None:
    try:
        with transaction.atomic():
            model.objects.filter(pk=pk).update(**{field: F(field) + count})
    except IntegrityError:
        obj = model.objects.get(pk=pk)
        left = obj.capacity - getattr(obj, field)
        raise CapacityFull(
            _("Not enough places: %(left)s left, %(wanted)s requested.")
            % {"left": max(left, 0), "wanted": count}
        ) from None


@transaction.atomic
def event_register(
    *, actor: Any, event: Event, person: Person, family: list[Person] | None = None
) -> list[Registration]:
    """Register a person and the family members coming with them.

    All or nothing: when the event has fewer places left than people, nobody is registered
    (`CapacityFull`). People already registered are an error too.
    """
    people = [person, *(family or [])]
    already = set(
        Registration.objects.filter(event=event, person__in=people).values_list(
            "person_id", flat=True
        )
    )
    if already:
        names = ", ".join(p.full_name for p in people if p.pk in already)
        raise ValidationError(_("Already registered: %(names)s.") % {"names": names})
    _take_places(Event, event.pk, "registered", len(people))
    created = []
    for member in people:
        registration = Registration.objects.create(
            event=event,
            person=member,
            with_person=None if member.pk == person.pk else person,
            registered_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_record(
            actor=actor,
            action="registration.created",
            obj=registration,
            after=snapshot(registration),
        )
        created.append(registration)
    event.refresh_from_db(fields=["registered"])
    return created


@transaction.atomic
def registration_update(
    *, actor: Any, registration: Registration, attended: bool, result: str
) -> None:
    """Mark attendance and the result of a participant."""
    before = snapshot(registration)
    registration.attended = attended
    registration.result = result
    registration.save(update_fields=["attended", "result"])
    old, new = changed(before, snapshot(registration))
    if new:
        audit_record(
            actor=actor, action="registration.updated", obj=registration, before=old, after=new
        )


@transaction.atomic
def course_enrol(*, actor: Any, course: Course, person: Person, on: dt.date) -> Enrolment:
    """Enrol a person on a course, within its capacity."""
    if Enrolment.objects.filter(course=course, person=person).exists():
        raise ValidationError(_("%(name)s is already enrolled.") % {"name": person.full_name})
    _take_places(Course, course.pk, "enrolled", 1)
    enrolment = Enrolment.objects.create(course=course, person=person, enrolled_on=on)
    audit_record(actor=actor, action="enrolment.created", obj=enrolment, after=snapshot(enrolment))
    course.refresh_from_db(fields=["enrolled"])
    return enrolment


@transaction.atomic
def enrolment_update(
    *,
    actor: Any,
    enrolment: Enrolment,
    status: str,
    sessions_attended: int,
    completed_on: dt.date | None,
    employed_on: dt.date | None,
    employer: str,
) -> None:
    """Record attendance, completion and employment after the course."""
    if status == EnrolmentStatus.COMPLETED and completed_on is None:
        raise ValidationError({"completed_on": _("Give the date the course was completed.")})
    if sessions_attended > enrolment.course.sessions:
        raise ValidationError(
            {
                "sessions_attended": _("The course has only %(n)s sessions.")
                % {"n": enrolment.course.sessions}
            }
        )
    before = snapshot(enrolment)
    enrolment.status = status
    enrolment.sessions_attended = sessions_attended
    enrolment.completed_on = completed_on
    enrolment.employed_on = employed_on
    enrolment.employer = employer
    enrolment.save()
    old, new = changed(before, snapshot(enrolment))
    if new:
        audit_record(actor=actor, action="enrolment.updated", obj=enrolment, before=old, after=new)


def merge_limit_usage(target: Any, duplicate: Any) -> tuple[list[Any], list[Any]]:
    """Merge hook: the survivor's limit counters add up both records' use.

    Deliveries move to the survivor, so its counter must count them too; dropping the
    duplicate's counter would let the survivor receive more than the limit. A sum above
    the limit (both records were served in full) is kept at the limit: exhausted.
    """
    moved: list[Any] = []
    dropped: list[Any] = []
    for usage in LimitUsage.objects.select_for_update().filter(person=duplicate):
        mine = (
            LimitUsage.objects.select_for_update()
            .filter(person=target, service_id=usage.service_id, period_key=usage.period_key)
            .first()
        )
        if mine is None:
            LimitUsage.objects.filter(pk=usage.pk).update(person=target)
            moved.append(usage.pk)
            continue
        limit = max(mine.limit, usage.limit)
        LimitUsage.objects.filter(pk=mine.pk).update(
            used=min(mine.used + usage.used, limit), limit=limit
        )
        usage.delete()
        dropped.append(usage.pk)
    return moved, dropped
