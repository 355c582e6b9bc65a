"""Who may receive a service: one person with reasons, and everyone at once in the database.

Both paths apply the same rules (`Rules`): a qualifying status valid on the date, registered
residence inside a territory, age on the date, and the limit per person per period.
The reasons are sentences a front-desk worker can read out to the person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from suprovid.people.models import Person, PersonStatus, StatusCode
from suprovid.territory.codes import subtree_q, territory_prefix

from .models import Distribution, LimitPeriod, LimitUsage, Service

# Status names as they read after "не має статусу …" (Ukrainian genitive).
STATUS_IN_REASON: dict[str, Promise] = {
    StatusCode.COMBATANT: pgettext_lazy("has no status of …", "УБД (combatant)"),
    StatusCode.WAR_DISABLED: pgettext_lazy(
        "has no status of …", "a person with disability due to war"
    ),
    StatusCode.WAR_PARTICIPANT: pgettext_lazy("has no status of …", "a war participant"),
    StatusCode.SPECIAL_MERIT: pgettext_lazy(
        "has no status of …", "a person with special merits to the Motherland"
    ),
    StatusCode.DIGNITY_INJURED: pgettext_lazy(
        "has no status of …", "an injured participant of the Revolution of Dignity"
    ),
    StatusCode.FAMILY_FALLEN: pgettext_lazy(
        "has no status of …", "a family member of a fallen defender"
    ),
    StatusCode.FAMILY_MISSING: pgettext_lazy(
        "has no status of …", "a family member of a defender missing in action"
    ),
    StatusCode.POW: pgettext_lazy("has no status of …", "a person deprived of liberty"),
    StatusCode.FAMILY_POW: pgettext_lazy(
        "has no status of …", "a family member of a person deprived of liberty"
    ),
    StatusCode.DEMOBILIZED: pgettext_lazy("has no status of …", "a demobilised person"),
    StatusCode.SERVING: pgettext_lazy("has no status of …", "a serviceman"),
    StatusCode.FAMILY_SERVING: pgettext_lazy(
        "has no status of …", "a family member of a serviceman"
    ),
}


@dataclass(frozen=True)
class Rules:
    """The rules in force for a service (narrowed by a distribution's categories)."""

    service: Service
    distribution: Distribution | None
    statuses: list[str]

    @classmethod
    def of(cls, service: Service, distribution: Distribution | None = None) -> Rules:
        statuses = list(distribution.categories) if distribution is not None else []
        return cls(service, distribution, statuses or list(service.qualifying_statuses))


@dataclass
class Eligibility:
    eligible: bool
    reasons: list[str] = field(default_factory=list)
    # Only the limit stands in the way (a delivery would be a double issue: HTTP 409).
    limit_reached: bool = False


def age_on(birth_date: dt.date, on: dt.date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def years_before(on: dt.date, years: int) -> dt.date:
    """The same calendar day `years` earlier (29 February becomes 28 February)."""
    try:
        return on.replace(year=on.year - years)
    except ValueError:
        return on.replace(year=on.year - years, day=28)


def period_key(service: Service, on: dt.date, distribution: Distribution | None) -> str | None:
    """Which counter a delivery on `on` uses; None when the service has no limit (or a
    per-wave limit and no wave)."""
    if not service.has_limit:
        return None
    if service.limit_period == LimitPeriod.YEAR:
        return str(on.year)
    if service.limit_period == LimitPeriod.EVER:
        return "all"
    if distribution is None:
        return None
    return f"d{distribution.pk}"


def delivered_in_period(service: Service, person: Person, key: str) -> int:
    """Units already delivered to `person` in the counter's period, from the deliveries
    themselves: a counter that does not exist yet (the limit was added or changed after
    deliveries were made) starts from what was really given, not from zero."""
    from .models import Delivery

    deliveries = Delivery.objects.filter(service=service, person=person)
    if key.startswith("d"):
        deliveries = deliveries.filter(distribution_id=int(key[1:]))
    elif key != "all":
        deliveries = deliveries.filter(delivered_on__year=int(key))
    return int(deliveries.aggregate(total=models.Sum("quantity"))["total"] or 0)


def wave_on(service: Service, on: dt.date) -> Distribution | None:
    """The wave of a per-wave service running on `on`, if any."""
    if service.limit_period != LimitPeriod.DISTRIBUTION:
        return None
    return Distribution.objects.filter(service=service).covering(on).order_by("starts_on").first()


def _valid_on_q(on: dt.date, prefix: str = "") -> Q:
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": on})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": on})
    )


def _where(service: Service) -> str:
    if service.residence_phrase:
        return service.residence_phrase
    name = service.residence_territory.name if service.residence_territory else ""
    return _("in the territory «%(name)s»") % {"name": name}


def limit_reason(service: Service, used: int, distribution: Distribution | None) -> str:
    params = {"used": used, "limit": service.limit_quantity}
    if service.limit_period == LimitPeriod.DISTRIBUTION:
        return _("already received %(used)s of %(limit)s allowed in this wave") % params
    if service.limit_period == LimitPeriod.YEAR:
        return _("already received %(used)s of %(limit)s allowed this year") % params
    return _("already received %(used)s of %(limit)s allowed in total") % params


