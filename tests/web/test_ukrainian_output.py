"""What a Ukrainian user reads carries no English codes: drill-down titles, the summary XLSX
and CSV, the dashboard's territory, the work-list XLSX, the audit log and a person's history
(field names, values, Kyiv times), the open-data page.

Each output is rendered in Ukrainian (the product's default language) over records made
through the services, and its visible text is searched for the raw codes that used to leak
(`status`, `documents`, `True`, `accepted`, `amount`, a bare КАТОТТГ code, ISO UTC times).
Action codes in the audit log are shown on purpose, as codes (`<code>`, docs/audit-actions.md).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from suprovid import testing as t
from suprovid.accounts.models import Role
from suprovid.appeals import services as appeal_services
from suprovid.appeals.tests.factories import register, sharing_consent
from suprovid.network.models import InstitutionKind
from suprovid.programmes.services import delivery_record
from suprovid.programmes.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

RAW = re.compile(
    r"\b(status|documents|payments|benefits|legal|housing|other|True|False|true|false|None"
    r"|sent|accepted|declined|completed|resolved|open|closed|amount|due_on|outcome_text"
    r"|territory_code|territory_name|topic|month|issues)\b"
)
BARE_CODE = re.compile(r"(?<![\w/])UA\d{17}(?!\w)")
ISO_MOMENT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")


class _Text(HTMLParser):
    """The text a reader sees: no tags, attributes, scripts, styles or shown-as-code spans."""

    SKIP = {"script", "style", "code", "template"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in self.SKIP:
            self.skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def visible_text(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    parser = _Text()
    parser.feed(response.content.decode())
    return " ".join(" ".join(parser.parts).split())


def body(response: Any) -> bytes:
    assert response.status_code == 200, response.status_code
    if response.streaming:
        return b"".join(response.streaming_content)
    return bytes(response.content)


def xlsx_text(response: Any) -> list[str]:
    book = load_workbook(io.BytesIO(body(response)), read_only=True)
    return [
        str(cell)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    ]


def raw_codes(text: str) -> list[str]:
    return sorted(
        {m.group(0) for m in RAW.finditer(text)}
        | {m.group(0) for m in BARE_CODE.finditer(text)}
        | {m.group(0) for m in ISO_MOMENT.finditer(text)}
    )


@pytest.fixture
def records(alice: Any, kr_centre: Any, make_user: Any) -> dict[str, Any]:
    """A Kryvyi Rih veteran's appeal on every top-level topic the leaks named, a referral
    accepted then completed, a paid delivery; the readers of each output."""
    person = t.PersonFactory(last_name="Кравець", first_name="Ганна")
    t.give_status(person, "combatant")
    sharing_consent(person)
    appeal = register(
        user=alice,
        institution=kr_centre,
        applicant=person,
        topics=("status", "documents", "payments", "legal"),
        privileged=True,
        privileged_reason="Учасник бойових дій",
    )
    legal = t.InstitutionFactory(
        code="KR-LAW", name="Юридична клініка", kind=InstitutionKind.PARTNER
    )
    partner = make_user(Role.PARTNER, institution=legal)
    referral = appeal_services.referral_send(
        actor=alice,
        issue=appeal.issues.get(topic__code="legal"),
        institution=legal,
        due_on=timezone.localdate() + dt.timedelta(days=5),
    )
    appeal_services.referral_accept(actor=partner, referral=referral)
    appeal_services.referral_complete(actor=partner, referral=referral, outcome_text="Надано")
    delivery_record(
        actor=alice,
        service=ServiceFactory(name="Грошова допомога"),
        person=person,
        delivered_on=timezone.localdate(),
        amount=Decimal("1500.00"),
    )
    reader = Client()  # the card read: an entry of the person's history for the auditor
    reader.force_login(alice)
    assert reader.get(reverse("people:detail", args=[person.pk])).status_code == 200
    return {
        "person": person,
        "coordinator": make_user(Role.COORDINATOR, institution=kr_centre, territory_id=t.KR_CITY),
        "auditor": make_user(Role.AUDITOR, territory_id=t.DNIPRO_OBLAST),
    }


def test_the_coordinators_drill_down_summary_and_dashboard_name_topics_and_places(
    client: Any, records: dict[str, Any]
) -> None:
    client.force_login(records["coordinator"])
    found = {
        "drill-down": visible_text(client.get(reverse("reports:issues"), {"topic": "status"})),
        "drill-down by outcome": visible_text(
            client.get(reverse("reports:issues"), {"outcome": "open", "topic": "documents"})
        ),
        "dashboard": visible_text(client.get(reverse("reports:dashboard"))),
        "open-data page": visible_text(client.get(reverse("reports:open_data"))),
        "summary XLSX": " | ".join(
            xlsx_text(client.get(reverse("reports:summary"), {"export": "xlsx"}))
        ),
        "summary CSV": body(client.get(reverse("reports:summary"), {"export": "csv"})).decode(
            "utf-8-sig"
        ),
    }
    assert "Питання · Статус" in found["drill-down"]
    assert "Питання за темою Документи" in found["summary XLSX"]
    assert "Територія | Кривий Ріг" in found["summary XLSX"]
    assert {where: raw_codes(text) for where, text in found.items() if raw_codes(text)} == {}


def test_the_work_list_xlsx_says_tak_and_ni(client: Any, alice: Any, records: Any) -> None:
    client.force_login(alice)
    cells = xlsx_text(client.get(reverse("appeals:worklist"), {"export": "xlsx"}))
    assert "Так" in cells
    assert raw_codes(" | ".join(cells)) == []


def test_the_audit_log_and_a_persons_history_read_in_ukrainian_and_kyiv_time(
    client: Any, records: dict[str, Any]
) -> None:
    client.force_login(records["auditor"])
    log = visible_text(client.get(reverse("core:audit")))
    history = visible_text(
        client.get(reverse("core:person_history"), {"person": records["person"].pk})
    )
    assert "→" in log  # changes are shown, field by field
    assert {
        where: raw_codes(text)
        for where, text in {"audit log": log, "person's history": history}.items()
        if raw_codes(text)
    } == {}
