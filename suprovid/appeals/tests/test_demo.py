from __future__ import annotations

import io
import random

import pytest

from suprovid import testing as t
from suprovid.appeals import demo as appeals_demo
from suprovid.appeals.models import Appeal, Issue, Outcome
from suprovid.cases import demo as cases_demo
from suprovid.cases.models import SupportCase

pytestmark = pytest.mark.django_db


def test_demo_year_has_the_published_mix_and_numbers_keep_counting(alice, kr_centre):
    for _ in range(30):
        t.give_status(t.PersonFactory(), "combatant")
    out = io.StringIO()
    cases_demo.seed(rng=random.Random(3), stdout=out)
    appeals_demo.seed(rng=random.Random(3), stdout=out)
    assert SupportCase.objects.count() == 30
    issues = Issue.objects.count()
    assert 2.8 < issues / Appeal.objects.count() < 3.6
    resolved = Issue.objects.filter(outcome=Outcome.RESOLVED).count() / issues
    assert 0.6 < resolved < 0.85
    assert Issue.objects.overdue().exists()
    from .factories import register

    fresh = register(user=alice, institution=kr_centre, applicant=t.PersonFactory())
    assert not Appeal.objects.exclude(pk=fresh.pk).filter(number=fresh.number).exists()