def service_eligibility(
    *,
    service: Service,
    person: Person,
    on: dt.date,
    distribution: Distribution | None = None,
    quantity: int = 1,
) -> Eligibility:
    """Whether `person` may receive `quantity` units of `service` on `on`, and why not.

    The person must already be fetched through `Person.objects.visible_to(user)`.
    A per-wave limit is checked against `distribution`, or the wave running on `on`.
    """
    if distribution is None:
        distribution = wave_on(service, on)
    rules = Rules.of(service, distribution)
    held = (
        list(PersonStatus.objects.filter(person=person, code__in=rules.statuses))
        if rules.statuses
        else []
    )
    key = period_key(service, on, distribution)
    used = 0
    if key is not None:
        counted = (
            LimitUsage.objects.filter(service=service, person=person, period_key=key)
            .values_list("used", flat=True)
            .first()
        )
        used = counted if counted is not None else delivered_in_period(service, person, key)
    return evaluate(rules=rules, person=person, on=on, statuses=held, used=used, quantity=quantity)


def evaluate(
    *,
    rules: Rules,
    person: Person,
    on: dt.date,
    statuses: list[PersonStatus],
    used: int,
    quantity: int = 1,
) -> Eligibility:
    """The rules applied to what is already loaded (no queries): the person's statuses and
    how much of the limit they used in the period. Shared by the single check and panels."""
    service, distribution = rules.service, rules.distribution
    reasons: list[str] = []
    if not service.is_active:
        reasons.append(_("the service is not provided at the moment"))
    if distribution is not None and not (distribution.starts_on <= on <= distribution.ends_on):
        reasons.append(
            _("the wave runs from %(start)s to %(end)s")
            % {
                "start": date_format(distribution.starts_on, "SHORT_DATE_FORMAT"),
                "end": date_format(distribution.ends_on, "SHORT_DATE_FORMAT"),
            }
        )

    if rules.statuses:
        held = [s for s in statuses if s.code in rules.statuses]
        if not any(_status_valid(s, on) for s in held):
            names = _(" or ").join(str(STATUS_IN_REASON[c]) for c in rules.statuses)
            if held:
                reasons.append(
                    _("the status of %(statuses)s is not valid on %(date)s")
                    % {"statuses": names, "date": date_format(on, "SHORT_DATE_FORMAT")}
                )
            else:
                reasons.append(_("has no status of %(statuses)s") % {"statuses": names})

    if service.residence_territory_id:
        prefix = territory_prefix(service.residence_territory_id)
        if person.territory_id is None:
            reasons.append(_("has no registered residence on record"))
        elif not person.territory_id.startswith(prefix):
            reasons.append(_("has no registered residence %(where)s") % {"where": _where(service)})

    if service.min_age is not None or service.max_age is not None:
        if person.birth_date is None:
            reasons.append(_("the birth date is not on record, so the age cannot be checked"))
        else:
            age = age_on(person.birth_date, on)
            when = date_format(on, "SHORT_DATE_FORMAT")
            if service.min_age is not None and age < service.min_age:
                reasons.append(
                    _("is %(age)s on %(date)s; the service is for ages from %(min)s")
                    % {"age": age, "date": when, "min": service.min_age}
                )
            if service.max_age is not None and age > service.max_age:
                reasons.append(
                    _("is %(age)s on %(date)s; the service is for ages up to %(max)s")
                    % {"age": age, "date": when, "max": service.max_age}
                )

    limit_reached = False
    key = period_key(service, on, distribution)
    if key is not None and service.limit_quantity and used + quantity > service.limit_quantity:
        limit_reached = not reasons
        reasons.append(limit_reason(service, used, distribution))
    return Eligibility(eligible=not reasons, reasons=reasons, limit_reached=limit_reached)


def _status_valid(status: PersonStatus, on: dt.date) -> bool:
    return (status.valid_from is None or status.valid_from <= on) and (
        status.valid_to is None or status.valid_to >= on
    )


def eligible_persons(
    *,
    service: Service,
    user: Any,
    on: dt.date,
    distribution: Distribution | None = None,
) -> Any:
    """Everyone in the user's scope who may receive one unit of `service` on `on`.

    One query with `Exists` sub-queries and code ranges: no loop over persons.
    """
    rules = Rules.of(service, distribution)
    qs = Person.objects.visible_to(user).active()
    if not service.is_active:
        return qs.none()
    if rules.statuses:
        valid = PersonStatus.objects.filter(
            _valid_on_q(on), person=OuterRef("pk"), code__in=rules.statuses
        )
        qs = qs.filter(Exists(valid))
    if service.residence_territory_id:
        qs = qs.filter(subtree_q("territory", service.residence_territory_id))
    if service.min_age is not None:
        qs = qs.filter(birth_date__lte=years_before(on, service.min_age))
    if service.max_age is not None:
        qs = qs.filter(birth_date__gt=years_before(on, service.max_age + 1))
    key = period_key(service, on, distribution)
    if key is not None and service.limit_quantity:
        exhausted = LimitUsage.objects.filter(
            service=service,
            person=OuterRef("pk"),
            period_key=key,
            used__gte=service.limit_quantity,
        )
        qs = qs.filter(~Exists(exhausted))
    return qs
