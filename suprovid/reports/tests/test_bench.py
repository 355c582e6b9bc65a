"""The bench loader builds a database the constraints accept (`make bench` on a fresh checkout)."""

from __future__ import annotations

import pytest
from django.db.models import Count

from suprovid.appeals.models import Issue
from suprovid.cases.models import SupportCase
from suprovid.reports.bench import build

pytestmark = pytest.mark.django_db


def test_bench_build_gives_each_person_at_most_one_open_case() -> None:
    counts = build(issues=3000, log=lambda _line: None)

    assert Issue.objects.count() == 3000 == counts["issues"]
    assert counts["cases"] > 0
    heads = (
        SupportCase.objects.filter(status="open")
        .values("primary_person")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not heads.exists()


def test_bench_build_leaves_the_report_rollups_exact_and_their_triggers_in_place() -> None:
    from suprovid.reports import rollups

    build(issues=800, log=lambda _line: None)

    assert rollups.installed()
    assert all(not rows for rows in rollups.drift().values())
