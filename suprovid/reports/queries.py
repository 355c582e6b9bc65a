"""Read-only aggregates for the reports: the summary of contract.md, the dashboard, the
statutory quarterly report and open data.

Every figure is computed in the database, one query per figure group; Python only
reshapes the handful of aggregated rows that come back.

Definitions (where contract.md leaves a choice, the choice is written here):

- A record belongs to a territory when its institution does: an appeal and its issues to
  the receiving institution (the copied `territory` code on the row), positions and
  specialists to their institution.
- `appeals`: appeals received in the period. `issues`: the issues of those appeals.
- `issues_by_topic`: those issues by first-level topic (`topic_group`); every first-level
  code of contract.md is present, with 0 where none.
- `issues_by_outcome`: those issues *as of the period's end*: an issue closed on or
  before `date_to` counts under its outcome; every other issue (status open or in
  progress, or closed only after the period) counts under `"open"`. The keys are always
  the six outcomes plus `"open"`, and they add up to `issues`. The report for a past
  period therefore does not change as later work is recorded.
- `persons_helped`: distinct persons with at least one issue closed as `resolved` with
  `closed_on` inside the period, by an institution of the territory, whatever the date
  the issue was received (work finished this year on last year's appeal counts this
  year). `veterans_helped`: those of them holding a veteran status (domain.md §2) valid
  at some time within the period.
- `positions_planned`: the sum of each institution's staffing plan in force at
  `date_to` (the latest plan with `effective_from <= date_to`).
- `specialists`: specialist posts active at `date_to`; `specialists_in_healthcare`:
  those in healthcare facilities.
- `overdue_open_issues`: a snapshot at the reference day R = min(today, `date_to`):
  issues of the territory's institutions not closed by R and with `due_on` before R
  (so received before R), whatever their receipt date (the backlog counts).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Length, Substr, TruncMonth
from django.utils import timezone

from suprovid.appeals.models import Appeal, Issue, IssueStatus, Outcome
from suprovid.cases.models import CASELOAD_NORM, CaseStatus, SupportCase
from suprovid.network.models import Institution, InstitutionKind, Specialist, StaffingPlan
from suprovid.people.models import VETERAN_STATUSES, PersonStatus
from suprovid.territory.codes import prefix_q, territory_prefix
from suprovid.topics.defaults import FIRST_LEVEL

from . import rollups
from .models import UNIT_WIDTHS, AppealMonth, HelpedYear, IssueMonth
from .scope import ReportScope, report_scope

TOPIC_CODES: list[str] = [code for code, _uk, _en in FIRST_LEVEL]
OPEN = "open"
OUTCOME_KEYS: list[str] = [*Outcome.values, OPEN]
OPEN_STATUSES = [IssueStatus.OPEN, IssueStatus.IN_PROGRESS]


# --- filters shared by the summary, the dashboard and the drill-down lists -----------


def appeals_in_period(scope: ReportScope, date_from: dt.date, date_to: dt.date) -> Q:
    return Q(received_on__gte=date_from, received_on__lte=date_to) & scope.q(
        "territory", "institution_id"
    )


def issues_in_period(scope: ReportScope, date_from: dt.date, date_to: dt.date) -> Q:
    """Issues of the appeals received in the period (`received_on` is copied)."""
    return Q(received_on__gte=date_from, received_on__lte=date_to) & scope.q(
        "territory", "institution_id"
    )


def outcome_state(date_to: dt.date) -> Case:
    """The issue's outcome as of `date_to`, or "open"."""
    return Case(
        When(
            Q(status=IssueStatus.CLOSED, closed_on__lte=date_to),
            then=F("outcome"),
        ),
        default=Value(OPEN),
        output_field=CharField(),
    )


def issues_with_outcome(
    scope: ReportScope, date_from: dt.date, date_to: dt.date, outcome: str
) -> Q:
    """Issues of the period counted under `outcome` in `issues_by_outcome`."""
    q = issues_in_period(scope, date_from, date_to)
    if outcome == OPEN:
        return q & (~Q(status=IssueStatus.CLOSED) | Q(closed_on__gt=date_to))
    return q & Q(status=IssueStatus.CLOSED, closed_on__lte=date_to, outcome=outcome)


def resolved_in_period(scope: ReportScope, date_from: dt.date, date_to: dt.date) -> Q:
    return Q(
        outcome=Outcome.RESOLVED,
        closed_on__gte=date_from,
        closed_on__lte=date_to,
    ) & scope.q("territory", "institution_id")


