"""A national-size synthetic database, built set-based on PostgreSQL.

`bench_reports --scale national`.

Every table is filled by one `INSERT … SELECT … FROM generate_series(…)` statement, so
4 M persons and 18 M issues are written by PostgreSQL itself, not by Python loops. The
territories are the real КАТОТТГ (24 oblasts, Kyiv, Crimea); everything else is invented.

Shapes follow the issue's national figures: about 1.5 appeals per person and 3.2 issues
per appeal, a third of persons veterans and a quarter family members, ~2,300 specialists
in ~1,500 institutions (one or more per hromada), a few percent of issues open past their
deadline. Randomness comes from `random()` after `setseed`, so a build is reproducible.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connection, models

from suprovid.accounts.models import User
from suprovid.appeals.models import Appeal, Issue
from suprovid.cases.models import SupportCase
from suprovid.core.cyrillic import latin_skeleton, normalize_cyrillic
from suprovid.network.models import Institution, Specialist, StaffingPlan
from suprovid.people.models import Person, PersonReach, PersonStatus
from suprovid.people.reach import rebuild_reach
from suprovid.reports.bench import Loader
from suprovid.topics.models import Topic

from . import rollups

KATOTTG = Path(settings.BASE_DIR) / "data" / "katottg" / "kodifikator-2024-01-19.xlsx"
FIRST_DAY = dt.date(2024, 1, 1)
INSTITUTIONS = 1_500
SPECIALISTS = 2_300
CASES_PER_SPECIALIST = 30

_ROOTS = (  # noqa: SIM905
    "Ковал Шевч Бондар Ткач Мельник Кравч Олійн Шевчук Поліщ Лисен Руден Савч Марч Гончар "
    "Левч Петр Павл Мороз Білик Гнат Дяч Кушн Тарас Ярош Остап Бойч Гуц Кос Наум Зінч "
    "Романч Сидор Панас Климч Данил Мацк Юрч Федор Щерб Гриц Вакул Процен Семен Кириленк Мирон "
    "Лук Стець Демч Прокоп Харч Онищ Берез Дорош Шпак Вовк Соловй Кравець Лоза Гаврил Юхим"
).split()
_ENDINGS = ("енко", "ук", "чук", "ишин", "ів", "ак", "ич", "ун", "ець", "ицький", "ан", "ій",
            "еня", "ин", "ар")  # fmt: skip
_FIRST = (  # noqa: SIM905
    "Олександр Андрій Іван Микола Василь Сергій Дмитро Богдан Тарас Юрій Петро Олег Віктор "
    "Роман Ігор Максим Назар Євген Степан Григорій Олена Ірина Наталія Оксана Тетяна Марія "
    "Ганна Юлія Світлана Людмила Катерина Галина Софія Дарина Ольга Вікторія"
).split()
_PATRONYMIC = (  # noqa: SIM905
    "Олександрович Андрійович Іванович Миколайович Васильович Сергіївна Дмитрівна "
    "Богданівна Тарасович Юріївна Петрівна Олегович Вікторівна Романович Ігорівна Степанович"
).split()


def surnames() -> list[str]:
    return [root + ending for root in _ROOTS for ending in _ENDINGS]


class SetLoader(Loader):
    """`INSERT INTO model (…) SELECT …` with the model's defaults for the columns not given."""

    def insert_select(
        self,
        model: type[models.Model],
        given: dict[str, str],
        from_sql: str,
        params: Sequence[Any] = (),
        select_params: Sequence[Any] = (),
    ) -> int:
        """`select_params` fill the %s of `given`'s expressions, `params` those of `from_sql`."""
        columns = [str(getattr(model._meta.get_field(f), "column", f)) for f in given]
        extra_cols, extra_vals = self._defaults(model, list(given))
        cols = ", ".join(f'"{c}"' for c in [*columns, *extra_cols])
        exprs = ", ".join([*given.values(), *(["%s"] * len(extra_vals))])
        sql = f"INSERT INTO {model._meta.db_table} ({cols}) SELECT {exprs} {from_sql}"
        with connection.cursor() as cursor:
            cursor.execute(sql, [*select_params, *extra_vals, *params])
            return int(cursor.rowcount)


