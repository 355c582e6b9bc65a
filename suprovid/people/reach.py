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

Tokens. The same facts are also written onto the person's own row, as the words of
`Person.reach_tokens`: every КАТОТТГ level prefix of each reach territory (`UA46`,
`UA4606`, `UA4606001`, …), `i<institution id>` and `u<assignee id>`. A user's scope is then
a handful of such words (`scope_tokens`), and on PostgreSQL "visible to me" is
`string_to_array(reach_tokens, ' ') && '{UA46,i17,u5}'` on a GIN index of the person table
itself, which the planner can AND with the trigram index of a name search: the search
reads only the matches inside the scope instead of every match in the country
(docs/performance.md). `refresh_reach` and `rebuild_reach` keep the tokens from the
rows they have just written; `token_drift()` checks them.
"""

# The SQL below is assembled from the quoted table name, fixed column names and querysets
# the ORM compiled (values passed as parameters): nothing from a user reaches the text.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection, models
from django.db.models import IntegerField, Q, QuerySet, Value

from suprovid.accounts.scope import Scope

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


# КАТОТТГ level prefixes (length) and the digits that must not be all zero for the level to
# exist (1-based start, width): a raion-level code has no hromada, so no `UA4606000` word.
_LEVELS: tuple[tuple[int, tuple[int, int] | None], ...] = (
    (4, None),
    (6, (5, 2)),
    (9, (7, 3)),
    (12, (10, 3)),
    (14, (13, 2)),
)


def scope_tokens(scope: Scope) -> list[str]:
    """The words of `Person.reach_tokens` that put a person inside `scope` (any one is
    enough); empty for a scope that reaches nothing. Not for unlimited scopes."""
    tokens = [scope.prefix] if scope.prefix else []
    if scope.institution_id is not None:
        tokens.append(f"i{scope.institution_id}")
    if scope.user_id is not None:
        tokens.append(f"u{scope.user_id}")
    return tokens


def row_tokens(
    territory_id: str | None, institution_id: int | None, assignee_id: int | None
) -> set[str]:
    """The words one reach row gives (the same rule as `_tokens_sql`)."""
    words = set()
    if territory_id:
        for length, digits in _LEVELS:
            if digits is None or territory_id[digits[0] - 1 : sum(digits) - 1] != "0" * digits[1]:
                words.add(territory_id[:length])
    if institution_id is not None:
        words.add(f"i{institution_id}")
    if assignee_id is not None:
        words.add(f"u{assignee_id}")
    return words


def _tokens_sql() -> str:
    """`SELECT person_id, tokens` from the reach table, one row per person that has any:
    its distinct words, sorted, joined by spaces (for `rebuild_tokens` and `token_drift`;
    `refresh_reach` derives the same words in Python with `row_tokens`).

    Each reach row is read once and crossed with the seven kinds of word (five territory
    levels, institution, assignee).
    """
    table = _table()
    kinds = [
        f"WHEN {n} THEN substr(territory_id, 1, {length})"
        if digits is None
        else f"WHEN {n} THEN CASE WHEN substr(territory_id, {digits[0]}, {digits[1]}) "
        f"<> '{'0' * digits[1]}' THEN substr(territory_id, 1, {length}) END"
        for n, (length, digits) in enumerate(_LEVELS, start=1)
    ]
    institution, assignee = len(_LEVELS) + 1, len(_LEVELS) + 2
    kinds.append(f"WHEN {institution} THEN 'i' || CAST(institution_id AS TEXT)")
    kinds.append(f"WHEN {assignee} THEN 'u' || CAST(assignee_id AS TEXT)")
    numbers = " UNION ALL ".join(f"SELECT {n} AS kind" for n in range(1, assignee + 1))
    words = (
        f"SELECT DISTINCT person_id, token FROM (SELECT r.person_id, CASE k.kind "
        f"{' '.join(kinds)} END AS token FROM {table} r CROSS JOIN ({numbers}) k "
        ") AS crossed WHERE token IS NOT NULL"
    )
    if connection.vendor == "postgresql":
        return (
            # Byte order, as Python's sorted() in refresh_reach.
            f"SELECT person_id, string_agg(token, ' ' ORDER BY token COLLATE \"C\") AS tokens "
            f"FROM ({words}) AS w GROUP BY person_id"
        )
    # SQLite before 3.44 has no ORDER BY inside an aggregate: group_concat keeps the order
    # of the sorted subquery it reads.
    return (
        "SELECT person_id, group_concat(token, ' ') AS tokens FROM "
        f"({words} ORDER BY person_id, token) GROUP BY person_id"
    )


def _expected_tokens_sql() -> str:
    """(id, tokens) of every person, `''` for those with no reach."""
    person = connection.ops.quote_name(_person_table())
    return (
        f"SELECT p.id AS id, COALESCE(w.tokens, '') AS tokens FROM {person} p "
        f"LEFT JOIN ({_tokens_sql()}) w ON w.person_id = p.id"
    )


def _write_tokens(cursor: Any) -> None:
    """Set `reach_tokens` from the reach rows; rows already right are not touched (no new
    row version, no index update)."""
    person = connection.ops.quote_name(_person_table())
    cursor.execute(
        f"UPDATE {person} SET reach_tokens = x.tokens "
        f"FROM ({_expected_tokens_sql()}) AS x "
        f"WHERE {person}.id = x.id AND {person}.reach_tokens <> x.tokens"
    )


def _person_table() -> str:
    from .models import Person

    return Person._meta.db_table


def refresh_reach(person_ids: Iterable[int | None]) -> None:
    """Recompute the reach rows of these persons from the sources (call inside the
    transaction that changed them). `None`s are ignored, so `issue.person_id` can be
    passed as is."""
    ids = sorted({pk for pk in person_ids if pk is not None})
    table = _table()
    person = connection.ops.quote_name(_person_table())
    with connection.cursor() as cursor:
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {table} WHERE person_id IN ({marks})", chunk)
            sql, params = _sources_sql(chunk)
            cursor.execute(f"INSERT INTO {table} ({_COLUMNS}) {sql} RETURNING {_COLUMNS}", params)
            # The words from the rows just written: reading them back in SQL cost 9.6 s for
            # the 23,000 persons of a 100,000-row journal on PostgreSQL (the table's
            # statistics are stale mid-import: seq scans, and JIT compiling each chunk).
            # Only changed rows are updated. `token_drift` checks this against the SQL.
            words: dict[int, set[str]] = {pk: set() for pk in chunk}
            for person_id, territory_id, institution_id, assignee_id in cursor.fetchall():
                words[person_id] |= row_tokens(territory_id, institution_id, assignee_id)
            # One set-based UPDATE per chunk (one statement per person cost 0.2 ms each).
            values = ", ".join(["(%s, %s)"] * len(words))
            cursor.execute(
                f"UPDATE {person} SET reach_tokens = v.tokens FROM (SELECT column1 AS id, "
                f"column2 AS tokens FROM (VALUES {values}) AS vals) AS v "
                f"WHERE {person}.id = v.id AND {person}.reach_tokens <> v.tokens",
                [x for pk, w in words.items() for x in (pk, " ".join(sorted(w)))],
            )


def rebuild_reach() -> int:
    """Recompute the whole table (bulk loads, `manage.py reach --rebuild`); returns rows."""
    table = _table()
    sql, params = _sources_sql(None)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")
        cursor.execute(f"INSERT INTO {table} ({_COLUMNS}) {sql}", params)
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        row = cursor.fetchone()
    rebuild_tokens()
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


def rebuild_tokens() -> None:
    """Recompute every person's `reach_tokens` from the reach rows as they are."""
    with connection.cursor() as cursor:
        _write_tokens(cursor)


def token_drift(limit: int = 20) -> list[tuple[int, str, str]]:
    """(person id, stored tokens, expected tokens) of persons whose `reach_tokens` do not
    match their reach rows, at most `limit`. Empty when every row is right."""
    person = connection.ops.quote_name(_person_table())
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.id, p.reach_tokens, x.tokens FROM {person} p "
            f"JOIN ({_expected_tokens_sql()}) AS x ON x.id = p.id "
            f"WHERE p.reach_tokens <> x.tokens ORDER BY p.id LIMIT {int(limit)}"
        )
        return [(int(r[0]), str(r[1]), str(r[2])) for r in cursor.fetchall()]


def is_reach_model(model: type[models.Model]) -> bool:
    """The derived table itself (merge and similar walks over Person's relations skip it)."""
    from .models import PersonReach

    return model is PersonReach
