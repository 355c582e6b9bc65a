"""A synthetic appeals journal for timing `import_journal` (`manage.py bench_import`).

Only synthetic people: names from `suprovid.core.synthetic`, birth dates drawn at random,
РНОКПП built from the birth date, a serial, the sex digit and the check digit (stdnum), so
that every number is checksum-valid and agrees with its person. The bench database gets a
small territory tree, institutions with their specialists, and, before each run, a share of
the journal's people already registered (matched by РНОКПП or by name and birth date) and a
few namesakes born on another day (listed as possible duplicates), as in an office that
has kept a register for a while. Everything is seeded, so two runs import the same file
into the same state.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.core.management.color import no_style
from django.db import connection

from suprovid.accounts.models import Role, User
from suprovid.appeals.models import Appeal, AppealCounter, Issue
from suprovid.core.models import AuditEntry
from suprovid.core.synthetic import random_name
from suprovid.network.models import Institution, InstitutionKind, Specialist
from suprovid.people.models import Consent, Person, PersonReach, PersonStatus
from suprovid.people.reach import rebuild_reach
from suprovid.people.validators import RNOKPP_EPOCH
from suprovid.territory.models import Territory
from suprovid.territory.names import normalize_place

HEADER = [
    "appeal_number", "received_on", "channel", "appeal_type", "institution_code",
    "last_name", "first_name", "patronymic", "birth_date", "rnokpp", "phone", "statuses",
    "territory_code", "topic", "issue_text", "specialist_email", "status", "outcome",
    "support_kind", "closed_on", "health_ground",
]  # fmt: skip
OBLAST = "UA06000000000000001"  # a made-up code of the КАТОТТГ shape, not a real unit
INSTITUTIONS = 12
SPECIALISTS_PER_INSTITUTION = 4
TOPICS = [
    "documents", "documents.restore", "documents.issue", "legal", "legal.consultation",
    "legal.court", "payments", "payments.pension", "payments.one_time", "social", "benefits",
    "housing", "housing.compensation", "employment", "employment.job", "education.it",
    "status.combatant", "medical", "medical.treatment", "rehabilitation", "psychological",
]  # fmt: skip
STATUSES = [
    "combatant", "combatant", "combatant;demobilized", "war_participant", "family_fallen",
    "family_missing", "family_serving", "war_disabled", "", "",
]  # fmt: skip
TEXTS = [
    "Просить роз’яснити порядок отримання статусу",
    "Потрібна допомога з відновленням документів",
    "Звернувся щодо призначення пенсії",
    "Консультація з питань пільг на комунальні послуги",
    "Просить направити на реабілітацію",
    "Пошук роботи після демобілізації",
]
OUTCOMES = ["resolved"] * 6 + ["explained"] * 2 + ["refused", "forwarded", "withdrawn"]
SUPPORT = ["documents", "legal_consultation", "social", "employment", "medical", "other"]
CHANNELS = ["in_person"] * 5 + ["phone", "phone", "online", "post", "email", "outreach"]


def rnokpp(birth: dt.date, serial: int, sex: str) -> str:
    """A checksum-valid РНОКПП for this birth date and sex (digit 9 odd for men)."""
    from stdnum.ua import rntrc

    days = (birth - RNOKPP_EPOCH).days
    sex_digit = (serial % 5) * 2 + (1 if sex == "M" else 0)
    digits = f"{days:05d}{serial % 1000:03d}{sex_digit}"
    return digits + rntrc.calc_check_digit(digits)


@dataclass
class Fixture:
    """What a journal refers to: territories, institutions with their specialists' e-mails."""

    territories: list[str]
    institutions: list[tuple[str, list[str]]]


def ensure_fixture() -> Fixture:
    """The territory tree, institutions and staff accounts of the bench (idempotent)."""
    units = [Territory(code=OBLAST, level=1, category="О", name="Бенчова область")]
    cities: list[str] = []
    for r in range(1, 4):
        raion = f"UA06{r:02d}000000000{r:04d}"
        units.append(Territory(code=raion, parent_id=OBLAST, level=2, category="Р",
                               name=f"Бенчовий район {r}"))  # fmt: skip
        for h in range(1, 6):
            city = f"UA06{r:02d}{h:03d}001000{r * 10 + h:03d}"
            units.append(Territory(code=city, parent_id=raion, level=4, category="М",
                                   name=f"Бенчове місто {r}-{h}"))  # fmt: skip
            cities.append(city)
    for unit in units:
        unit.name_norm = normalize_place(unit.name)
        unit.edition = "bench"
    Territory.objects.bulk_create(units, ignore_conflicts=True)
    institutions: list[tuple[str, list[str]]] = []
    for i in range(1, INSTITUTIONS + 1):
        institution, _ = Institution.objects.get_or_create(
            code=f"JB-{i:03d}",
            defaults={
                "name": f"Центр надання соціальних послуг № {i}",
                "kind": InstitutionKind.SOCIAL_SERVICES,
                "territory_id": cities[i % len(cities)],
            },
        )
        emails = []
        for s in range(1, SPECIALISTS_PER_INSTITUTION + 1):
            email = f"journal-bench-{i:03d}-{s}@example.test"
            user, _ = User.objects.get_or_create(
                email=email,
                defaults={
                    "full_name": f"Фахівець {i}-{s}",
                    "role": Role.SPECIALIST,
                    "institution": institution,
                    "password": "!",
                },
            )
            Specialist.objects.get_or_create(
                email=email,
                defaults={"institution": institution, "full_name": user.full_name, "user": user},
            )
            emails.append(email)
        institutions.append((institution.code, emails))
    return Fixture(territories=cities, institutions=institutions)


