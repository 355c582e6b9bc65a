"""The programmes panel of the person card: what the person may get and what they got."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from suprovid.people.models import Person, PersonStatus

from .eligibility import Rules, evaluate, period_key
from .models import Delivery, Distribution, LimitPeriod, LimitUsage, Service
from .permissions import can_record_delivery

RECENT = 20


def person_panel(request: HttpRequest, person: Person) -> tuple[str, dict[str, Any]] | None:
    """Five queries whatever the catalogue size: services, waves running today, the
    person's statuses, their limit counters, their recent deliveries."""
    user = request.user
    if not getattr(user, "works_with_people", False):
        return None
    today = timezone.localdate()
    services = list(
        Service.objects.visible_to(user)
        .active()
        .select_related("direction", "residence_territory")
        .order_by("direction__name", "name")
    )
    waves: dict[int, Distribution] = {}
    per_wave = [s.pk for s in services if s.limit_period == LimitPeriod.DISTRIBUTION]
    if per_wave:
        for running in (
            Distribution.objects.filter(service_id__in=per_wave)
            .covering(today)
            .order_by("-starts_on")
        ):
            waves[running.service_id] = running
    statuses = list(PersonStatus.objects.filter(person=person))
    usage = {
        (u.service_id, u.period_key): u.used
        for u in LimitUsage.objects.filter(person=person, service__in=[s.pk for s in services])
    }
    eligible: list[dict[str, Any]] = []
    not_eligible: list[dict[str, Any]] = []
    for service in services:
        wave: Distribution | None = waves.get(service.pk)
        if service.limit_period == LimitPeriod.DISTRIBUTION and wave is None:
            continue  # no wave running: nothing to offer today
        key = period_key(service, today, wave)
        verdict = evaluate(
            rules=Rules.of(service, wave),
            person=person,
            on=today,
            statuses=statuses,
            used=usage.get((service.pk, key), 0) if key else 0,
        )
        row = {"service": service, "wave": wave, "reasons": verdict.reasons}
        (eligible if verdict.eligible else not_eligible).append(row)
    received = list(
        Delivery.objects.visible_to(user)
        .filter(person=person)
        .select_related("service", "distribution")[:RECENT]
    )
    return (
        "programmes/panel.html",
        {
            "programmes_person": person,
            "programmes_eligible": eligible,
            "programmes_not_eligible": not_eligible,
            "programmes_received": received,
            "programmes_can_record": can_record_delivery(user),
        },
    )