def veteran_person_ids(date_from: dt.date, date_to: dt.date) -> QuerySet[PersonStatus, Any]:
    """Ids of persons holding a veteran status valid at some time within the period."""
    return PersonStatus.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=date_to),
        Q(valid_to__isnull=True) | Q(valid_to__gte=date_from),
        code__in=sorted(VETERAN_STATUSES),
    ).values("person_id")


def reference_day(date_to: dt.date, today: dt.date | None = None) -> dt.date:
    return min(today or timezone.localdate(), date_to)


def overdue_at(scope: ReportScope, day: dt.date) -> Q:
    """Issues of the scope open at `day` whose due date had passed (for lists)."""
    return overdue_open_now(scope, day) | overdue_closed_later(scope, day)


def overdue_open_now(scope: ReportScope, day: dt.date) -> Q:
    """Still open today and already past due at `day`.

    `due_on < day` implies the issue was received before `day` (a deadline never
    precedes receipt). Driven by the (status, due_on) index: open issues are few.
    """
    return Q(status__in=OPEN_STATUSES, due_on__lt=day) & scope.q(
        "territory", "institution_id", ranged=False
    )


def overdue_closed_later(scope: ReportScope, day: dt.date) -> Q:
    """Closed only after `day`, past due at `day`: open and overdue on that day.

    `due_on < day < closed_on` is a day inside an interval: on PostgreSQL the test is
    written as `daterange(due_on, greatest(due_on, closed_on), '()') @> day` (empty
    for an issue closed before its deadline), which the GiST index
    issue_overdue_span_idx answers directly (appeals migration 0011; for a past year's
    end, 3.3 s → ~60 ms for an oblast at national size). Elsewhere `~status__in` rather than
    `status=closed` keeps the planner on the `closed_on` index.
    """
    others = ~Q(status__in=OPEN_STATUSES) & scope.q("territory", "institution_id", ranged=False)
    if connection.vendor != "postgresql":
        return Q(closed_on__gt=day, due_on__lt=day) & others
    # Only the range test (it implies both comparisons): with `closed_on > day` beside it
    # the planner ANDs in a bitmap of every later closing (5.9 M entries, 0.5 s).
    # `closed_on IS NOT NULL` is the partial index's predicate.
    span = RawSQL(
        """daterange("appeals_issue"."due_on", greatest("appeals_issue"."due_on", """
        """"appeals_issue"."closed_on"), '()') @> %s::date""",
        [day],
        output_field=BooleanField(),
    )
    return Q(span) & Q(closed_on__isnull=False) & others


def staffing_plans_in_force(scope: ReportScope, day: dt.date) -> QuerySet[StaffingPlan, Any]:
    """For each institution of the scope, the plan in force at `day`."""
    newer = StaffingPlan.objects.filter(
        institution_id=OuterRef("institution_id"),
        effective_from__gt=OuterRef("effective_from"),
        effective_from__lte=day,
    )
    return StaffingPlan.objects.filter(
        scope.q("institution__territory", "institution_id"), effective_from__lte=day
    ).exclude(Exists(newer))


def specialists_active(scope: ReportScope, day: dt.date) -> QuerySet[Specialist, Any]:
    return Specialist.objects.active_on(day).filter(
        scope.q("institution__territory", "institution_id")
    )


# --- the summary of contract.md --------------------------------------------------------