def reset() -> None:
    """Empty what an import writes (persons, appeals, issues, audit entries and the tables
    pointing at them), keeping the fixture: the bench database only."""
    models = [AuditEntry, Issue, Appeal, AppealCounter, PersonStatus, Consent, PersonReach, Person]
    tables = [m._meta.db_table for m in models]
    sql = connection.ops.sql_flush(no_style(), tables, allow_cascade=True)
    connection.ops.execute_sql_flush(sql)


@dataclass
class _Someone:
    last_name: str
    first_name: str
    patronymic: str
    birth: dt.date
    rnokpp: str
    phone: str
    statuses: str
    territory: str
    ground: str


def journal(
    rows: int, fixture: Fixture, *, seed: int = 13
) -> tuple[list[dict[str, str]], list[Person]]:
    """`rows` journal rows (≈3.2 issues per appeal, one person per ≈4 rows, a quarter of them
    without РНОКПП) and the persons to register before the import (≈30 % of the file's
    people, and namesakes of another birth date for ≈2 % of those without РНОКПП)."""
    rng = random.Random(seed)
    people: list[_Someone] = []
    for k in range(max(rows // 4, 1)):
        sex = rng.choice("MF")
        last, first, patronymic = random_name(rng, sex)
        birth = dt.date(1955, 1, 1) + dt.timedelta(days=rng.randrange(17000))
        status = rng.choice(STATUSES)
        people.append(
            _Someone(
                last_name=last,
                first_name=first,
                patronymic=patronymic,
                birth=birth,
                rnokpp=rnokpp(birth, k, sex) if k % 4 else "",
                phone=f"+38067{rng.randrange(10**7):07d}" if rng.random() < 0.8 else "",
                statuses=status,
                territory=rng.choice(fixture.territories),
                ground="vital_interests" if "war_disabled" in status and k % 3 == 0 else "",
            )
        )
    registered: list[Person] = []
    for k, p in enumerate(people):
        if k % 10 < 3:
            registered.append(
                Person(
                    last_name=p.last_name,
                    first_name=p.first_name,
                    patronymic=p.patronymic,
                    birth_date=p.birth,
                    rnokpp=p.rnokpp,
                    phone=p.phone,
                    territory_id=p.territory,
                )
            )
        elif not p.rnokpp and k % 50 == 4:
            registered.append(
                Person(
                    last_name=p.last_name,
                    first_name=p.first_name,
                    patronymic=p.patronymic,
                    birth_date=p.birth + dt.timedelta(days=400),
                    territory_id=p.territory,
                )
            )
    out: list[dict[str, str]] = []
    today = dt.date.today()
    appeal = 0
    while len(out) < rows:
        appeal += 1
        code, emails = rng.choice(fixture.institutions)
        received = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(330))
        channel = rng.choice(CHANNELS)
        appeal_type = "request" if rng.random() < 0.9 else rng.choice(["proposal", "complaint"])
        applicant = rng.choice(people)
        for n in range(min(rng.choice([1, 2, 3, 3, 4, 4, 5, 3, 2, 5]), rows - len(out))):
            p = applicant if n == 0 or rng.random() < 0.7 else rng.choice(people)
            status = rng.choices(["closed", "in_progress", "open"], [80, 10, 10])[0]
            outcome = rng.choice(OUTCOMES) if status == "closed" else ""
            closed = min(received + dt.timedelta(days=rng.randint(1, 40)), today)
            born = p.birth.strftime("%d.%m.%Y") if rng.random() < 0.3 else p.birth.isoformat()
            out.append(
                {
                    "appeal_number": f"{code}/Ж/{appeal:06d}",
                    "received_on": received.strftime("%d.%m.%Y")
                    if appeal % 3 == 0
                    else received.isoformat(),
                    "channel": channel,
                    "appeal_type": appeal_type,
                    "institution_code": code,
                    "last_name": p.last_name,
                    "first_name": p.first_name,
                    "patronymic": p.patronymic,
                    "birth_date": born,
                    "rnokpp": p.rnokpp,
                    "phone": p.phone,
                    "statuses": p.statuses,
                    "territory_code": p.territory,
                    "topic": rng.choice(TOPICS),
                    "issue_text": rng.choice(TEXTS),
                    "specialist_email": rng.choice(emails),
                    "status": status,
                    "outcome": outcome,
                    "support_kind": rng.choice(SUPPORT) if outcome == "resolved" else "",
                    "closed_on": closed.isoformat() if status == "closed" else "",
                    "health_ground": p.ground,
                }
            )
    return out, registered


def register(persons: Sequence[Person]) -> None:
    """Register the persons known before the import, as the services would have."""
    for person in persons:
        person.refresh_search_fields()
    Person.objects.bulk_create(persons, batch_size=500)
    rebuild_reach()


def write_journal(path: Path, rows: Sequence[dict[str, str]]) -> Path:
    """The journal as Ukrainian Excel saves it: Windows-1251, `;`-separated."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER, delimiter=";")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode("cp1251"))
    return path
