"""Synthetic support cases for `seed_demo`: households accompanied by demo specialists."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.utils import timezone

from suprovid.accounts.models import Role, User
from suprovid.people.health import HealthGround, is_health_topic
from suprovid.people.models import Consent, ConsentPurpose, FamilyLink, PersonStatus
from suprovid.topics.models import Topic

from .models import CaseMember, CaseNeed, CaseStatus, CaseStep, SupportCase
from .services import CASE_STATUSES

CASES = 700


@transaction.atomic
def seed(*, rng: random.Random, stdout: Any) -> None:
    """Open cases for persons with veteran or family statuses; a few specialists overloaded."""
    if SupportCase.objects.exists():
        stdout.write("cases: cases already exist, skipped")
        return
    specialists = list(
        User.objects.filter(role=Role.SPECIALIST, institution__isnull=False, is_active=True)
    )
    if not specialists:
        stdout.write("cases: no specialists, skipped")
        return
    holders = list(
        PersonStatus.objects.filter(code__in=list(CASE_STATUSES))
        .order_by()  # Meta.ordering would put `code` into the DISTINCT: one row per status
        .values_list("person_id", flat=True)
        .distinct()
    )
    rng.shuffle(holders)
    family: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for person_id, relative_id, relation in FamilyLink.objects.values_list(
        "person_id", "relative_id", "relation"
    ):
        family[person_id].append((relative_id, relation))
    topics = list(Topic.objects.filter(parent__isnull=True))
    today = timezone.localdate()
    # One or two specialists carry more than the norm, so the caseload view has something to flag.
    weights = [6 if i < 2 else 1 for i in range(len(specialists))]
    cases = []
    for person_id in holders[:CASES]:
        specialist = rng.choices(specialists, weights=weights)[0]
        opened = today - dt.timedelta(days=rng.randrange(20, 700))
        closed = rng.random() < 0.2
        cases.append(
            SupportCase(
                primary_person_id=person_id,
                specialist=specialist,
                institution_id=specialist.institution_id or 0,
                opened_on=opened,
                status=CaseStatus.CLOSED if closed else CaseStatus.OPEN,
                closed_on=opened + dt.timedelta(days=rng.randrange(10, 300)) if closed else None,
                close_reason="Мету індивідуального плану досягнуто" if closed else "",
            )
        )
    for case in cases:
        if case.closed_on and case.closed_on > today:
            case.closed_on = today
    SupportCase.objects.bulk_create(cases, batch_size=500)
    members, needs, steps = [], [], []
    for case in cases:
        for relative_id, relation in family.get(case.primary_person_id, [])[:4]:
            members.append(CaseMember(case=case, person_id=relative_id, relation=relation))
        for topic in rng.sample(topics, k=rng.randint(1, 3)):
            needs.append(CaseNeed(case=case, topic=topic, description=""))
            due = case.opened_on + dt.timedelta(days=rng.randrange(10, 120))
            steps.append(
                CaseStep(
                    case=case,
                    description=f"Супровід: {topic.name_uk}",
                    due_on=due,
                    done_on=due if due < today and rng.random() < 0.7 else None,
                )
            )
    CaseMember.objects.bulk_create(members, batch_size=500, ignore_conflicts=True)
    # Law 2297-VI art. 7: a health need is recorded on the household's health consent.
    consents: dict[int, Consent] = {}
    for need in needs:
        if is_health_topic(need.topic.code):
            person_id = need.case.primary_person_id
            if person_id not in consents:
                consents[person_id] = Consent(
                    person_id=person_id,
                    purpose=ConsentPurpose.HEALTH,
                    given_on=need.case.opened_on,
                    document="Згода на обробку даних про здоров'я (бланк)",
                )
    Consent.objects.bulk_create(list(consents.values()), batch_size=500)
    for need in needs:
        consent = consents.get(need.case.primary_person_id)
        if consent is not None and is_health_topic(need.topic.code):
            need.health_ground, need.health_consent = HealthGround.CONSENT, consent
    CaseNeed.objects.bulk_create(needs, batch_size=500)
    CaseStep.objects.bulk_create(steps, batch_size=500)
    stdout.write(f"cases: {len(cases)} cases, {len(members)} family members")
