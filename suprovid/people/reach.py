"""Where each person is reached: the derived `PersonReach` rows and how they are kept.

A person is visible where they are registered, where their record is kept, and where
their issues are handled (`PersonQuerySet.visible_to`). Those facts live in several apps'
tables; evaluating them per person (`… OR EXISTS (issues in my scope)`) costs a subquery
per row and grows with the country. Instead every fact is copied, as a row of
(person, territory, institution, assignee), into one indexed table, and visibility is a
single semi-join on it.

Sources. Each app that holds such facts registers a *source* from its `AppConfig.ready()`:
a function that, given a queryset filter on the person column (or `None` for all), returns
a `values_list(person_id, territory_id, institution_id, assignee_id)` queryset:

    register_reach_source("appeals.issue", issue_reach_source)

The person's own record is the source this module registers itself.

Keeping it. Every service or import that creates a person or an issue, or changes one of
those columns, calls `refresh_reach(person_ids)` inside its transaction; bulk paths (the
demo, the journal import, the benches) call it with all their persons or `rebuild_reach()`.
Both are set-based (`DELETE` + `INSERT … SELECT … UNION …`). `reach_drift()` compares the
table with its sources (`manage.py reach --check`; the test suite checks it after every
test that touched the database, so a write path that forgets to refresh fails its test).
"""

# The SQL below is assembled from the quoted table name, fixed column names and querysets
# the ORM compiled (values passed as parameters): nothing from a user reaches the text.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection, models
from django.db.models import IntegerField, Q, QuerySet, Value

# (person filter or None) -> values_list(person_id, territory_id, institution_id, assignee_id)
ReachSource = Callable[[list[int] | None], QuerySet[Any, Any]]

REACH_SOURCES: dict[str, ReachSource] = {}

_CHUNK = 500
_COLUMNS = "person_id, territory_id, institution_id, assignee_id"


def register_reach_source(label: str, source: ReachSource) -> None:
    """Register `source` under `label` (an `app.model` name; registering again replaces)."""
    REACH_SOURCES[label] = source


def person_reach_source(person_ids: list[int] | None) -> QuerySet[Any, Any]:
    """The person's own record: registered residence and keeping institution."""
    from .models import Person

    qs = Person.objects.all()
    if person_ids is not None:
        qs = qs.filter(pk__in=person_ids)
    qs = qs.filter(Q(territory__isnull=False) | Q(institution__isnull=False))
    return qs.order_by().values_list(
        "pk", "territory_id", "institution_id", Value(None, output_field=IntegerField())
    )


register_reach_source("people.person", person_reach_source)


def _sources_sql(person_ids: list[int] | None) -> tuple[str, list[Any]]:
    """`SELECT … UNION SELECT …` over every registered source (duplicates removed)."""
    parts: list[str] = []
    params: list[Any] = []
    for source in REACH_SOURCES.values():
        sql, source_params = source(person_ids).query.sql_with_params()
        parts.append(sql)
        params.extend(source_params)
    return " UNION ".join(parts), params


def _table() -> str:
    from .models import PersonReach

    return connection.ops.quote_name(PersonReach._meta.db_table)


def refresh_reach(person_ids: Iterable[int | None]) -> None:
    """Recompute the reach rows of these persons from the sources (call inside the
    transaction that changed them). `None`s are ignored, so `issue.person_id` can be
    passed as is."""
    ids = sorted({pk for pk in person_ids if pk is not None})
    table = _table()
    with connection.cursor() as cursor:
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {table} WHERE person_id IN ({marks})", chunk)
            sql, params = _sources_sql(chunk)
            cursor.execute(f"INSERT INTO {table} ({_COLUMNS}) {sql}", params)


def rebuild_reach() -> int:
    """Recompute the whole table (bulk loads, `manage.py reach --rebuild`); returns rows."""
    table = _table()
    sql, params = _sources_sql(None)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")
        cursor.execute(f"INSERT INTO {table} ({_COLUMNS}) {sql}", params)
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def reach_drift(limit: int = 20) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """(rows the sources imply but the table lacks, rows the table has but no source
    implies), at most `limit` of each. Both empty when the table is right."""
    table = _table()
    sql, params = _sources_sql(None)
    stored = f"SELECT {_COLUMNS} FROM {table}"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT * FROM ({sql}) AS expected EXCEPT {stored} LIMIT {int(limit)}", params
        )
        missing = [tuple(r) for r in cursor.fetchall()]
        cursor.execute(
            f"SELECT * FROM ({stored}) AS stored EXCEPT SELECT * FROM ({sql}) AS expected "
            f"LIMIT {int(limit)}",
            params,
        )
        extra = [tuple(r) for r in cursor.fetchall()]
    return missing, extra


def is_reach_model(model: type[models.Model]) -> bool:
    """The derived table itself (merge and similar walks over Person's relations skip it)."""
    from .models import PersonReach

    return model is PersonReach