def _sql(statement: str, params: Sequence[Any] = ()) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else None


def _drop_secondary_indexes(models_: Sequence[type[models.Model]]) -> list[str]:
    """Drop the indexes of these tables that back no constraint; return their CREATEs."""
    tables = [m._meta.db_table for m in models_]
    rows = _sql(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(%s) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
        [tables],
    )
    for name, _definition in rows:
        _sql(f'DROP INDEX "{name}"')
    return [definition for _name, definition in rows]


def build(*, persons: int, log: Callable[[str], None] = print) -> dict[str, int]:
    """Write the national network, people, appeals and issues; returns row counts.

    Runs in the current connection's (bench) PostgreSQL database, which must be freshly
    migrated. Parameters go in as arrays so that the names can be normalised in Python
    (people.names) exactly as the app does, once per distinct word.
    """
    if connection.vendor != "postgresql":
        raise ValueError("The national bench is built on PostgreSQL only.")
    load = SetLoader()
    counts: dict[str, int] = {}
    # The rows are generated consistent, so the per-row foreign-key triggers (checked at
    # COMMIT, most of a build's time) are switched off for this transaction, and the big
    # tables' secondary indexes are built once at the end instead of row by row.
    _sql("SET LOCAL session_replication_role = replica")
    _sql("SET LOCAL maintenance_work_mem = '1GB'")
    deferred = _drop_secondary_indexes([Person, PersonStatus, Appeal, Issue, PersonReach])
    today = dt.date.today()
    span = (today - FIRST_DAY).days
    appeals = round(persons * 1.52)
    _sql("SELECT setseed(0.2025)")

    log("  territories: the real КАТОТТГ …")
    call_command("import_territories", str(KATOTTG), verbosity=0)

    # Institutions: one in every hromada (about 1,470), the rest a second one in the
    # largest-coded hromadas; kinds in the network's proportions.
    _sql(
        "CREATE TEMP TABLE bench_hromada AS SELECT row_number() OVER (ORDER BY code) AS rn, code "
        "FROM territory_territory WHERE level = 3"
    )
    (n_hromadas,) = _sql("SELECT count(*) FROM bench_hromada")[0]
    counts["institutions"] = load.insert_select(
        Institution,
        {
            "id": "i",
            "code": "'NAT-' || lpad(i::text, 5, '0')",
            "name": "'Центр надання послуг № ' || i",
            "kind": "(ARRAY['social_services','social_services','social_services',"
            "'social_services','social_services','social_services','healthcare','healthcare',"
            "'cnap','ngo'])[1 + i %% 10]",
            "territory": "h.code",
            "is_active": "true",
        },
        "FROM generate_series(1, %s) i JOIN bench_hromada h ON h.rn = 1 + (i - 1) %% %s",
        [INSTITUTIONS, n_hromadas],
    )
    _sql("CREATE TEMP TABLE bench_inst AS SELECT id, territory_id AS code FROM network_institution")
    _sql("ALTER TABLE bench_inst ADD PRIMARY KEY (id)")
    counts["staffing_plans"] = load.insert_select(
        StaffingPlan,
        {"institution": "id", "effective_from": "%s", "positions": "2 + id %% 3"},
        "FROM bench_inst",
        select_params=[FIRST_DAY],
    )

    # Specialists s = 1…2,300 work in institution 1 + (s - 1) % 1,500; their user has the
    # same id. Then one coordinator per oblast-level unit and one administrator.
    counts["users"] = load.insert_select(
        User,
        {
            "id": "s",
            "email": "'nat' || s || '@example.test'",
            "full_name": "'Фахівець ' || s",
            "role": "'specialist'",
            "institution": "1 + (s - 1) %% %s",
            "password": "'!'",
            "is_active": "true",
            "date_joined": "now()",
        },
        "FROM generate_series(1, %s) s",
        [SPECIALISTS],
        select_params=[INSTITUTIONS],
    )
    counts["specialists"] = load.insert_select(
        Specialist,
        {
            "id": "s",
            "institution": "1 + (s - 1) %% %s",
            "full_name": "'Фахівець ' || s",
            "email": "'nat' || s || '@example.test'",
            "active_from": "%s",
            "user": "s",
        },
        "FROM generate_series(1, %s) s",
        [SPECIALISTS],
        select_params=[INSTITUTIONS, FIRST_DAY],
    )
    counts["users"] += load.insert_select(
        User,
        {
            "id": "%s + row_number() OVER (ORDER BY code)",
            "email": "'coord-' || substr(code, 3, 2) || '@example.test'",
            "full_name": "'Координатор ' || name",
            "role": "'coordinator'",
            "territory": "code",
            "password": "'!'",
            "is_active": "true",
            "date_joined": "now()",
        },
        "FROM territory_territory WHERE level = 1",
        select_params=[SPECIALISTS],
    )
    counts["users"] += load.insert_select(
        User,
        {
            "id": "%s",
            "email": "'nat-admin@example.test'",
            "full_name": "'Адміністратор'",
            "role": "'admin'",
            "password": "'!'",
            "is_active": "true",
            "is_superuser": "true",
            "date_joined": "now()",
        },
        "",
        select_params=[SPECIALISTS + 100],
    )

    # Settlements (level 4) of each institution's hromada: a person lives in one of them.
    _sql(
        "CREATE TEMP TABLE bench_sett AS SELECT i.id AS inst, "
        "row_number() OVER (PARTITION BY i.id ORDER BY t.code) AS rn, t.code "
        "FROM bench_inst i JOIN territory_territory t ON t.parent_id = i.code AND t.level = 4"
    )
    _sql("CREATE INDEX ON bench_sett (inst, rn)")
    _sql(
        "CREATE TEMP TABLE bench_inst_n AS SELECT i.id AS inst, i.code AS hromada, "
        "count(s.code) AS n FROM bench_inst i LEFT JOIN bench_sett s ON s.inst = i.id "
        "GROUP BY i.id, i.code"
    )
    _sql("ALTER TABLE bench_inst_n ADD PRIMARY KEY (inst)")

    for table, words in (
        ("bench_last", surnames()),
        ("bench_first", _FIRST),
        ("bench_patr", _PATRONYMIC),
    ):
        _sql(f"CREATE TEMP TABLE {table} (i int PRIMARY KEY, word text, cyr text, skel text)")
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} VALUES (%s, %s, %s, %s)",  # noqa: S608
                [(n, w, normalize_cyrillic(w), latin_skeleton(w)) for n, w in enumerate(words)],
            )
    n_last, n_first, n_patr = len(surnames()), len(_FIRST), len(_PATRONYMIC)

    log(f"  persons: {persons:,} …")
    # A person's home institution is 1 + (p·7919) mod 1,500; the РНОКПП begins with the
    # days from 31.12.1899 to the birth date, then a serial, then the checksum digit
    # (weights −1 5 7 9 4 6 10 5 7, as the tax service computes it). search_text and
    # name_key are composed from the per-word keys exactly as people.names builds them.
    counts["persons"] = load.insert_select(
        Person,
        {
            "id": "p",
            "last_name": "l.word",
            "first_name": "f.word",
            "patronymic": "pa.word",
            "birth_date": "b.born",
            "territory": "coalesce(s.code, n.hromada)",
            "rnokpp": "k.rnokpp",
            "phone": "CASE WHEN p %% 5 < 4 THEN '+38067' || lpad(p::text, 7, '0') ELSE '' END",
            "search_text": "l.cyr || ' ' || f.cyr || ' ' || pa.cyr || ' | ' || l.skel || ' ' "
            "|| f.skel || ' ' || pa.skel || ' | ' || k.rnokpp || '  ' "
            "|| CASE WHEN p %% 5 < 4 THEN '38067' || lpad(p::text, 7, '0') ELSE '' END"
            # build_search_text's fourth part (Latin-spelt words) is empty for these
            # Cyrillic names, which leaves a trailing " |" after strip().
            " || ' |'",
            "name_key": "l.skel || ' ' || f.skel || ' ' || pa.skel",
            "version": "1",
        },
        "FROM generate_series(1, %s) p "
        "JOIN bench_last l ON l.i = (p::bigint * 31) %% %s "
        "JOIN bench_first f ON f.i = (p * 17) %% %s "
        "JOIN bench_patr pa ON pa.i = (p * 13) %% %s "
        "CROSS JOIN LATERAL (SELECT (date '1950-01-01' + (p %% 20000))::date AS born) b "
        "CROSS JOIN LATERAL (SELECT lpad((b.born - date '1899-12-31')::text, 5, '0')"
        " || lpad((p / 20000)::text, 4, '0') AS body) k0 "
        "CROSS JOIN LATERAL (SELECT CASE WHEN p %% 10 < 7 THEN k0.body || ((("
        "-1 * substr(k0.body,1,1)::int + 5 * substr(k0.body,2,1)::int"
        " + 7 * substr(k0.body,3,1)::int + 9 * substr(k0.body,4,1)::int"
        " + 4 * substr(k0.body,5,1)::int + 6 * substr(k0.body,6,1)::int"
        " + 10 * substr(k0.body,7,1)::int + 5 * substr(k0.body,8,1)::int"
        " + 7 * substr(k0.body,9,1)::int) %% 11 + 11) %% 11 %% 10)::text ELSE '' END AS rnokpp) k "
        "JOIN bench_inst_n n ON n.inst = 1 + (p::bigint * 7919) %% %s "
        "LEFT JOIN bench_sett s ON s.inst = n.inst AND s.rn = 1 + p %% greatest(n.n, 1)",
        [persons, n_last, n_first, n_patr, INSTITUTIONS],
    )
    log(f"  persons written: {counts['persons']:,}")

    # A third veterans (domain.md §2), a quarter family members of defenders.
    counts["statuses"] = load.insert_select(
        PersonStatus,
        {
            "person": "p",
            "code": "CASE WHEN p %% 3 = 0 THEN (ARRAY['combatant','combatant','combatant',"
            "'combatant','combatant','combatant','combatant','war_disabled','war_participant',"
            "'war_participant'])[1 + (p / 3) %% 10] ELSE (ARRAY['family_fallen','family_missing',"
            "'family_pow','family_serving'])[1 + p %% 4] END",
        },
        "FROM generate_series(1, %s) p WHERE p %% 3 = 0 OR p %% 4 = 1",
        [persons],
    )

    log(f"  appeals: {appeals:,} …")
    # Appeals arrive day by day from 2024-01-01 to today, at the applicant's home
    # institution; a person appeals about 1.5 times.
    counts["appeals"] = load.insert_select(
        Appeal,
        {
            "id": "a",
            "number": "'N' || i.id || '/' || extract(year FROM d.day)::int || '/' || a",
            "institution": "i.id",
            "territory": "i.code",
            "year": "extract(year FROM d.day)::int",
            "sequence": "a",
            "received_on": "d.day",
            "channel": "(ARRAY['in_person','in_person','in_person','in_person','in_person',"
            "'in_person','phone','phone','online','post','email','outreach','forwarded'])"
            "[1 + (a * 7) %% 13]",
            "appeal_type": "CASE WHEN a %% 10 = 0 THEN 'complaint' ELSE 'request' END",
            "form": "CASE WHEN a %% 33 = 0 THEN 'collective' ELSE 'individual' END",
            "sign": "CASE WHEN a %% 10 = 3 THEN 'repeated' ELSE 'first' END",
            "applicant": "x.applicant",
            "author_category": "''",
            "is_privileged": "x.applicant %% 3 = 0",
        },
        "FROM generate_series(1, %s) a "
        "CROSS JOIN LATERAL (SELECT 1 + ((a::bigint * 104729) %% %s)::int AS applicant) x "
        "CROSS JOIN LATERAL (SELECT (%s::date + (a::bigint * %s / %s)::int) AS day) d "
        "JOIN bench_inst i ON i.id = 1 + (x.applicant::bigint * 7919) %% %s",
        [appeals, persons, FIRST_DAY, span, appeals, INSTITUTIONS],
    )
    log(f"  appeals written: {counts['appeals']:,}")

    # 1–5 issues per appeal, 3.2 on average; due 30 days after receipt (Law 393/96
    # art. 20); most closed within 40 days, 3 % left open past their deadline.
    topics = list(Topic.objects.values_list("code", flat=True))
    log("  issues …")
    counts["issues"] = load.insert_select(
        Issue,
        {
            "appeal": "a.id",
            "topic": "(%s::text[])[1 + floor(r.t * %s)::int]",
            "topic_group": "split_part((%s::text[])[1 + floor(r.t * %s)::int], '.', 1)",
            "person": "CASE WHEN r.who < 0.7 THEN a.applicant_id "
            "ELSE 1 + floor(r.who * 1000003)::int %% %s END",
            "assignee": "CASE WHEN a.institution_id + %s <= %s AND r.who < 0.5 "
            "THEN a.institution_id + %s ELSE a.institution_id END",
            "institution": "a.institution_id",
            "territory": "a.territory_id",
            "received_on": "a.received_on",
            "status": "CASE WHEN c.open THEN 'open' ELSE 'closed' END",
            "due_on": "a.received_on + 30",
            "outcome": "CASE WHEN c.open THEN '' WHEN r.o < 0.65 THEN 'resolved' "
            "WHEN r.o < 0.89 THEN 'explained' WHEN r.o < 0.95 THEN 'refused' "
            "WHEN r.o < 0.97 THEN 'forwarded' WHEN r.o < 0.99 THEN 'withdrawn' "
            "ELSE 'not_considered' END",
            "support_kind": "CASE WHEN NOT c.open AND r.o < 0.65 THEN (ARRAY['documents',"
            "'legal_consultation','social','retraining','employment','medical','psychological',"
            "'material_aid','other'])[1 + floor(r.k * 9)::int] ELSE '' END",
            "closed_on": "CASE WHEN c.open THEN NULL ELSE c.closed END",
            "version": "1",
        },
        "FROM appeals_appeal a "
        "CROSS JOIN LATERAL generate_series(1, (ARRAY[1,2,3,3,4,4,5,3,2,5])[1 + a.id %% 10]) g "
        "CROSS JOIN LATERAL (SELECT random() AS t, random() AS who, random() AS o, "
        "random() AS k, random() AS late, g AS _g) r "
        "CROSS JOIN LATERAL (SELECT a.received_on + 1 + floor(r.k * 40)::int AS closed, "
        "(r.late < 0.03 OR a.received_on + 1 + floor(r.k * 40)::int >= %s) AS open) c",
        [today],
        select_params=[
            *(topics, len(topics), topics, len(topics), persons),
            *(INSTITUTIONS, SPECIALISTS, INSTITUTIONS),
        ],
    )
    log(f"  issues written: {counts['issues']:,}")

    # Support cases: 30 open cases per specialist, each headed by a different person
    # (case_one_open_per_person).
    counts["cases"] = load.insert_select(
        SupportCase,
        {
            "primary_person": "c",
            "specialist": "1 + (c - 1) / %s",
            "institution": "1 + ((c - 1) / %s) %% %s",
            "status": "'open'",
            "opened_on": "%s",
            "version": "1",
        },
        "FROM generate_series(1, %s) c",
        [min(persons, SPECIALISTS * CASES_PER_SPECIALIST)],
        select_params=[
            *(CASES_PER_SPECIALIST, CASES_PER_SPECIALIST, INSTITUTIONS),
            dt.date(2025, 1, 1),
        ],
    )
    log("  person reach (where each person is visible) …")
    counts["reach"] = rebuild_reach()
    log("  report roll-ups (monthly counts of appeals and issues) …")
    rollups.rebuild()  # the loader may bypass the triggers (session_replication_role)
    log(f"  indexes: {len(deferred)} …")
    for statement in deferred:
        _sql(statement)
    load.reset_sequences([Institution, User, Specialist, Person, Appeal, Issue, SupportCase])
    return counts
