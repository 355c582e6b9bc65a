"""A synthetic database for timing the reports: two oblasts, N issues, fast bulk inserts.

Only synthetic data: invented names, made-up КАТОТТГ-shaped codes under two real oblast
prefixes. Rows are written with raw `executemany` (SQLite) or `COPY` (PostgreSQL), in
the current connection's database, which the command has already pointed at a bench
database.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

from suprovid.accounts.models import User
from suprovid.appeals.models import Appeal, Issue
from suprovid.cases.models import SupportCase
from suprovid.network.models import Institution, Specialist, StaffingPlan
from suprovid.people.models import Person, PersonStatus
from suprovid.people.reach import rebuild_reach
from suprovid.territory.models import Territory
from suprovid.topics.defaults import FIRST_LEVEL, SECOND_LEVEL

from . import rollups

OBLASTS = {"18": "Житомирська", "12": "Дніпропетровська"}
RAIONS_PER_OBLAST = 4
HROMADAS_PER_RAION = 5
FIRST_DAY = dt.date(2024, 1, 1)
DAYS = 731  # 2024 and 2025
OUTCOMES = [
    ("resolved", 65),
    ("explained", 19),
    ("refused", 3),
    ("forwarded", 1),
    ("withdrawn", 1),
    ("not_considered", 1),
]
SUPPORT_KINDS = ["documents", "legal_consultation", "social", "retraining", "employment",
                 "medical", "psychological", "material_aid", "other"]  # fmt: skip
VETERAN = ["combatant", "combatant", "combatant", "war_disabled", "war_participant"]
FAMILY = ["family_fallen", "family_missing", "family_pow", "family_serving"]
CHANNELS = ["in_person"] * 6 + ["phone"] * 2 + ["online", "post", "email", "outreach", "forwarded"]


def code(oblast: str, raion: int = 0, hromada: int = 0, settlement: int = 0, uniq: int = 0) -> str:
    return f"UA{oblast}{raion:02d}{hromada:03d}{settlement:03d}00{uniq:05d}"


class Loader:
    """Bulk inserts of model rows; columns not given get their field's default."""

    def __init__(self) -> None:
        self.now = timezone.now()
        self.vendor = connection.vendor

    def _defaults(
        self, model: type[models.Model], given: Sequence[str]
    ) -> tuple[list[str], list[Any]]:
        columns: list[str] = []
        values: list[Any] = []
        for field in model._meta.concrete_fields:
            if field.name in given or field.attname in given or field.primary_key:
                continue
            if isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
                value: Any = self.now
            elif field.has_default():
                value = field.get_default()
            elif field.null:
                value = None
            elif isinstance(field, models.CharField | models.TextField):
                value = ""
            else:
                raise ValueError(f"{model.__name__}.{field.name} needs a value")
            columns.append(str(field.column))
            values.append(value)
        return columns, values

    def insert(
        self, model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> int:
        table = model._meta.db_table
        given = [str(getattr(model._meta.get_field(f), "column", f)) for f in fields]
        extra_cols, extra_vals = self._defaults(model, fields)
        columns = [*given, *extra_cols]
        tail = tuple(extra_vals)
        count = 0
        if self.vendor == "postgresql":
            cols = ", ".join(f'"{c}"' for c in columns)
            with connection.cursor() as cursor:
                raw = cursor.cursor
                with raw.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                    for row in rows:
                        copy.write_row((*row, *tail))
                        count += 1
        else:
            cols = ", ".join(f'"{c}"' for c in columns)
            sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(columns))})"  # noqa: S608
            connection.ensure_connection()
            raw_conn: Any = connection.connection
            tail_db = tuple(v.isoformat(" ") if isinstance(v, dt.datetime) else v for v in tail)
            batch: list[tuple[Any, ...]] = []
            for row in rows:
                batch.append((*row, *tail_db))
                if len(batch) >= 20000:
                    raw_conn.executemany(sql, batch)
                    count += len(batch)
                    batch = []
            if batch:
                raw_conn.executemany(sql, batch)
                count += len(batch)
        return count

    def reset_sequences(self, models_: list[type[models.Model]]) -> None:
        statements = connection.ops.sequence_reset_sql(no_style(), models_)
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def build(*, issues: int, seed: int = 2025, log: Callable[[str], None] = print) -> dict[str, int]:
    """Write the synthetic network, people, appeals and issues; returns row counts. The
    report roll-ups are filled once at the end, not row by row (`rollups.suspended`)."""
    with rollups.suspended():
        counts = _build(issues=issues, seed=seed, log=log)
        log("  report roll-ups (monthly counts of appeals and issues) …")
    return counts


