"""Synthetic appeals journals for import tests and timing runs. Never real people."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from pathlib import Path

HEADER = [
    "appeal_number", "received_on", "channel", "appeal_type", "institution_code",
    "last_name", "first_name", "patronymic", "birth_date", "rnokpp", "phone", "statuses",
    "territory_code", "topic", "issue_text", "specialist_email", "status", "outcome",
    "support_kind", "closed_on",
]  # fmt: skip
_LAST = ["Шевченко", "Коваленко", "Бондаренко", "Дем’яненко", "Кравчук", "Ткаченко", "Мельник"]
_FIRST = ["Олександр", "Марія", "Андрій", "Ольга", "Юрій", "Ірина", "Богдан"]
_PATR = ["Іванович", "Петрівна", "Олегович", "Миколаївна", "Васильович"]
_TOPICS = ["documents", "legal", "medical", "payments", "housing", "psychological", "employment"]


def rnokpp_for(birth: dt.date, serial: int) -> str:
    """A checksum-valid synthetic РНОКПП for a birth date."""
    days = (birth - dt.date(1899, 12, 31)).days
    digits = f"{days:05d}{serial % 10000:04d}"
    weights = [-1, 5, 7, 9, 4, 6, 10, 5, 7]
    check = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 % 10
    return digits + str(check)


def journal_rows(
    n: int, *, institution: str, email: str, territory: str, seed: int = 1
) -> list[dict[str, str]]:
    """About 3.2 issues per appeal; people recur; a quarter without РНОКПП."""
    rng = random.Random(seed)
    people = []
    for k in range(max(n // 4, 1)):
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(15000))
        people.append(
            {
                "last_name": rng.choice(_LAST),
                "first_name": rng.choice(_FIRST),
                "patronymic": rng.choice(_PATR),
                "birth_date": birth.strftime("%d.%m.%Y") if k % 2 else birth.isoformat(),
                "rnokpp": rnokpp_for(birth, k) if k % 4 else "",
                "phone": f"+38067{k:07d}",
                "statuses": rng.choice(["combatant", "combatant;demobilized", "family_fallen", ""]),
                "territory_code": territory,
            }
        )
    rows: list[dict[str, str]] = []
    appeal = 0
    while len(rows) < n:
        appeal += 1
        received = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(365))
        channel = rng.choice(["in_person", "phone", "online", "post"])
        for _ in range(min(rng.choice([1, 2, 3, 4, 5, 6]), n - len(rows))):
            person = rng.choice(people)
            closed = rng.random() < 0.85
            outcome = rng.choice(["resolved", "resolved", "explained", "refused"]) if closed else ""
            rows.append(
                {
                    "appeal_number": f"{institution}/J/{appeal:06d}",
                    "received_on": received.isoformat(),
                    "channel": channel,
                    "appeal_type": "request",
                    "institution_code": institution,
                    **person,
                    "topic": rng.choice(_TOPICS),
                    "issue_text": "Потрібна допомога",
                    "specialist_email": email,
                    "status": "closed" if closed else "open",
                    "outcome": outcome,
                    "support_kind": "legal_consultation" if outcome == "resolved" else "",
                    "closed_on": (received + dt.timedelta(days=10)).isoformat() if closed else "",
                }
            )
    return rows


def write_csv(
    path: Path, rows: list[dict[str, str]], *, encoding: str = "utf-8-sig", delimiter: str = ","
) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER, delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[dict[str, str]]) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append([row[h] for h in HEADER])
    workbook.save(path)
    return path
