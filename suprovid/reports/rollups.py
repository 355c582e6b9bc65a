"""Monthly roll-ups of appeals and issues, kept by database triggers (issue #13).

At national size (19.5 M issues) every territory-wide figure read straight from the issues
costs seconds: an oblast-year is ~200,000 issues to group, the country-year 4.8 M. The
roll-ups hold the same counts already grouped by *unit* (the first six characters of the
institution's КАТОТТГ code: oblast + raion), month of receipt, first-level topic and state
(outcome and month of closing, or not closed) — ~100 times fewer rows than issues.

Why triggers, not the services: appeals and issues are written by the services, the journal
import (bulk), merges, data migrations, the bench loader and the admin. A trigger keeps the
roll-up exact in the same transaction whatever the path, including raw SQL. On PostgreSQL
it is a statement-level trigger with transition tables, so a 100,000-row `COPY` or bulk
insert costs one grouped upsert, not 100,000; on SQLite a row trigger (an upsert per row).
The upserts of one statement are ordered by key, so two transactions lock roll-up rows in
the same order (no deadlock between two single-statement writes); writers in one raion and
month briefly queue on the same row until commit, which at the national rate (~2,500
issues per working day, ~20 a day per raion) is no contention.

What a roll-up can answer exactly: receipts over *whole months* (the first to the last day
of a month), for a scope that is a union of whole units — the country, an oblast or a raion,
for a reader whose own scope is such a territory. Edge days of a period that starts or ends
inside a month, hromada-level or institution-level scopes are read from the issues
directly: they are small. An outcome "as of the period's end" is exact from `closed_month`
when the period ends on a month's last day; when it ends inside month M, issues closed in M
are split by one direct query over that month's closings (`closed_on` index).

`check_rollups` (management command) recomputes both tables from the rows and reports any
difference; `--rebuild` rewrites them (e.g. after restoring a dump taken without triggers).
"""

# SQL is built only from the table and column names of TABLES below, never from input.
# ruff: noqa: S608

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.models import Q

from suprovid.appeals.models import Issue, Outcome
from suprovid.network.models import Institution
from suprovid.people.models import VETERAN_STATUSES
from suprovid.territory.codes import prefix_q, territory_prefix

from .models import NOT_CLOSED, UNIT_WIDTHS
from .scope import ReportScope

ISSUE_KEYS = ("unit", "month", "topic_group", "outcome", "closed_month")
APPEAL_KEYS = ("unit", "month")


def _issue_key_sql(vendor: str, row: str, width: int) -> str:
    """The roll-up key of an issue row (`row` is a table alias or NEW/OLD) at one unit
    width."""
    if vendor == "postgresql":
        month = f"date_trunc('month', {row}.received_on)::date"
        closed = f"date_trunc('month', {row}.closed_on)::date"
        not_closed = f"DATE '{NOT_CLOSED}'"
    else:
        month = f"substr({row}.received_on, 1, 7) || '-01'"
        closed = f"substr({row}.closed_on, 1, 7) || '-01'"
        not_closed = f"'{NOT_CLOSED}'"
    is_closed = f"{row}.status = 'closed' AND {row}.closed_on IS NOT NULL"
    return (
        f"substr({row}.territory_id, 1, {width}), {month}, {row}.topic_group, "
        f"CASE WHEN {is_closed} THEN {row}.outcome ELSE '' END, "
        f"CASE WHEN {is_closed} THEN {closed} ELSE {not_closed} END"
    )


def _appeal_key_sql(vendor: str, row: str, width: int) -> str:
    if vendor == "postgresql":
        month = f"date_trunc('month', {row}.received_on)::date"
    else:
        month = f"substr({row}.received_on, 1, 7) || '-01'"
    return f"substr({row}.territory_id, 1, {width}), {month}"


TABLES = {
    # roll-up table, source table, key columns, key expression
    "issue": ("reports_issuemonth", "appeals_issue", ISSUE_KEYS, _issue_key_sql),
    "appeal": ("reports_appealmonth", "appeals_appeal", APPEAL_KEYS, _appeal_key_sql),
}