def _build(*, issues: int, seed: int, log: Callable[[str], None]) -> dict[str, int]:
    rng = random.Random(seed)
    load = Loader()
    counts: dict[str, int] = {}
    iso = dt.date.isoformat

    # Territories: oblast → raion → hromada → city.
    units: list[tuple[str, str | None, int, str, str]] = []
    cities: list[str] = []
    uniq = 10000
    for ob, name in OBLASTS.items():
        uniq += 1
        ob_code = code(ob, uniq=uniq)
        units.append((ob_code, None, 1, "О", name))
        for r in range(1, RAIONS_PER_OBLAST + 1):
            uniq += 1
            r_code = code(ob, r, uniq=uniq)
            units.append((r_code, ob_code, 2, "Р", f"Район {ob}-{r}"))
            for h in range(1, HROMADAS_PER_RAION + 1):
                uniq += 1
                h_code = code(ob, r, h * 10, uniq=uniq)
                units.append((h_code, r_code, 3, "Н", f"Громада {ob}-{r}-{h}"))
                uniq += 1
                c_code = code(ob, r, h * 10, 1, uniq=uniq)
                units.append((c_code, h_code, 4, "М", f"Місто {ob}-{r}-{h}"))
                cities.append(c_code)
    from suprovid.territory.names import normalize_place

    counts["territories"] = load.insert(
        Territory,
        ["code", "parent", "level", "category", "name", "name_norm", "edition"],
        ((c, p, lvl, cat, n, normalize_place(n), "bench") for c, p, lvl, cat, n in units),
    )

    # Institutions: two social-services centres and a healthcare facility per city.
    institutions: list[tuple[int, str, str]] = []  # (id, kind, territory)
    for city in cities:
        for kind in ("social_services", "social_services", "healthcare"):
            institutions.append((len(institutions) + 1, kind, city))
    counts["institutions"] = load.insert(
        Institution,
        ["id", "code", "name", "kind", "territory", "is_active"],
        ((i, f"BENCH-{i:04d}", f"Заклад № {i}", k, t, True) for i, k, t in institutions),
    )
    plans: list[tuple[Any, ...]] = []
    specialists: list[tuple[Any, ...]] = []
    users: list[tuple[Any, ...]] = []
    for inst_id, kind, _t in institutions:
        before = rng.randint(2, 5) if kind == "healthcare" else rng.randint(3, 8)
        plans.append((inst_id, iso(dt.date(2024, 1, 1)), before))
        plans.append((inst_id, iso(dt.date(2025, 7, 1)), before + rng.randint(0, 2)))
        for _n in range(before - rng.randint(0, 2)):
            sid = len(specialists) + 1
            left = rng.random() < 0.1
            specialists.append(
                (sid, inst_id, f"Фахівець {sid}", f"bench{sid}@example.test",
                 iso(dt.date(2024, 1, 1)), iso(dt.date(2025, 3, 31)) if left else None, sid)
            )  # fmt: skip
            users.append((sid, f"bench{sid}@example.test", f"Фахівець {sid}", "specialist",
                          inst_id, "!", True, False, False, load.now))  # fmt: skip
    counts["staffing_plans"] = load.insert(
        StaffingPlan, ["institution", "effective_from", "positions"], plans
    )
    counts["users"] = load.insert(
        User,
        ["id", "email", "full_name", "role", "institution", "password", "is_active", "is_staff",
         "is_superuser", "date_joined"],
        users,
    )  # fmt: skip
    counts["specialists"] = load.insert(
        Specialist,
        ["id", "institution", "full_name", "email", "active_from", "active_to", "user"],
        specialists,
    )

    # People: one in five of the issue count; most veterans, many family members.
    n_people = max(issues // 5, 10)
    statuses: list[tuple[int, str]] = []

    def people() -> Iterator[tuple[Any, ...]]:
        for pid in range(1, n_people + 1):
            roll = rng.random()
            if roll < 0.55:
                statuses.append((pid, rng.choice(VETERAN)))
            elif roll < 0.85:
                statuses.append((pid, rng.choice(FAMILY)))
            city = rng.choice(cities)
            born = iso(dt.date(1960 + pid % 40, 1 + pid % 12, 1))
            yield (pid, f"Прізвище{pid}", "Ім’я", "", born,
                   city, f"прізвище{pid} ім’я", f"прізвище{pid}|ім’я", 1)  # fmt: skip

    counts["persons"] = load.insert(
        Person,
        ["id", "last_name", "first_name", "patronymic", "birth_date", "territory",
         "search_text", "name_key", "version"],
        people(),
    )  # fmt: skip
    counts["statuses"] = load.insert(PersonStatus, ["person", "code"], statuses)

    # Appeals and issues.
    topics = [c for c, _u, _e in FIRST_LEVEL] + [c for c, _u, _e in SECOND_LEVEL]
    outcome_pool = [o for o, w in OUTCOMES for _ in range(w)]
    today = timezone.localdate()
    appeal_rows: list[tuple[Any, ...]] = []
    issue_rows: list[tuple[Any, ...]] = []
    inst_by_id = {i: (k, t) for i, k, t in institutions}
    specialists_by_inst: dict[int, list[int]] = {}
    for sid, inst_id, *_rest in specialists:
        specialists_by_inst.setdefault(inst_id, []).append(sid)
    sequence: dict[tuple[int, int], int] = {}
    issue_id = 0
    appeal_id = 0
    expected = max(1, int(issues / 3.2))  # ≈3.2 issues per appeal (domain.md §4)
    while issue_id < issues:
        appeal_id += 1
        inst_id = rng.randint(1, len(institutions))
        territory = inst_by_id[inst_id][1]
        # Appeals are registered day by day, so rows lie roughly in date order.
        received = FIRST_DAY + dt.timedelta(days=min(DAYS - 1, appeal_id * DAYS // expected))
        key = (inst_id, received.year)
        sequence[key] = sequence.get(key, 0) + 1
        applicant = rng.randint(1, n_people)
        appeal_rows.append(
            (appeal_id, f"BENCH-{inst_id:04d}/{received.year}/{sequence[key]:06d}", inst_id,
             territory, received.year, sequence[key], iso(received), rng.choice(CHANNELS),
             "request" if rng.random() < 0.9 else rng.choice(["proposal", "complaint"]),
             "individual" if rng.random() < 0.97 else "collective",
             "first" if rng.random() < 0.9 else "repeated", applicant,
             rng.choice(VETERAN + FAMILY + [""]), True)
        )  # fmt: skip
        for _k in range(min(rng.choice((1, 2, 3, 3, 4, 4, 5, 3, 2, 5)), issues - issue_id)):
            issue_id += 1
            topic = rng.choice(topics)
            due = received + dt.timedelta(days=30)
            closed_on = received + dt.timedelta(days=rng.randint(1, 60))
            still_open = rng.random() < 0.08 or closed_on > today
            person = applicant if rng.random() < 0.7 else rng.randint(1, n_people)
            assignee = rng.choice(specialists_by_inst.get(inst_id) or [None])
            if still_open:
                status, outcome, kind, closed = rng.choice(("open", "in_progress")), "", "", None
            else:
                outcome = rng.choice(outcome_pool)
                kind = rng.choice(SUPPORT_KINDS) if outcome == "resolved" else ""
                status, closed = "closed", iso(closed_on)
            issue_rows.append(
                (issue_id, appeal_id, topic, topic.split(".", 1)[0], person, assignee, inst_id,
                 territory, iso(received), status, iso(due), outcome, kind, closed, 1)
            )  # fmt: skip
    counts["appeals"] = load.insert(
        Appeal,
        ["id", "number", "institution", "territory", "year", "sequence", "received_on",
         "channel", "appeal_type", "form", "sign", "applicant", "author_category",
         "is_privileged"],
        appeal_rows,
    )  # fmt: skip
    del appeal_rows
    log(f"  appeals written: {counts['appeals']:,}")
    counts["issues"] = load.insert(
        Issue,
        ["id", "appeal", "topic", "topic_group", "person", "assignee", "institution",
         "territory", "received_on", "status", "due_on", "outcome", "support_kind",
         "closed_on", "version"],
        issue_rows,
    )  # fmt: skip
    del issue_rows
    log(f"  issues written: {counts['issues']:,}")

    # Support cases: about 30 open cases per specialist, some far over the norm. A person
    # heads at most one open case (constraint case_one_open_per_person), so the primary
    # persons are drawn without repeats.
    per_specialist = [
        (sid, inst_id, max(0, int(rng.gauss(30, 8)))) for sid, inst_id, *_r in specialists
    ]
    heads = iter(
        rng.sample(range(1, n_people + 1), min(n_people, sum(n for *_x, n in per_specialist)))
    )
    cases = [
        (head, sid, inst_id, "open", iso(dt.date(2025, 1, 1)), 1)
        for sid, inst_id, n in per_specialist
        for _c, head in zip(range(n), heads, strict=False)
    ]
    counts["cases"] = load.insert(
        SupportCase,
        ["primary_person", "specialist", "institution", "status", "opened_on", "version"],
        cases,
    )
    log("  person reach (where each person is visible) …")
    counts["reach"] = rebuild_reach()
    load.reset_sequences([Institution, User, Specialist, Person, Appeal, Issue])
    return counts


def oblast_code(oblast: str) -> str:
    """The synthetic oblast unit's code (the first unit built for that oblast)."""
    return (
        Territory.objects.filter(level=1, code__startswith=f"UA{oblast}")
        .values_list("code", flat=True)
        .get()
    )
