"""Bulk inserts for imports: rows written without building model instances.

`bulk_create` spends most of a large import compiling SQL (a placeholder and a
`get_db_prep_save` call per field per object) and building model instances. An import
that has already checked every row needs neither:

- ``reserve_ids(model, n)`` takes `n` primary keys for rows about to be inserted (from the
  sequence on PostgreSQL, so concurrent writers never collide; after the largest id ever
  handed out on SQLite, whose writers are serialised by the transaction's write lock);
- ``insert_rows(model, fields, rows)`` writes tuples of the named fields with ``COPY`` on
  PostgreSQL and one ``executemany`` on SQLite. Every other concrete field gets what a new
  instance would get: its default, `now` for ``auto_now``/``auto_now_add``, else NULL or
  ``""``. JSON fields take Python values (encoded here).

Call them inside the caller's transaction. No signals are sent and no `save()` runs, as
with `bulk_create`; values are expected to be valid for their columns already.
"""

# The SQL is assembled from the model's quoted table and column names only; values are
# passed as parameters or through COPY.
# ruff: noqa: S608

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` primary keys no other row has or will get (inside a transaction). On
    SQLite, insert the rows before reserving again for the same table."""
    if count <= 0:
        return []
    table = model._meta.db_table
    pk = model._meta.pk
    assert pk is not None
    column = str(pk.column)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement takes them all. They come back as a range unless a concurrent
            # writer took values of the same sequence meanwhile; then they are listed.
            cursor.execute(
                "SELECT MIN(v), MAX(v), CASE WHEN MAX(v) - MIN(v) + 1 = COUNT(*) THEN NULL "
                "ELSE array_agg(v ORDER BY v) END FROM (SELECT nextval(pg_get_serial_sequence"
                "(%s, %s)) AS v FROM generate_series(1, %s)) AS taken",
                [connection.ops.quote_name(table), column, count],
            )
            low, high, listed = cursor.fetchone()
            if listed is not None:
                return [int(v) for v in listed]
            return list(range(int(low), int(high) + 1))
        # SQLite AUTOINCREMENT never reuses an id: start after the largest handed out.
        cursor.execute(f"SELECT MAX({connection.ops.quote_name(column)}) FROM {table}")
        largest = int(cursor.fetchone()[0] or 0)
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'")
        if cursor.fetchone():
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            largest = max(largest, int(row[0]) if row else 0)
    return list(range(largest + 1, largest + 1 + count))


def _converter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    """How a Python value of `field` is handed to the database, when not as it is."""
    if isinstance(field, models.JSONField):
        encoder = field.encoder

        def dump(value: Any) -> Any:
            return None if value is None else json.dumps(value, cls=encoder)

        return dump
    if isinstance(field, models.DateTimeField):
        return lambda value: field.get_db_prep_save(value, connection)
    return None


def insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert `rows` (tuples of the values of `fields`, by name or attname); returns how
    many. Fields not named get their default as in a new instance."""
    opts = model._meta
    named = {name: opts.get_field(name) for name in fields}
    given = [f for f in named.values() if isinstance(f, models.Field)]
    converters = [_converter(f) for f in given]
    now = timezone.now()
    fixed_columns: list[str] = []
    fixed_values: list[Any] = []
    per_row: list[Callable[[], Any]] = []
    per_row_columns: list[str] = []
    taken = {f.attname for f in given}
    for field in opts.concrete_fields:
        if field.attname in taken or field.primary_key:
            continue
        if field.db_default is not models.NOT_PROVIDED and not field.has_default():
            continue  # the database fills it
        value: Any
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        elif field.has_default():
            if callable(field.default):  # e.g. a uuid: one per row, as instances get
                per_row.append(field.default)
                per_row_columns.append(str(field.column))
                continue
            value = field.get_prep_value(field.get_default())
        elif field.null:
            value = None
        elif isinstance(field, models.CharField | models.TextField):
            value = ""
        else:
            raise ValueError(f"{opts.label}.{field.name} needs a value")
        convert = _converter(field)
        fixed_columns.append(str(field.column))
        fixed_values.append(convert(value) if convert else value)
    columns = [str(f.column) for f in given] + fixed_columns + per_row_columns
    tail = tuple(fixed_values)
    plain = all(c is None for c in converters)

    def prepared() -> Iterable[tuple[Any, ...]]:
        for row in rows:
            if plain:
                head = tuple(row)
            else:
                head = tuple(
                    c(v) if c is not None else v for c, v in zip(converters, row, strict=True)
                )
            extra = tuple(make() for make in per_row) if per_row else ()
            yield (*head, *tail, *extra)

    quote = connection.ops.quote_name
    table = quote(opts.db_table)
    names = ", ".join(quote(c) for c in columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw: Any = cursor.cursor
            with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for values in prepared():
                    copy.write_row(values)
                    count += 1
            return count
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
        batch: list[tuple[Any, ...]] = []
        for values in prepared():
            batch.append(values)
            if len(batch) >= 10_000:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def insert_objects(
    model: type[models.Model], objs: Iterable[models.Model], *, count: int | None = None
) -> None:
    """Insert unsaved instances (what `bulk_create` does, without compiling SQL per field):
    primary keys are reserved and set on them, `auto_now` fields get one `now`.

    `objs` may be a generator of exactly `count` instances: they are then built while the
    database inserts the ones before.
    """
    if count is None:
        objs = list(objs)
        count = len(objs)
    if not count:
        return
    opts = model._meta
    now = timezone.now()
    fields = [f for f in opts.concrete_fields if not f.primary_key]
    stamped = [
        f.attname
        for f in fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    pk = opts.pk
    assert pk is not None
    attnames = [pk.attname, *(f.attname for f in fields)]
    ids = iter(reserve_ids(model, count))
    alias = connection.alias

    def rows() -> Iterator[list[Any]]:
        for obj, pk_value in zip(objs, ids, strict=True):
            for attname in stamped:
                setattr(obj, attname, now)
            setattr(obj, pk.attname, pk_value)
            obj._state.adding = False
            obj._state.db = alias
            yield [getattr(obj, a) for a in attnames]

    insert_rows(model, attnames, rows())