def _pg_trigger_sql(name: str) -> list[str]:
    rollup, source, keys, key_sql = TABLES[name]
    cols = ", ".join(keys)
    positions = ", ".join(str(i + 1) for i in range(len(keys)))
    old = " UNION ALL ".join(
        f"SELECT {key_sql('postgresql', 'o', w)}, -1 FROM old_rows o" for w in UNIT_WIDTHS
    )
    new = " UNION ALL ".join(
        f"SELECT {key_sql('postgresql', 'n', w)}, 1 FROM new_rows n" for w in UNIT_WIDTHS
    )

    def upsert(parts: str) -> str:
        return (
            f"INSERT INTO {rollup} AS r ({cols}, n) "
            f"SELECT {cols}, sum(d)::int FROM ({parts}) AS t ({cols}, d) "
            f"GROUP BY {positions} HAVING sum(d) <> 0 ORDER BY {positions} "
            f"ON CONFLICT ({cols}) DO UPDATE SET n = r.n + excluded.n;"
        )

    function = f"{rollup}_keep"
    return [
        f"""
        CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN {upsert(new)}
            ELSIF TG_OP = 'DELETE' THEN {upsert(old)}
            ELSE {upsert(old + " UNION ALL " + new)}
            END IF;
            RETURN NULL;
        END $$;
        """,
        f"CREATE TRIGGER {rollup}_ins AFTER INSERT ON {source} REFERENCING NEW TABLE AS "
        f"new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}();",
        f"CREATE TRIGGER {rollup}_upd AFTER UPDATE ON {source} REFERENCING OLD TABLE AS "
        f"old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}();",
        f"CREATE TRIGGER {rollup}_del AFTER DELETE ON {source} REFERENCING OLD TABLE AS "
        f"old_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}();",
    ]


def _sqlite_trigger_sql(name: str) -> list[str]:
    rollup, source, keys, key_sql = TABLES[name]
    cols = ", ".join(keys)

    def upsert(row: str, delta: int) -> str:
        return " ".join(
            f"INSERT INTO {rollup} ({cols}, n) VALUES ({key_sql('sqlite', row, w)}, {delta}) "
            f"ON CONFLICT ({cols}) DO UPDATE SET n = n + excluded.n;"
            for w in UNIT_WIDTHS
        )

    return [
        f"CREATE TRIGGER {rollup}_ins AFTER INSERT ON {source} BEGIN {upsert('NEW', 1)} END;",
        f"CREATE TRIGGER {rollup}_upd AFTER UPDATE ON {source} BEGIN "
        f"{upsert('OLD', -1)} {upsert('NEW', 1)} END;",
        f"CREATE TRIGGER {rollup}_del AFTER DELETE ON {source} BEGIN {upsert('OLD', -1)} END;",
    ]


def _rebuild_sql(vendor: str, name: str) -> list[str]:
    rollup, source, keys, key_sql = TABLES[name]
    cols = ", ".join(keys)
    positions = ", ".join(str(i + 1) for i in range(len(keys)))
    return [
        f"DELETE FROM {rollup};",
        *(
            f"INSERT INTO {rollup} ({cols}, n) SELECT {key_sql(vendor, 's', w)}, count(*) "
            f"FROM {source} s GROUP BY {positions};"
            for w in UNIT_WIDTHS
        ),
    ]


# --- persons helped per year (reports_helpedyear) -----------------------------------------
#
# `persons_helped` and `veterans_helped` are exact distinct counts: a person helped twice
# counts once. A monthly roll-up cannot add them up, so the distinct persons themselves are
# kept, per calendar year of closing and per area (the country, each oblast), with the
# number of their resolved issues there (to know when the last one is reopened) and a
# veteran flag (a veteran status valid at some time in that year). Counting a year is then
# counting index entries, not de-duplicating millions of issues. Statuses have their own
# triggers: a status granted, changed, ended or moved by a merge updates the person's flags.

