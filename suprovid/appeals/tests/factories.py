"""Factories of the appeals app's tests. Synthetic data only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from suprovid.accounts.models import User
from suprovid.appeals.models import Appeal
from suprovid.appeals.services import IssueInput, appeal_register
from suprovid.network.models import Institution
from suprovid.people.models import Consent, ConsentPurpose, Person
from suprovid.topics.models import Topic


def register(
    *,
    user: User | None,
    institution: Institution,
    applicant: Person,
    topics: tuple[str, ...] = ("documents",),
    person: Person | None = None,
    received_on: dt.date | None = None,
    assignee: User | None = None,
    **extra: Any,
) -> Appeal:
    """An appeal registered through the service, one issue per topic."""
    return appeal_register(
        registered_by=user,
        institution=institution,
        applicant=applicant,
        received_on=received_on or timezone.localdate(),
        channel=extra.pop("channel", "in_person"),
        issues=[
            IssueInput(
                topic=Topic.objects.get(code=code),
                person=person or applicant,
                assignee=assignee if assignee is not None else user,
                text="Потрібна допомога",
            )
            for code in topics
        ],
        **extra,
    )


def sharing_consent(person: Person) -> Consent:
    return Consent.objects.create(
        person=person,
        purpose=ConsentPurpose.SHARING,
        given_on=timezone.localdate() - dt.timedelta(days=1),
    )
