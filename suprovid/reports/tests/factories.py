"""A hand-built dataset for the reports, where every figure is known by construction.

Period under test: 2025-01-01 … 2025-06-30. Territory: Dnipropetrovsk oblast (Kryvyi Rih
centre in the city, a healthcare facility in the Saksahan city district); Zhytomyr is
another oblast. Each record below says which figure it feeds, and why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from suprovid import testing as t
from suprovid.appeals.models import Issue, IssueStatus
from suprovid.network.models import Institution, InstitutionKind
from suprovid.people.models import Person, StatusCode

D = dt.date
PERIOD_FROM = D(2025, 1, 1)
PERIOD_TO = D(2025, 6, 30)


def closed(outcome: str, on: dt.date) -> dict[str, Any]:
    return {
        "status": IssueStatus.CLOSED,
        "outcome": outcome,
        "closed_on": on,
        "support_kind": "documents" if outcome == "resolved" else "",
    }


@dataclass
class Dataset:
    kr_centre: Institution
    kr_hospital: Institution
    zh_centre: Institution
    people: dict[str, Person] = field(default_factory=dict)
    issues: dict[str, Issue] = field(default_factory=dict)


# The figures for Dnipropetrovsk oblast in the period, derived in the comments below.
EXPECTED_DNIPRO: dict[str, Any] = {
    "period": {"from": "2025-01-01", "to": "2025-06-30"},
    "territory": t.DNIPRO_OBLAST,
    "appeals": 3,  # A1, A2, A3 (A0 before, A4 after the period; ZH elsewhere)
    "issues": 7,  # i1–i3, i4–i6, i7
    "issues_by_topic": {
        "status": 0,
        "documents": 2,  # i1 (documents.restore, second level) + i3
        "payments": 1,  # i6
        "benefits": 0,
        "social": 1,  # i5
        "medical": 1,  # i4 (medical.treatment)
        "rehabilitation": 0,
        "psychological": 0,
        "legal": 2,  # i2 + i7 (legal.court)
        "employment": 0,
        "education": 0,
        "business": 0,
        "housing": 0,  # i8 is housing, but its appeal is from 2024
        "land": 0,
        "transport": 0,
        "sport": 0,
        "family_support": 0,
        "other": 0,
    },
    "issues_by_outcome": {
        "resolved": 4,  # i1, i2, i5, i7
        "explained": 1,  # i3
        "forwarded": 0,
        "refused": 0,
        "withdrawn": 0,
        "not_considered": 0,
        "open": 2,  # i6 open; i4 resolved only after the period
    },
    # vet1 (i1, i2), fam2 (i5), vet_expired (i7), vet2 (i8: a 2024 appeal closed in 2025)
    "persons_helped": 4,
    # vet1 and vet2; fam2 is a family member, vet_expired's status ended in 2024
    "veterans_helped": 2,
    # centre: 12 in force at 30.06 (10 earlier, 20 only from September) + hospital 5
    "positions_planned": 17,
    # centre: s1 (s2 left in May, s3 starts in July) + hospital h1, h2
    "specialists": 3,
    "specialists_in_healthcare": 2,
    # at 30.06: i4 (due 04.04, closed only in July), i6 (due 04.04), i9 (2024 backlog)
    "overdue_open_issues": 3,
}


def build_dataset(kr_centre: Institution, zh_centre: Institution) -> Dataset:
    kr_hospital = t.InstitutionFactory(
        code="KR-HOSP",
        name="КНП Криворізька лікарня",
        kind=InstitutionKind.HEALTHCARE,
        territory_id=t.KR_DISTRICT_SAKSAHAN,
    )
    ds = Dataset(kr_centre=kr_centre, kr_hospital=kr_hospital, zh_centre=zh_centre)
    p: dict[str, Any] = ds.people
    p["vet1"] = t.PersonFactory(last_name="Ветеран", first_name="Перший")
    t.give_status(p["vet1"], StatusCode.COMBATANT)
    p["vet2"] = t.PersonFactory(last_name="Ветеран", first_name="Другий")
    t.give_status(p["vet2"], StatusCode.WAR_DISABLED, valid_from=D(2023, 1, 1))
    p["fam1"] = t.PersonFactory(last_name="Родина", first_name="Перша")
    t.give_status(p["fam1"], StatusCode.FAMILY_FALLEN)
    p["fam2"] = t.PersonFactory(last_name="Родина", first_name="Друга")
    t.give_status(p["fam2"], StatusCode.FAMILY_FALLEN)
    p["vet_expired"] = t.PersonFactory(last_name="Колишній", first_name="Статус")
    t.give_status(p["vet_expired"], StatusCode.COMBATANT, valid_to=D(2024, 12, 31))

    i = ds.issues

    def issue(key: str, person: str, inst: Institution, **kw: Any) -> Issue:
        i[key] = t.make_issue(person=p[person], institution=inst, **kw)
        return i[key]

    # A1, centre, 10.01.2025
    a1 = issue(
        "i1",
        "vet1",
        kr_centre,
        received_on=D(2025, 1, 10),
        topic="documents.restore",
        **closed("resolved", D(2025, 1, 20)),
    ).appeal
    issue("i2", "vet1", kr_centre, appeal=a1, topic="legal", **closed("resolved", D(2025, 2, 1)))
    issue(
        "i3", "fam1", kr_centre, appeal=a1, topic="documents", **closed("explained", D(2025, 1, 15))
    )
    # A2, hospital, 05.03.2025 (due dates default to +30 days: 04.04.2025)
    a2 = issue(
        "i4",
        "vet2",
        kr_hospital,
        received_on=D(2025, 3, 5),
        topic="medical.treatment",
        **closed("resolved", D(2025, 7, 15)),
    ).appeal
    issue(
        "i5", "fam2", kr_hospital, appeal=a2, topic="social", **closed("resolved", D(2025, 3, 20))
    )
    issue("i6", "fam1", kr_hospital, appeal=a2, topic="payments")
    # A3, centre, on the last day of the period
    issue(
        "i7",
        "vet_expired",
        kr_centre,
        received_on=D(2025, 6, 30),
        topic="legal.court",
        **closed("resolved", D(2025, 6, 30)),
    )
    # A0, centre, before the period: not counted as appeal/issue, but i8's resolution
    # in January helps vet2 this period and i9 is overdue backlog.
    a0 = issue(
        "i8",
        "vet2",
        kr_centre,
        received_on=D(2024, 12, 20),
        topic="housing",
        **closed("resolved", D(2025, 1, 5)),
    ).appeal
    issue("i9", "fam2", kr_centre, appeal=a0, topic="documents", due_on=D(2025, 1, 19))
    # A4, centre, after the period
    issue("i10", "vet1", kr_centre, received_on=D(2025, 7, 1), topic="documents")
    # Zhytomyr: another oblast
    z = issue(
        "i11",
        "vet1",
        zh_centre,
        received_on=D(2025, 2, 1),
        topic="legal",
        **closed("resolved", D(2025, 2, 10)),
    ).appeal
    issue("i12", "fam1", zh_centre, appeal=z, topic="benefits", due_on=D(2025, 3, 1))

    # Staffing plans: the one in force at the period's end counts.
    t.plan_positions(kr_centre, 10, D(2024, 1, 1))
    t.plan_positions(kr_centre, 12, D(2025, 3, 1))
    t.plan_positions(kr_centre, 20, D(2025, 9, 1))
    t.plan_positions(kr_hospital, 5, D(2024, 6, 1))
    t.plan_positions(zh_centre, 7, D(2024, 1, 1))
    # Specialists active at the period's end.
    t.SpecialistFactory(institution=kr_centre, active_from=D(2024, 1, 1))  # s1
    t.SpecialistFactory(institution=kr_centre, active_to=D(2025, 5, 31))  # s2 left
    t.SpecialistFactory(institution=kr_centre, active_from=D(2025, 7, 1))  # s3 later
    t.SpecialistFactory(institution=kr_hospital)  # h1
    t.SpecialistFactory(institution=kr_hospital, active_from=D(2025, 1, 1))  # h2
    t.SpecialistFactory(institution=zh_centre)  # z1
    return ds