HELPED_AREA_WIDTHS = (2, 4)  # "UA" (the country) and "UA" + oblast


def _veteran_codes() -> str:
    # The codes are fixed identifiers of the classifier (people.models.StatusCode); a change
    # of the set needs a migration that reinstalls these triggers (see `check_rollups`).
    return ", ".join(f"'{code}'" for code in sorted(VETERAN_STATUSES))


def _year_sql(vendor: str, date: str) -> str:
    if vendor == "postgresql":
        return f"extract(year from {date})::int"
    return f"CAST(substr({date}, 1, 4) AS INTEGER)"


def _veteran_sql(vendor: str, person: str, year: str) -> str:
    """Whether `person` held a veteran status valid at some time within `year`."""
    if vendor == "postgresql":
        first, last = f"make_date({year}, 1, 1)", f"make_date({year}, 12, 31)"
    else:
        first, last = f"printf('%04d-01-01', {year})", f"printf('%04d-12-31', {year})"
    return (
        f"EXISTS (SELECT 1 FROM people_personstatus s WHERE s.person_id = {person} "
        f"AND s.code IN ({_veteran_codes()}) "
        f"AND (s.valid_from IS NULL OR s.valid_from <= {last}) "
        f"AND (s.valid_to IS NULL OR s.valid_to >= {first}))"
    )


def _helped_rows_sql(vendor: str, source: str, sign: str) -> str:
    """(area, year, person_id, d) for each resolved issue of `source` and each area."""
    resolved = f"{source}.outcome = 'resolved' AND {source}.closed_on IS NOT NULL"
    year = _year_sql(vendor, f"{source}.closed_on")
    return " UNION ALL ".join(
        f"SELECT substr({source}.territory_id, 1, {width}) AS area, {year} AS year, "
        f"{source}.person_id AS person_id, {sign} AS d "
        f"FROM {_source_table(source)} WHERE {resolved}"
        for width in HELPED_AREA_WIDTHS
    )


def _source_table(alias: str) -> str:
    """`old_rows o`, `new_rows n` (transition tables) or `appeals_issue s`."""
    return {"o": "old_rows o", "n": "new_rows n", "s": "appeals_issue s"}[alias]


def _helped_upsert_sql(vendor: str, parts: str) -> str:
    veteran = _veteran_sql(vendor, "t.person_id", "t.year")
    return (
        "INSERT INTO reports_helpedyear AS r (area, year, person_id, n, veteran) "
        f"SELECT area, year, person_id, sum(d), {veteran} "
        f"FROM ({parts}) AS t "
        "GROUP BY area, year, person_id HAVING sum(d) <> 0 ORDER BY area, year, person_id "
        "ON CONFLICT (area, year, person_id) DO UPDATE SET n = r.n + excluded.n;"
    )


def _status_refresh_sql(vendor: str, persons: str) -> str:
    veteran = _veteran_sql(vendor, "reports_helpedyear.person_id", "reports_helpedyear.year")
    return (
        f"UPDATE reports_helpedyear SET veteran = {veteran} "
        f"WHERE person_id IN ({persons}) AND veteran <> {veteran};"
    )


