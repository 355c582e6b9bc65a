"""The monthly roll-ups (reports.rollups) give the same figures as counting the rows.

Random appeals and issues in three oblasts are written, then changed the ways the product
changes them (closing, reopening, moving to another institution, deleting an appeal,
bulk updates); after each step the roll-ups must equal a recount, and every report figure
read through them must equal the same figure counted straight from the rows
(`REPORTS_USE_ROLLUPS=False`), for random periods — whole months, periods starting or
ending inside a month, a single day — and for every kind of scope.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext, override_settings

from suprovid import testing as t
from suprovid.accounts.models import Role
from suprovid.appeals.models import Appeal, Issue, IssueStatus, Outcome
from suprovid.people.models import PersonStatus
from suprovid.people.reach import refresh_reach
from suprovid.reports import queries as q
from suprovid.reports import rollups
from suprovid.reports.models import IssueMonth
from suprovid.reports.scope import report_scope

pytestmark = pytest.mark.django_db

D = dt.date
EXACT: dict[str, list[object]] = {
    "reports_issuemonth": [],
    "reports_appealmonth": [],
    "reports_helpedyear": [],
}
START = D(2025, 1, 1)
TOPICS = ["documents", "benefits", "employment", "legal", "psychological"]


@pytest.fixture
def institutions(kr_centre, zh_centre):
    return [
        kr_centre,  # a city of Dnipropetrovsk oblast
        t.InstitutionFactory(code="KR-RDA", territory_id=t.KR_RAION),  # raion level
        t.InstitutionFactory(code="DP-ODA", territory_id=t.DNIPRO_OBLAST),  # oblast level
        zh_centre,
        t.InstitutionFactory(code="KH-CSS", territory_id=t.KHERSON_HROMADA),
    ]


def _random_issues(rng: random.Random, institutions, n_appeals: int = 45) -> list[Issue]:
    persons = [t.PersonFactory() for _ in range(12)]
    for person in persons[::3]:
        t.give_status(person)  # some of the helped are veterans
    issues = []
    for _ in range(n_appeals):
        institution = rng.choice(institutions)
        received = START + dt.timedelta(days=rng.randrange(0, 200))
        appeal = None
        for _k in range(rng.choice([1, 1, 2, 3, 4])):
            state = rng.random()
            kw: dict[str, object] = {}
            if state < 0.55:
                kw = {
                    "status": IssueStatus.CLOSED,
                    "outcome": rng.choice(Outcome.values),
                    "closed_on": received + dt.timedelta(days=rng.randrange(0, 70)),
                }
            elif state < 0.7:
                kw = {"status": IssueStatus.IN_PROGRESS}
            issue = t.make_issue(
                person=rng.choice(persons),
                institution=institution,
                received_on=received,
                topic=rng.choice(TOPICS),
                appeal=appeal,
                **kw,
            )
            appeal = issue.appeal
            issues.append(issue)
    return issues


def _change_some(rng: random.Random, issues: list[Issue], institutions) -> None:
    """The writes the product makes after registration, by several paths."""
    for issue in rng.sample(issues, 8):  # closed through save()
        issue.status = IssueStatus.CLOSED
        issue.outcome = Outcome.RESOLVED
        issue.closed_on = issue.received_on + dt.timedelta(days=rng.randrange(0, 40))
        issue.save()
    for issue in rng.sample(issues, 4):  # reopened
        Issue.objects.filter(pk=issue.pk).update(
            status=IssueStatus.IN_PROGRESS, outcome="", closed_on=None
        )
    moved_to = institutions[3]
    moved = [i.pk for i in rng.sample(issues, 3)]  # handed over to another institution
    Issue.objects.filter(pk__in=moved).update(
        institution=moved_to, territory_id=moved_to.territory_id
    )
    Appeal.objects.filter(pk=rng.choice(issues).appeal_id).delete()  # its issues go too
    Issue.objects.filter(status=IssueStatus.OPEN).update(topic_group="legal")  # bulk update
    someone = rng.choice(issues)  # handed to another person (as a merge does)
    Issue.objects.filter(pk=someone.pk).update(person=rng.choice(issues).person)
    helped = [i.person for i in issues if i.outcome == Outcome.RESOLVED]
    t.give_status(helped[0])  # becomes a veteran: counted among the veterans helped
    t.give_status(
        helped[1], valid_from=D(2024, 1, 1), valid_to=D(2024, 12, 31)
    )  # a status that ended before 2025
    PersonStatus.objects.filter(person=helped[2]).delete()  # a status withdrawn
    PersonStatus.objects.filter(person=helped[3]).update(valid_from=None, valid_to=D(2024, 6, 30))
    refresh_reach(list({i.person_id for i in issues}))  # as the services do after a move


def _periods(rng: random.Random) -> list[tuple[D, D]]:
    periods = [
        (D(2025, 1, 1), D(2025, 12, 31)),  # a year: roll-ups only
        (D(2025, 1, 1), D(2025, 10, 31)),  # the year so far, nothing resolved since
        (D(2025, 1, 1), D(2025, 8, 15)),  # the year so far, resolutions since: the rows
        (D(2025, 2, 1), D(2025, 4, 30)),  # whole months
        (D(2025, 1, 15), D(2025, 3, 10)),  # starts and ends inside a month
        (D(2025, 3, 1), D(2025, 5, 20)),  # ends inside a month: the split of closings
        (D(2025, 3, 5), D(2025, 3, 25)),  # inside one month: rows only
        (D(2025, 4, 9), D(2025, 4, 9)),  # one day
    ]
    for _ in range(6):
        a = START + dt.timedelta(days=rng.randrange(0, 240))
        periods.append((a, a + dt.timedelta(days=rng.randrange(0, 200))))
    return periods


def _figures(scope, date_from, date_to, today):
    return (
        q.summary_for_scope(scope, date_from=date_from, date_to=date_to, today=today),
        q.appeals_per_month(scope, date_from, date_to),
        q.open_data_groups(scope, date_from, date_to, 1),
        q.open_data_groups(scope, date_from, date_to, 2),
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_report_figures_through_the_rollups_equal_the_direct_count(seed, institutions, make_user):
    rng = random.Random(seed)
    issues = _random_issues(rng, institutions)
    assert rollups.drift() == EXACT
    _change_some(rng, issues, institutions)
    assert rollups.drift() == EXACT

    coordinator = make_user(Role.COORDINATOR, territory_id=t.DNIPRO_OBLAST)
    raion_head = make_user(Role.COORDINATOR, territory_id=t.KR_RAION, institution=institutions[0])
    scopes = [
        report_scope(territory_code=None, user=None),  # the country
        report_scope(territory_code=t.DNIPRO_OBLAST, user=None),
        report_scope(territory_code=t.KR_RAION, user=None),
        report_scope(territory_code=t.KR_HROMADA, user=None),  # finer than a unit: rows
        report_scope(territory_code=None, user=coordinator),
        report_scope(territory_code=t.KR_RAION, user=raion_head),
    ]
    today = D(2025, 9, 1)
    read_rollups = read_helped = 0
    for date_from, date_to in _periods(rng):
        for scope in scopes:
            with CaptureQueriesContext(connection) as ctx:
                through_rollups = _figures(scope, date_from, date_to, today)
            read_rollups += any("reports_issuemonth" in x["sql"] for x in ctx.captured_queries)
            read_helped += any("reports_helpedyear" in x["sql"] for x in ctx.captured_queries)
            with override_settings(REPORTS_USE_ROLLUPS=False):
                direct = _figures(scope, date_from, date_to, today)
            assert through_rollups == direct, (scope, date_from, date_to)
    assert read_rollups >= 20  # the roll-up path was taken, not only the direct one
    assert read_helped >= 6  # the year and the year so far, for the country and oblasts
    # and the figures it gave are not all zero
    year = q.summary_for_scope(scopes[0], date_from=D(2025, 1, 1), date_to=D(2025, 12, 31))
    assert year["persons_helped"] > year["veterans_helped"] > 0


def test_a_year_for_an_oblast_is_counted_from_the_rollups_not_the_issues(
    institutions, django_assert_max_num_queries
):
    _random_issues(random.Random(7), institutions, n_appeals=10)
    scope = report_scope(territory_code=t.DNIPRO_OBLAST, user=None)
    with CaptureQueriesContext(connection) as ctx:
        result = q.summary_for_scope(scope, date_from=D(2025, 1, 1), date_to=D(2025, 12, 31))
    grouped_issues = [x["sql"] for x in ctx.captured_queries if "GROUP BY" in x["sql"].upper()]
    assert grouped_issues and all("reports_" in sql for sql in grouped_issues)
    expected = Issue.objects.filter(
        territory__code__startswith=t.DNIPRO_OBLAST[:4], received_on__year=2025
    ).count()
    assert result["issues"] == expected > 0


def test_a_trigger_lost_to_a_table_rebuild_is_put_back_after_migrate(institutions):
    issues = _random_issues(random.Random(5), institutions, n_appeals=5)
    with connection.cursor() as cursor:
        on = " ON appeals_issue" if connection.vendor == "postgresql" else ""
        cursor.execute(f"DROP TRIGGER reports_issuemonth_ins{on}")
    assert not rollups.installed()
    t.make_issue(person=issues[0].person, institution=institutions[0], received_on=START)
    assert rollups.drift()["reports_issuemonth"]  # the roll-up missed that issue

    rollups.ensure_installed()  # what post_migrate runs

    assert rollups.installed()
    assert rollups.drift() == EXACT
    t.make_issue(person=issues[0].person, institution=institutions[0], received_on=START)
    assert rollups.drift()["reports_issuemonth"] == []


def test_rebuild_rewrites_a_damaged_rollup(institutions):
    _random_issues(random.Random(6), institutions, n_appeals=5)
    IssueMonth.objects.update(n=0)
    assert rollups.drift()["reports_issuemonth"]
    rollups.rebuild()
    assert rollups.drift() == EXACT


def test_check_rollups_says_whether_they_match_and_rebuilds_them(institutions):
    from io import StringIO

    from django.core.management import CommandError, call_command

    _random_issues(random.Random(8), institutions, n_appeals=4)
    out = StringIO()
    call_command("check_rollups", stdout=out)
    assert "Зведення звітів збігаються" in out.getvalue()  # "… match …" (uk is the default)
    IssueMonth.objects.update(n=F("n") + 1)
    with pytest.raises(CommandError, match="check_rollups --rebuild"):
        call_command("check_rollups")
    call_command("check_rollups", "--rebuild", stdout=StringIO())
    call_command("check_rollups", stdout=StringIO())  # matches again: no error