def summary(
    *,
    date_from: dt.date,
    date_to: dt.date,
    territory_code: str | None = None,
    user: Any = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """The headline figures of contract.md ("Report summary") for a period and territory.

    `user=None` is a trusted caller (the command line); with a user, only their scope is
    counted and a territory outside it raises `ReportNotFound`. Preconditions:
    `date_from <= date_to` (else `ValueError`). A bounded number of queries whatever the
    data size (10–17, by how the period falls on months; see `rollups`).
    """
    if date_from > date_to:
        raise ValueError("date_from is after date_to")
    scope = report_scope(territory_code=territory_code, user=user)
    return summary_for_scope(scope, date_from=date_from, date_to=date_to, today=today)


def summary_for_scope(
    scope: ReportScope, *, date_from: dt.date, date_to: dt.date, today: dt.date | None = None
) -> dict[str, Any]:
    plan = rollups.plan(scope, date_from, date_to)
    appeals = count_appeals(scope, plan)

    by_topic: dict[str, int] = dict.fromkeys(TOPIC_CODES, 0)
    by_outcome: dict[str, int] = dict.fromkeys(OUTCOME_KEYS, 0)
    for (topic, state), n in topic_state_counts(scope, plan).items():
        by_topic[topic] = by_topic.get(topic, 0) + n
        by_outcome[state] = by_outcome.get(state, 0) + n

    helped = helped_counts(scope, plan, date_from)
    positions = staffing_plans_in_force(scope, date_to).aggregate(n=Sum("positions"))["n"] or 0
    staff = specialists_active(scope, date_to).aggregate(
        n=Count("id"),
        healthcare=Count("id", filter=Q(institution__kind=InstitutionKind.HEALTHCARE)),
    )
    day = reference_day(date_to, today)
    overdue = (
        Issue.objects.filter(overdue_open_now(scope, day)).count()
        + Issue.objects.filter(overdue_closed_later(scope, day)).count()
    )

    return {
        "period": {"from": date_from.isoformat(), "to": date_to.isoformat()},
        "territory": scope.territory_code,
        "appeals": appeals,
        "issues": sum(by_topic.values()),
        "issues_by_topic": by_topic,
        "issues_by_outcome": by_outcome,
        "persons_helped": helped["persons"],
        "veterans_helped": helped["veterans"],
        "positions_planned": int(positions),
        "specialists": staff["n"],
        "specialists_in_healthcare": staff["healthcare"],
        "overdue_open_issues": overdue,
    }


# --- counts over a period: whole months from the roll-ups, edge days from the rows -----


def count_appeals(scope: ReportScope, plan: rollups.Plan) -> int:
    n = sum(Appeal.objects.filter(appeals_in_period(scope, a, b)).count() for a, b in plan.edges)
    if plan.months is not None:
        n += AppealMonth.objects.filter(plan.months_q).aggregate(n=Sum("n"))["n"] or 0
    return n


def topic_state_counts(scope: ReportScope, plan: rollups.Plan) -> dict[tuple[str, str], int]:
    """Issues received in the period by (first-level topic, outcome as of its end or
    "open"), aggregated groups only."""
    date_to = plan.date_to
    counts: dict[tuple[str, str], int] = {}

    def add(key: tuple[str, str], n: int) -> None:
        counts[key] = counts.get(key, 0) + n

    for a, b in plan.edges:
        groups = (
            Issue.objects.filter(issues_in_period(scope, a, b))
            .annotate(state=outcome_state(date_to))
            .values_list("topic_group", "state")
            .annotate(n=Count("id"))
            .order_by()
        )
        for topic, state, n in groups:
            add((topic, state), n)
    if plan.months is None:
        return counts
    last_month = date_to.replace(day=1)
    rows = (
        IssueMonth.objects.filter(plan.months_q)
        .values_list("topic_group", "outcome", "closed_month")
        .annotate(n=Sum("n"))
        .order_by()
    )
    split = False
    for topic, outcome, closed_month, n in rows:
        closed = _as_date(closed_month)
        if closed < last_month or (closed == last_month and plan.exact_at_month_end):
            add((topic, outcome), n)
        else:
            add((topic, OPEN), n)
            split = split or closed == last_month
    if split:
        # Received in the whole months, closed in the period's last month: only those
        # closed by `date_to` count under their outcome (one month of closings).
        closed_by_end = (
            Issue.objects.filter(
                issues_in_period(scope, plan.months[0], plan.months_end),
                status=IssueStatus.CLOSED,
                closed_on__gte=last_month,
                closed_on__lte=date_to,
            )
            .values_list("topic_group", "outcome")
            .annotate(n=Count("id"))
            .order_by()
        )
        for topic, outcome, n in closed_by_end:
            add((topic, outcome), n)
            add((topic, OPEN), -n)
    return counts


def helped_counts(scope: ReportScope, plan: rollups.Plan, date_from: dt.date) -> dict[str, int]:
    """`persons_helped` and `veterans_helped` (distinct persons) for the period.

    A calendar year (or the year so far, when nothing was resolved after `date_to` in that
    year) for the country or an oblast is two index counts over `reports_helpedyear`
    (`rollups.helped_area`); anything else reads the resolved issues: distinct person ids
    from an index-only scan of issue_resolved_idx, and the veterans among them counted
    from the other side, as statuses semi-joined to the helped persons — PostgreSQL plans
    `status … AND person_id IN (helped)` as a hash semi-join, which spills to disk in
    batches when work_mem is small. (The former `FILTER (WHERE person_id IN (veterans))`
    was a hashed SubPlan that, once 1.4 M veteran ids no longer fitted the default 4 MB
    work_mem, rescanned the statuses per issue: 78 s for one oblast-day, #13.)
    """
    date_to = plan.date_to
    area = rollups.helped_area(plan, date_from)
    if area is not None:
        kept = HelpedYear.objects.filter(area=area, year=date_to.year).aggregate(
            persons=Count("*"), veterans=Count("veteran", filter=Q(veteran=True))
        )
        return {"persons": kept["persons"], "veterans": kept["veterans"]}
    resolved = Issue.objects.filter(resolved_in_period(scope, date_from, date_to))
    return {
        "persons": resolved.aggregate(n=Count("person_id", distinct=True))["n"],
        "veterans": veteran_person_ids(date_from, date_to)
        .filter(person_id__in=resolved.values("person_id"))
        .aggregate(n=Count("person_id", distinct=True))["n"],
    }


# --- dashboard ----------------------------------------------------------------------


def appeals_per_month(
    scope: ReportScope, date_from: dt.date, date_to: dt.date
) -> list[tuple[dt.date, int]]:
    """(first day of month, appeals received) for every month of the period, 0 included."""
    plan = rollups.plan(scope, date_from, date_to)
    counts: dict[dt.date, int] = {}
    for a, b in plan.edges:
        rows = (
            Appeal.objects.filter(appeals_in_period(scope, a, b))
            .annotate(month=TruncMonth("received_on"))
            .values_list("month")
            .annotate(n=Count("id"))
            .order_by()
        )
        for month, n in rows:
            counts[_as_date(month)] = counts.get(_as_date(month), 0) + n
    if plan.months is not None:
        kept = (
            AppealMonth.objects.filter(plan.months_q)
            .values_list("month")
            .annotate(n=Sum("n"))
            .order_by()
        )
        for month, n in kept:
            counts[_as_date(month)] = counts.get(_as_date(month), 0) + n
    return [(m, counts.get(m, 0)) for m in months_between(date_from, date_to)]


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return value  # type: ignore[no-any-return]


def months_between(date_from: dt.date, date_to: dt.date) -> list[dt.date]:
    months = []
    month = date_from.replace(day=1)
    while month <= date_to:
        months.append(month)
        if month.year == dt.MAXYEAR and month.month == 12:
            break  # no month after December 9999
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def caseload(scope: ReportScope) -> list[dict[str, Any]]:
    """Open support cases per specialist (users) of the scope's institutions, busiest first."""
    rows = (
        SupportCase.objects.filter(
            scope.q("institution__territory", "institution_id"),
            status=CaseStatus.OPEN,
            specialist__isnull=False,
        )
        .values("specialist_id", "specialist__full_name", "specialist__email")
        .annotate(open_cases=Count("id"))
        .order_by("-open_cases", "specialist__full_name")
    )
    return [
        {
            "specialist_id": r["specialist_id"],
            "name": r["specialist__full_name"] or r["specialist__email"],
            "open_cases": r["open_cases"],
            "over_norm": r["open_cases"] > CASELOAD_NORM,
        }
        for r in rows
    ]


def positions_by_institution(scope: ReportScope, day: dt.date) -> list[dict[str, Any]]:
    """Positions planned at `day` and specialist posts filled at `day`, per institution."""
    plan = (
        StaffingPlan.objects.filter(institution_id=OuterRef("pk"), effective_from__lte=day)
        .order_by("-effective_from")
        .values("positions")[:1]
    )
    filled = (
        Specialist.objects.active_on(day)
        .filter(institution_id=OuterRef("pk"))
        .order_by()
        .values("institution_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    rows = (
        Institution.objects.filter(scope.q("territory", "pk"))
        .annotate(
            planned=Coalesce(Subquery(plan, output_field=IntegerField()), 0),
            filled=Coalesce(Subquery(filled, output_field=IntegerField()), 0),
        )
        .filter(Q(planned__gt=0) | Q(filled__gt=0))
        .values("pk", "code", "name", "kind", "territory_id", "planned", "filled")
        .order_by("name", "pk")
    )
    return [{**r, "vacant": max(r["planned"] - r["filled"], 0)} for r in rows]


# --- statutory quarterly report (CMU 858/2008 classifier facets) -----------------------

FACETS = ("channel", "sign", "appeal_type", "form", "author_category")


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    if quarter not in (1, 2, 3, 4):
        raise ValueError("quarter must be 1–4")
    start = dt.date(year, 3 * quarter - 2, 1)
    end = (
        dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    ) - dt.timedelta(days=1)
    return start, end


def classifier_counts(
    scope: ReportScope, date_from: dt.date, date_to: dt.date
) -> dict[str, dict[str, int]]:
    """Appeals of the period counted by each classifier facet, in one grouped query."""
    result: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
    rows = (
        Appeal.objects.filter(appeals_in_period(scope, date_from, date_to))
        .values_list(*FACETS)
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:  # aggregated groups, not appeals
        n = row[-1]
        for facet, value in zip(FACETS, row[:-1], strict=True):
            result[facet][value] = result[facet].get(value, 0) + n
    return result


# --- open data ------------------------------------------------------------------------

SUPPRESSION_THRESHOLD = 5
# Width of the КАТОТТГ prefix shared by a unit and its descendants, by level.
LEVEL_PREFIX = {1: 4, 2: 6, 3: 9}


def open_data_groups(
    scope: ReportScope, date_from: dt.date, date_to: dt.date, level: int
) -> list[dict[str, Any]]:
    """Issues of the period by territory unit (at `level`), topic and month, unsuppressed.

    Counts only; nothing identifies a person. The caller suppresses small cells.
    """
    width = LEVEL_PREFIX[level]
    plan = rollups.plan(scope, date_from, date_to)
    if width > max(UNIT_WIDTHS):  # hromadas: finer than the roll-up's units
        plan = rollups.rows_only(date_from, date_to)
    cells: dict[tuple[str, dt.date, str], list[int]] = {}

    def add(unit: str, month: Any, topic: str, issues: int, resolved: int) -> None:
        cell = cells.setdefault((unit, _as_date(month), topic), [0, 0])
        cell[0] += issues
        cell[1] += resolved

    resolved_by_end = Q(status=IssueStatus.CLOSED, outcome=Outcome.RESOLVED, closed_on__lte=date_to)
    for a, b in plan.edges:
        rows = (
            Issue.objects.filter(issues_in_period(scope, a, b))
            .annotate(unit=Substr("territory_id", 1, width), month=TruncMonth("received_on"))
            .values_list("unit", "month", "topic_group")
            .annotate(issues=Count("id"), resolved=Count("id", filter=resolved_by_end))
            .order_by()
        )
        for row in rows:
            add(*row)
    if plan.months is not None:
        last_month = date_to.replace(day=1)
        closed_by_then = Q(closed_month__lt=last_month)
        if plan.exact_at_month_end:
            closed_by_then |= Q(closed_month=last_month)
        # Units of the level asked for, or the scope's own when it is narrower (a raion's
        # figures under its oblast's name count only that raion).
        kept = (
            IssueMonth.objects.annotate(unit_width=Length("unit"))
            .filter(plan.units_q(max(width, len(plan.unit))))
            .annotate(u=Substr("unit", 1, width))
            .values_list("u", "month", "topic_group")
            .annotate(
                issues=Sum("n"),
                resolved=Coalesce(Sum("n", filter=Q(outcome=Outcome.RESOLVED) & closed_by_then), 0),
            )
            .order_by()
        )
        for row in kept:
            add(*row)
        if not plan.exact_at_month_end:
            # Resolved in the period's last month, by `date_to` (see `topic_state_counts`).
            late = (
                Issue.objects.filter(
                    issues_in_period(scope, plan.months[0], plan.months_end),
                    resolved_by_end,
                    closed_on__gte=last_month,
                )
                .annotate(unit=Substr("territory_id", 1, width), month=TruncMonth("received_on"))
                .values_list("unit", "month", "topic_group")
                .annotate(n=Count("id"))
                .order_by()
            )
            for unit, month, topic, n in late:
                add(unit, month, topic, 0, n)
    units = _units_by_prefix(level, {unit for unit, _m, _t in cells})
    return [
        {
            "territory_code": units.get(unit, ("", ""))[0],
            "territory_name": units.get(unit, ("", ""))[1],
            "topic": topic,
            "month": month.strftime("%Y-%m"),
            "issues": issues,
            "resolved": resolved,
            "unit": unit,  # the code prefix of the unit (also for rows of no named unit)
        }
        for (unit, month, topic), (issues, resolved) in sorted(cells.items())
        if issues  # a roll-up cell emptied by deletions
    ]


def _units_by_prefix(level: int, prefixes: Iterable[str]) -> dict[str, tuple[str, str]]:
    from suprovid.territory.models import Territory

    wanted = set(prefixes)
    if not wanted:
        return {}
    q = Q(pk__in=[])
    for prefix in wanted:
        q |= prefix_q("code", prefix)
    units: dict[str, tuple[str, str]] = {}
    for code, name in Territory.objects.filter(q, level=level).values_list("code", "name"):
        key = territory_prefix(code)[: LEVEL_PREFIX[level]]
        if key in wanted:
            units[key] = (code, name)
    return units


def suppress(value: int) -> int | None:
    """Cells below the threshold are withheld (None): they could single out a person."""
    return value if value >= SUPPRESSION_THRESHOLD else None


def open_data(
    scope: ReportScope, date_from: dt.date, date_to: dt.date, level: int
) -> list[dict[str, Any]]:
    """`open_data_groups` with every count below the threshold withheld (None).

    A withheld cell must not be recoverable by subtraction: the units of one parent
    (all oblasts of the scope at level 1, the raions of one oblast at level 2, …) add up,
    for a topic and month, to a figure published elsewhere (the parent's own row at the
    level above, or the summary). So where exactly one cell of such a group of siblings
    is withheld, the smallest shown sibling is withheld too (complementary suppression):
    the subtraction then gives only the sum of two or more withheld cells.
    """
    rows = open_data_groups(scope, date_from, date_to, level)
    parent_width = LEVEL_PREFIX.get(level - 1, 2)  # "UA": every unit of the scope
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for row in rows:
        key = (row["unit"][:parent_width], row["topic"], row["month"])
        groups.setdefault(key, []).append(row)
    withheld: dict[int, set[str]] = {id(row): set() for row in rows}
    for siblings in groups.values():
        for column in ("issues", "resolved"):
            small = [r for r in siblings if r[column] < SUPPRESSION_THRESHOLD]
            shown = [r for r in siblings if r[column] >= SUPPRESSION_THRESHOLD]
            for r in small:
                withheld[id(r)].add(column)
            if len(small) == 1 and shown:
                withheld[id(min(shown, key=lambda r: r[column]))].add(column)
    return [
        {
            **{k: v for k, v in row.items() if k != "unit"},
            "issues": None if "issues" in withheld[id(row)] else row["issues"],
            "resolved": None if "resolved" in withheld[id(row)] else row["resolved"],
        }
        for row in rows
    ]


# --- programmes (shown only where the programmes app provides its models) -------------


def programme_figures(
    scope: ReportScope, date_from: dt.date, date_to: dt.date
) -> dict[str, Any] | None:
    """Budget execution by direction (the year of `date_to`) and distribution progress.

    The programmes app is optional for the dashboard: without its models the dashboard
    shows no programme section. Directions and distributions belong to their owner
    territory (and responsible institution), so the report scope applies to them as to
    institutions. Two queries.
    """
    try:
        from suprovid.programmes.budgets import with_budget
        from suprovid.programmes.models import Delivery, Direction, Distribution, Recipient
    except ImportError:  # pragma: no cover - a build without the programmes app
        return None
    year = date_to.year
    directions = Direction.objects.filter(scope.q("territory", "institution_id"))
    budget = [
        {
            "pk": d.pk,
            "name": d.name,
            "planned": d.planned,  # type: ignore[attr-defined]
            "spent": d.delivered + d.paid,  # type: ignore[attr-defined]
            "committed": d.committed,  # type: ignore[attr-defined]
            "percent": (
                round(float((d.delivered + d.paid) * 100 / d.planned), 1)  # type: ignore[attr-defined]
                if d.planned  # type: ignore[attr-defined]
                else None
            ),
        }
        for d in with_budget(directions.order_by("name", "id"), year)
    ]
    recipients = (
        Recipient.objects.filter(distribution_id=OuterRef("pk"))
        .order_by()
        .values("distribution_id")
        .annotate(n=Count("person_id", distinct=True))
        .values("n")
    )
    served = (
        Delivery.objects.filter(distribution_id=OuterRef("pk"))
        .order_by()
        .values("distribution_id")
        .annotate(n=Count("person_id", distinct=True))
        .values("n")
    )
    distributions = list(
        Distribution.objects.filter(
            scope.q("service__direction__territory", "service__direction__institution_id"),
            starts_on__lte=date_to,
            ends_on__gte=date_from,
        )
        .annotate(
            expected=Coalesce(Subquery(recipients, output_field=IntegerField()), 0),
            served=Coalesce(Subquery(served, output_field=IntegerField()), 0),
        )
        .values("pk", "name", "starts_on", "ends_on", "expected", "served")
        .order_by("-starts_on", "pk")
    )
    if not budget and not distributions:
        return None
    return {"year": year, "budget": budget, "distributions": distributions}