def _helped_pg_sql() -> list[str]:
    pg = "postgresql"
    old, new = _helped_rows_sql(pg, "o", "-1"), _helped_rows_sql(pg, "n", "1")
    prune = (
        "DELETE FROM reports_helpedyear "
        "WHERE n <= 0 AND person_id IN (SELECT person_id FROM old_rows);"
    )
    persons = "SELECT person_id FROM {}"
    both = persons.format("old_rows") + " UNION " + persons.format("new_rows")
    return [
        f"""
        CREATE OR REPLACE FUNCTION reports_helpedyear_keep() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN {_helped_upsert_sql(pg, new)}
            ELSIF TG_OP = 'DELETE' THEN {_helped_upsert_sql(pg, old)} {prune}
            ELSE {_helped_upsert_sql(pg, old + " UNION ALL " + new)} {prune}
            END IF;
            RETURN NULL;
        END $$;
        """,
        f"""
        CREATE OR REPLACE FUNCTION reports_helpedyear_status() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN {_status_refresh_sql(pg, persons.format("new_rows"))}
            ELSIF TG_OP = 'DELETE' THEN {_status_refresh_sql(pg, persons.format("old_rows"))}
            ELSE {_status_refresh_sql(pg, both)}
            END IF;
            RETURN NULL;
        END $$;
        """,
        *(
            f"CREATE TRIGGER reports_helpedyear_{suffix} AFTER {event} ON {table} "
            f"REFERENCING {refs} FOR EACH STATEMENT EXECUTE FUNCTION {function}();"
            for table, function in (
                ("appeals_issue", "reports_helpedyear_keep"),
                ("people_personstatus", "reports_helpedyear_status"),
            )
            for suffix, event, refs in (
                ("ins", "INSERT", "NEW TABLE AS new_rows"),
                ("upd", "UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
                ("del", "DELETE", "OLD TABLE AS old_rows"),
            )
            for suffix in [suffix if table == "appeals_issue" else f"st{suffix}"]
        ),
    ]


def _helped_sqlite_sql() -> list[str]:
    sq = "sqlite"
    resolved = "{r}.outcome = 'resolved' AND {r}.closed_on IS NOT NULL"

    def plus(r: str) -> str:
        year = _year_sql(sq, f"{r}.closed_on")
        return " ".join(
            "INSERT INTO reports_helpedyear (area, year, person_id, n, veteran) "
            f"VALUES (substr({r}.territory_id, 1, {w}), {year}, {r}.person_id, 1, "
            f"{_veteran_sql(sq, f'{r}.person_id', year)}) "
            "ON CONFLICT (area, year, person_id) DO UPDATE SET n = n + 1;"
            for w in HELPED_AREA_WIDTHS
        )

    def minus(r: str) -> str:
        year = _year_sql(sq, f"{r}.closed_on")
        return " ".join(
            "UPDATE reports_helpedyear SET n = n - 1 "
            f"WHERE area = substr({r}.territory_id, 1, {w}) AND year = {year} "
            f"AND person_id = {r}.person_id; "
            f"DELETE FROM reports_helpedyear WHERE area = substr({r}.territory_id, 1, {w}) "
            f"AND year = {year} AND person_id = {r}.person_id AND n <= 0;"
            for w in HELPED_AREA_WIDTHS
        )

    def refresh(r: str) -> str:
        return _status_refresh_sql(sq, f"{r}.person_id")

    old, new = resolved.format(r="OLD"), resolved.format(r="NEW")
    return [
        f"CREATE TRIGGER reports_helpedyear_ins AFTER INSERT ON appeals_issue WHEN {new} "
        f"BEGIN {plus('NEW')} END;",
        # Two update triggers: the old state leaves, the new one arrives.
        f"CREATE TRIGGER reports_helpedyear_upd AFTER UPDATE ON appeals_issue WHEN {old} "
        f"BEGIN {minus('OLD')} END;",
        f"CREATE TRIGGER reports_helpedyear_upd2 AFTER UPDATE ON appeals_issue WHEN {new} "
        f"BEGIN {plus('NEW')} END;",
        f"CREATE TRIGGER reports_helpedyear_del AFTER DELETE ON appeals_issue WHEN {old} "
        f"BEGIN {minus('OLD')} END;",
        "CREATE TRIGGER reports_helpedyear_stins AFTER INSERT ON people_personstatus "
        f"BEGIN {refresh('NEW')} END;",
        "CREATE TRIGGER reports_helpedyear_stupd AFTER UPDATE ON people_personstatus "
        f"BEGIN {refresh('OLD')} {refresh('NEW')} END;",
        "CREATE TRIGGER reports_helpedyear_stdel AFTER DELETE ON people_personstatus "
        f"BEGIN {refresh('OLD')} END;",
    ]


def _helped_source_sql(vendor: str) -> str:
    """The table's content recomputed from the issues and statuses."""
    veteran = _veteran_sql(vendor, "t.person_id", "t.year")
    return (
        f"SELECT area, year, person_id, count(*), {veteran} "
        f"FROM ({_helped_rows_sql(vendor, 's', '1')}) AS t "
        "GROUP BY area, year, person_id"
    )


def _helped_trigger_names(vendor: str) -> list[str]:
    names = ["ins", "upd", "del", "stins", "stupd", "stdel"]
    if vendor != "postgresql":
        names.append("upd2")
    return [f"reports_helpedyear_{n}" for n in names]


def install_helped(schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    statements = _helped_pg_sql() if vendor == "postgresql" else _helped_sqlite_sql()
    for sql in [*statements, *_helped_rebuild_sql(vendor)]:
        schema_editor.execute(sql)


def uninstall_helped(schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    for name in _helped_trigger_names(vendor):
        table = "people_personstatus" if "_st" in name else "appeals_issue"
        on = f" ON {table}" if vendor == "postgresql" else ""
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}{on};")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS reports_helpedyear_keep();")
        schema_editor.execute("DROP FUNCTION IF EXISTS reports_helpedyear_status();")


def _helped_rebuild_sql(vendor: str) -> list[str]:
    return [
        "DELETE FROM reports_helpedyear;",
        "INSERT INTO reports_helpedyear (area, year, person_id, n, veteran) "
        f"{_helped_source_sql(vendor)};",
    ]


def install(schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Create the triggers and fill the roll-ups from the rows already there (migration)."""
    vendor = schema_editor.connection.vendor
    for name in TABLES:
        statements = _pg_trigger_sql(name) if vendor == "postgresql" else _sqlite_trigger_sql(name)
        for sql in [*statements, *_rebuild_sql(vendor, name)]:
            schema_editor.execute(sql)


def uninstall(schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    for rollup, source, _keys, _sql in TABLES.values():
        for suffix in ("ins", "upd", "del"):
            on = f" ON {source}" if vendor == "postgresql" else ""
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {rollup}_{suffix}{on};")
        if vendor == "postgresql":
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {rollup}_keep();")


def _has_helped_table() -> bool:
    return "reports_helpedyear" in connection.introspection.table_names()


def installed() -> bool:
    """Whether all the triggers exist (SQLite drops a table's triggers when a migration
    rebuilds the table, so `post_migrate` checks this after every migration)."""
    suffixes = ("ins", "upd", "del")
    names = [f"{rollup}_{suffix}" for rollup, *_ in TABLES.values() for suffix in suffixes]
    if _has_helped_table():
        names += _helped_trigger_names(connection.vendor)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname = ANY(%s)", [names])
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {row[0] for row in cursor.fetchall()}
    return set(names) <= present


def ensure_installed(*, using: str = DEFAULT_DB_ALIAS, **_kwargs: Any) -> None:
    """After migrations: put back missing triggers and refill the roll-ups (a no-op when all
    triggers are there, the usual case). Only the primary database: a replica is a copy."""
    from django.db.migrations.recorder import MigrationRecorder

    if using != DEFAULT_DB_ALIAS:
        return

    if not MigrationRecorder(connection).migration_qs.filter(app="reports").exists():
        return  # the roll-up tables do not exist yet
    if installed():
        return
    with connection.cursor() as cursor:  # not a schema editor: SQLite refuses one in a transaction
        editor = _CursorEditor(connection, cursor)
        uninstall(editor)  # type: ignore[arg-type]
        install(editor)  # type: ignore[arg-type]
        if _has_helped_table():
            uninstall_helped(editor)  # type: ignore[arg-type]
            install_helped(editor)  # type: ignore[arg-type]


@dataclass
class _CursorEditor:
    """What `install` needs of a schema editor: the connection and `execute`."""

    connection: Any
    cursor: Any

    def execute(self, sql: str) -> None:
        self.cursor.execute(sql)


@contextmanager
def suspended() -> Iterator[None]:
    """For bulk loaders: no triggers while loading, then the triggers back and the tables
    refilled from the rows — one grouped pass instead of SQLite's upsert per row (with the
    row triggers, `make bench`'s 1,000,000 issues took 444 s to build on SQLite)."""
    with connection.cursor() as cursor:
        editor = _CursorEditor(connection, cursor)
        uninstall(editor)  # type: ignore[arg-type]
        uninstall_helped(editor)  # type: ignore[arg-type]
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            editor = _CursorEditor(connection, cursor)
            install(editor)  # type: ignore[arg-type]
            install_helped(editor)  # type: ignore[arg-type]


def rebuild() -> None:
    """Rewrite the roll-ups from the rows (one grouped scan of each table)."""
    with connection.cursor() as cursor:
        for name in TABLES:
            for sql in _rebuild_sql(connection.vendor, name):
                cursor.execute(sql)
        for sql in _helped_rebuild_sql(connection.vendor):
            cursor.execute(sql)


def drift() -> dict[str, list[tuple[Any, ...]]]:
    """Keys whose roll-up count differs from the rows: `{table: [(key…, kept, actual)]}`.

    Empty lists mean the roll-ups are exact. Reads both tables in full: for tests and the
    `check_rollups` command, not for requests.
    """
    result: dict[str, list[tuple[Any, ...]]] = {}
    with connection.cursor() as cursor:
        for rollup, source, keys, key_sql in TABLES.values():
            positions = ", ".join(str(i + 1) for i in range(len(keys)))
            actual = {}
            for w in UNIT_WIDTHS:
                cursor.execute(
                    f"SELECT {key_sql(connection.vendor, 's', w)}, count(*) FROM {source} s "
                    f"GROUP BY {positions}"
                )
                actual.update({_key(row[:-1]): row[-1] for row in cursor.fetchall()})
            cursor.execute(f"SELECT {', '.join(keys)}, n FROM {rollup}")
            kept = {_key(row[:-1]): row[-1] for row in cursor.fetchall()}
            result[rollup] = sorted(
                (*key, kept.get(key, 0), actual.get(key, 0))
                for key in kept.keys() | actual.keys()
                if kept.get(key, 0) != actual.get(key, 0)
            )
        cursor.execute(_helped_source_sql(connection.vendor))
        actual = {_key(row[:3]): (row[3], bool(row[4])) for row in cursor.fetchall()}
        cursor.execute("SELECT area, year, person_id, n, veteran FROM reports_helpedyear")
        kept = {_key(row[:3]): (row[3], bool(row[4])) for row in cursor.fetchall()}
        result["reports_helpedyear"] = sorted(
            (*key, kept.get(key), actual.get(key))
            for key in kept.keys() | actual.keys()
            if kept.get(key) != actual.get(key)
        )
    return result


def _key(values: Iterable[Any]) -> tuple[str, ...]:
    """Dates come back as `date` from PostgreSQL and as text from SQLite."""
    return tuple(v.isoformat() if isinstance(v, dt.date) else str(v) for v in values)


# --- reading ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """How to count the receipts of a period for a scope: whole months from the roll-ups
    (`months`, first days of the first and the last month) and the rest (`edges`, date
    ranges) from the rows. `unit` is the scope's own roll-up unit (a code prefix), "" when
    it has none or the roll-ups are switched off."""

    months: tuple[dt.date, dt.date] | None
    edges: tuple[tuple[dt.date, dt.date], ...]
    unit: str
    date_to: dt.date

    @property
    def months_q(self) -> Q:
        """Roll-up rows of exactly the scope's unit (an equality: the unique index) in the
        whole months."""
        assert self.months is not None
        return Q(unit=self.unit, month__gte=self.months[0], month__lte=self.months[1])

    def units_q(self, width: int) -> Q:
        """Roll-up rows of the units of `width` inside the scope, in the whole months (for
        open data; the caller annotates `unit_width`)."""
        assert self.months is not None
        return prefix_q("unit", self.unit) & Q(
            unit_width=width, month__gte=self.months[0], month__lte=self.months[1]
        )

    @property
    def months_end(self) -> dt.date:
        """The last day covered by the roll-up part."""
        assert self.months is not None
        return month_end(self.months[1])

    @property
    def exact_at_month_end(self) -> bool:
        """The period ends on a month's last day: a closing month alone says whether an
        issue was closed by then."""
        return self.date_to == month_end(self.date_to)


def month_end(day: dt.date) -> dt.date:
    if day.year == dt.MAXYEAR and day.month == 12:
        return dt.date.max
    nxt = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return nxt - dt.timedelta(days=1)


def rows_only(date_from: dt.date, date_to: dt.date, unit: str = "") -> Plan:
    return Plan(None, ((date_from, date_to),), unit, date_to)


def plan(scope: ReportScope, date_from: dt.date, date_to: dt.date) -> Plan:
    """Split a period into whole months (roll-ups) and edge days (rows); everything from
    the rows when the scope is not a roll-up unit, or when the setting
    `REPORTS_USE_ROLLUPS` is false (a switch for operators, and the tests' direct count)."""
    unit = scope_unit(scope) if getattr(settings, "REPORTS_USE_ROLLUPS", True) else None
    if unit is None:
        return rows_only(date_from, date_to)
    first = date_from if date_from.day == 1 else month_end(date_from) + dt.timedelta(days=1)
    last = date_to.replace(day=1) if date_to == month_end(date_to) else None
    if last is None:
        last = (date_to.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    if first > last:
        return rows_only(date_from, date_to, unit)
    edges = []
    if date_from < first:
        edges.append((date_from, first - dt.timedelta(days=1)))
    if date_to > month_end(last):
        edges.append((month_end(last) + dt.timedelta(days=1), date_to))
    return Plan((first, last), tuple(edges), unit, date_to)


def scope_unit(scope: ReportScope) -> str | None:
    """The roll-up unit equal to the scope — `UA`, an oblast's or a raion's code prefix —
    or None when the scope is not one (a hromada, an institution, a reader whose own
    institution lies outside their territory)."""
    if not scope.unlimited:
        own = scope.user_prefix or ""
        if not own:
            return None
        if scope.user_institution_id is not None:
            territory = (
                Institution.objects.filter(pk=scope.user_institution_id)
                .values_list("territory_id", flat=True)
                .first()
            )
            if not str(territory or "").startswith(own):
                return None  # the reader also sees an institution outside their territory
    if scope.territory is not None:
        # Inside the reader's own territory (report_scope refuses any other).
        unit = territory_prefix(scope.territory.pk)
    else:
        unit = "UA" if scope.unlimited else (scope.user_prefix or "")
    return unit if len(unit) in UNIT_WIDTHS else None


def helped_area(plan: Plan, date_from: dt.date) -> str | None:
    """The `reports_helpedyear` area that answers "persons helped" for this scope and
    period exactly, or None (then the issues are read).

    The period must be a calendar year, or start on 1 January and end on a day after which
    nothing was resolved that year (the year so far: closing dates are never in the
    future, so one index probe settles it). The scope must be the country or one oblast.
    """
    area, date_to = plan.unit, plan.date_to
    if (date_from.month, date_from.day) != (1, 1) or date_to.year != date_from.year:
        return None
    if len(area) not in HELPED_AREA_WIDTHS:
        return None
    if (date_to.month, date_to.day) != (12, 31):
        later = Issue.objects.filter(
            outcome=Outcome.RESOLVED,
            closed_on__gt=date_to,
            closed_on__lte=dt.date(date_to.year, 12, 31),
        )
        if later.exists():
            return None
    return area
