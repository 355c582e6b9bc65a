"""Dashboard, drill-down lists and downloads: access, scope and what a user sees."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import zlib

import pytest
from openpyxl import load_workbook

from suprovid import testing as t
from suprovid.accounts.models import Role
from suprovid.cases.models import SupportCase

from .factories import EXPECTED_DNIPRO

pytestmark = pytest.mark.django_db
PERIOD = {"from": "2025-01-01", "to": "2025-06-30"}


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def xlsx_rows(response, sheet: int = 0) -> list[list[object]]:
    workbook = load_workbook(io.BytesIO(response.getvalue()))
    return [list(r) for r in workbook.worksheets[sheet].iter_rows(values_only=True)]


# --- access -------------------------------------------------------------------------


def test_coordinator_sees_dashboard_with_figures_and_drilldown_links(
    client, dataset, dnipro_coordinator
):
    client.force_login(dnipro_coordinator)
    response = client.get("/reports/", PERIOD)
    assert response.status_code == 200
    body = response.content.decode()
    assert response.context["data"] == {**EXPECTED_DNIPRO, "territory": None}
    assert "chart.umd.min.js" in body
    assert "/reports/issues/?" in body and "overdue=1" in body
    assert "/reports/appeals/?" in body and "month=2025-03" in body


def test_the_dashboard_shows_the_first_rows_of_long_tables_and_says_how_many_there_are(
    client, dataset, dnipro_coordinator, monkeypatch
):
    import importlib

    dashboard = importlib.import_module("suprovid.reports.views.dashboard")
    client.force_login(dnipro_coordinator)
    full = client.get("/reports/", PERIOD).context["positions"]
    assert len(full) >= 2  # the centre and the hospital
    monkeypatch.setattr(dashboard, "DASHBOARD_ROWS", 1)
    response = client.get("/reports/", PERIOD)
    body = response.content.decode()
    assert [r["name"] for r in response.context["positions"]] == [full[0]["name"]]
    assert response.context["charts"]["positions"]["labels"] == [full[0]["name"]]
    assert f"Перші 1 із {len(full)} установ; усі — у CSV та XLSX." in body
    assert full[1]["name"] not in body


@pytest.mark.parametrize("role", [Role.SPECIALIST, Role.INTAKE, Role.PARTNER, Role.AUDITOR])
def test_non_coordinators_get_404_for_the_dashboard(client, make_user, tree, role):
    client.force_login(make_user(role, territory_id=t.DNIPRO_OBLAST))
    assert client.get("/reports/").status_code == 404
    assert client.get("/reports/issues/", PERIOD).status_code == 404


def test_coordinator_of_another_oblast_gets_404_for_kryvyi_rih(client, dataset, zh_coordinator):
    client.force_login(zh_coordinator)
    for url in ("/reports/", "/reports/issues/", "/reports/summary.pdf", "/reports/open-data/"):
        assert client.get(url, {**PERIOD, "territory": t.KR_CITY}).status_code == 404, url


def test_admin_dashboard_defaults_to_this_year(client, admin_user, tree):
    client.force_login(admin_user)
    response = client.get("/reports/")
    assert response.status_code == 200
    assert response.context["data"]["period"]["from"].endswith("-01-01")


def test_malformed_territory_is_shown_as_an_error(client, admin_user, tree):
    client.force_login(admin_user)
    response = client.get("/reports/", {**PERIOD, "territory": "UA12"})
    assert response.status_code == 400
    assert "UA" in response.content.decode()


# --- drill-down lists ------------------------------------------------------------


def test_overdue_drilldown_lists_exactly_the_counted_issues(client, dataset, dnipro_coordinator):
    client.force_login(dnipro_coordinator)
    response = client.get("/reports/issues/", {**PERIOD, "overdue": "1"})
    assert response.status_code == 200
    shown = {row[0][0] for row in response.context["rows"]}
    expected = {dataset.issues[k].appeal.number for k in ("i4", "i6", "i9")}
    assert shown == expected
    assert response.context["page"].paginator.count == EXPECTED_DNIPRO["overdue_open_issues"]


def test_topic_and_outcome_drilldowns_count_like_the_summary(client, dataset, dnipro_coordinator):
    client.force_login(dnipro_coordinator)
    for params, n in (
        ({"topic": "documents"}, 2),
        ({"topic": "legal"}, 2),
        ({"outcome": "resolved"}, 4),
        ({"outcome": "open"}, 2),
    ):
        response = client.get("/reports/issues/", {**PERIOD, **params})
        assert response.context["page"].paginator.count == n, params


def test_month_drilldown_lists_the_appeals_of_that_month(client, dataset, dnipro_coordinator):
    client.force_login(dnipro_coordinator)
    response = client.get("/reports/appeals/", {**PERIOD, "month": "2025-03"})
    assert [r[0][0] for r in response.context["rows"]] == [dataset.issues["i4"].appeal.number]


def test_veterans_drilldown_lists_veterans_helped(client, dataset, dnipro_coordinator):
    client.force_login(dnipro_coordinator)
    response = client.get("/reports/helped/", {**PERIOD, "veterans": "1"})
    names = sorted(r[0][1] for r in response.context["rows"])
    assert names == ["Другий", "Перший"]  # vet1, vet2; not fam2 nor vet_expired


def test_drilldown_list_uses_a_fixed_number_of_queries(
    client, dataset, dnipro_coordinator, django_assert_max_num_queries
):
    client.force_login(dnipro_coordinator)
    with django_assert_max_num_queries(12):
        response = client.get("/reports/issues/", PERIOD)
    assert response.status_code == 200


# --- exports ----------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://evil.test")', "+380501234567", "-1", "@SUM(A1:A2)"]


@pytest.fixture
def formula_people(kr_centre):
    people = []
    for i, text in enumerate(FORMULAS):
        person = t.PersonFactory(last_name=text, first_name="Тест", patronymic="")
        t.make_issue(
            person=person,
            institution=kr_centre,
            received_on=t.dt.date(2025, 2, 1 + i),
            status="closed",
            outcome="resolved",
            support_kind="documents",
            closed_on=t.dt.date(2025, 2, 10),
        )
        people.append(person)
    return people


def test_exports_neutralise_spreadsheet_formulas_in_names(client, tree, formula_people, admin_user):
    client.force_login(admin_user)
    csv_cells = [
        r[0] for r in csv_rows(client.get("/reports/helped/", {**PERIOD, "export": "csv"}))[1:]
    ]
    xlsx_cells = [
        r[0] for r in xlsx_rows(client.get("/reports/helped/", {**PERIOD, "export": "xlsx"}))[1:]
    ]
    for cells in (csv_cells, xlsx_cells):
        assert sorted(map(str, cells)) == sorted("'" + f for f in FORMULAS)
    issue_rows = csv_rows(client.get("/reports/issues/", {**PERIOD, "export": "csv"}))
    assert {r[3] for r in issue_rows[1:]} == {"'" + f + " Тест" for f in FORMULAS}


def test_summary_downloads_as_csv_and_xlsx(client, dataset, admin_user):
    client.force_login(admin_user)
    params = {**PERIOD, "territory": t.DNIPRO_OBLAST}
    csv_values = [
        r[1] for r in csv_rows(client.get("/reports/summary/", {**params, "export": "csv"}))
    ]
    xlsx_values = [
        r[1] for r in xlsx_rows(client.get("/reports/summary/", {**params, "export": "xlsx"}))
    ]
    assert "3" in csv_values and 3 in xlsx_values  # appeals
    assert "17" in csv_values and 17 in xlsx_values  # positions planned


def test_caseload_flags_specialists_over_the_norm(
    client, dataset, dnipro_coordinator, make_user, kr_centre
):
    busy = make_user(Role.SPECIALIST, full_name="Зайнята Фахівчиня", institution=kr_centre)
    calm = make_user(Role.SPECIALIST, full_name="Вільний Фахівець", institution=kr_centre)
    for specialist, n in ((busy, 36), (calm, 35)):
        SupportCase.objects.bulk_create(
            SupportCase(
                primary_person=t.PersonFactory(),  # one household per case, as in life
                specialist=specialist,
                institution=kr_centre,
                opened_on=t.dt.date(2025, 1, 1),
            )
            for _ in range(n)
        )
    client.force_login(dnipro_coordinator)
    rows = client.get("/reports/", PERIOD).context["caseload"]
    assert [(r["name"], r["open_cases"], r["over_norm"]) for r in rows] == [
        ("Зайнята Фахівчиня", 36, True),
        ("Вільний Фахівець", 35, False),
    ]
    exported = xlsx_rows(client.get("/reports/caseload/", {**PERIOD, "export": "xlsx"}))
    assert [r[1] for r in exported[1:]] == [36, 35]


def test_positions_by_institution_planned_and_filled(client, dataset, dnipro_coordinator):
    client.force_login(dnipro_coordinator)
    rows = client.get("/reports/", PERIOD).context["positions"]
    assert {(r["code"], r["planned"], r["filled"]) for r in rows} == {
        ("KR-CSS", 12, 1),
        ("KR-HOSP", 5, 2),
    }


# --- statutory quarterly report ------------------------------------------------------


def test_quarterly_report_is_the_numbered_classifier_form(client, dataset, admin_user):
    a1 = dataset.issues["i1"].appeal
    a1.channel, a1.sign, a1.form, a1.author_category, a1.signatories = (
        "phone",
        "repeated",
        "collective",
        "combatant",
        3,
    )
    a1.save()
    client.force_login(admin_user)
    response = client.get(
        "/reports/quarterly/", {"year": 2025, "quarter": 1, "territory": t.DNIPRO_OBLAST}
    )
    assert response.status_code == 200
    rows = {r[0]: r[2] for r in xlsx_rows(response) if r and r[0]}
    # Q1 2025 in Dnipro oblast: A1 (phone, repeated, collective, combatant) and A2
    # (in person, first, individual, no category). A0 is from 2024, A3 from Q2.
    assert rows["1.1"] == 1 and rows["1.1.1"] == 1  # by phone counts under 1.1, "з них"
    assert rows["1.2"] == 1
    assert rows["2.2"] == 1 and rows["2.1"] == 1
    assert rows["5.2"] == 1 and rows["5.1"] == 1
    assert rows["3.2"] == 2
    assert rows["7.5"] == 1 and rows["7.22"] == 1  # "Інші категорії"
    topics = xlsx_rows(response, sheet=1)
    assert topics[0][1] == "Питання (тематика)"


def test_quarterly_without_parameters_shows_the_form(client, admin_user, tree):
    client.force_login(admin_user)
    response = client.get("/reports/quarterly/")
    assert response.status_code == 200
    assert b"<form" in response.content


# --- open data ---------------------------------------------------------------------


@pytest.fixture
def open_dataset(kr_centre, zh_centre):
    """Kryvyi Rih: 6 legal issues in March (shown), 3 housing (withheld); Zhytomyr: 5."""
    person = t.PersonFactory()
    for topic, n, inst in (
        ("legal", 6, kr_centre),
        ("housing", 3, kr_centre),
        ("legal", 5, zh_centre),
    ):
        for i in range(n):
            t.make_issue(
                person=person,
                institution=inst,
                received_on=t.dt.date(2025, 3, 1 + i),
                topic=topic,
                status="closed",
                outcome="resolved",
                support_kind="legal_consultation",
                closed_on=t.dt.date(2025, 3, 20),
            )


def test_open_data_withholds_cells_below_five(client, open_dataset, admin_user):
    client.force_login(admin_user)
    response = client.get("/api/v1/reports/open-data/", {**PERIOD, "level": "1"})
    assert response.status_code == 200
    rows = {(r["territory_code"], r["topic"], r["month"]): r for r in response.json()["results"]}
    assert rows[(t.DNIPRO_OBLAST, "legal", "2025-03")]["issues"] == 6
    assert rows[(t.DNIPRO_OBLAST, "housing", "2025-03")]["issues"] is None
    assert rows[(t.DNIPRO_OBLAST, "housing", "2025-03")]["resolved"] is None
    assert rows[(t.ZH_OBLAST, "legal", "2025-03")]["issues"] == 5
    csv_data = csv_rows(client.get("/reports/open-data/", {**PERIOD, "export": "csv"}))
    assert csv_data[0] == [
        "territory_code",
        "territory_name",
        "topic",
        "month",
        "issues",
        "resolved",
    ]
    housing = next(r for r in csv_data if r[2] == "housing")
    assert housing[4:] == ["<5", "<5"]


def test_open_data_has_no_personal_data(client, open_dataset, admin_user):
    client.force_login(admin_user)
    response = client.get("/reports/open-data/", {**PERIOD, "export": "json", "level": "3"})
    body = json.loads(response.content)
    assert set(body["results"][0]) == {
        "territory_code",
        "territory_name",
        "topic",
        "month",
        "issues",
        "resolved",
    }
    assert {r["territory_code"] for r in body["results"]} == {t.KR_HROMADA, t.ZH_HROMADA}
    assert "Шевченко" not in response.content.decode()


def test_open_data_is_scoped(client, open_dataset, zh_coordinator):
    client.force_login(zh_coordinator)
    response = client.get("/api/v1/reports/open-data/", PERIOD)
    assert {r["territory_code"] for r in response.json()["results"]} == {t.ZH_OBLAST}


# --- PDF --------------------------------------------------------------------------


def pdf_chunks(pdf: bytes) -> list[bytes]:
    """The PDF and its decompressed streams (object streams hold the page objects)."""
    chunks = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return chunks


def pdf_page_count(pdf: bytes) -> int:
    return sum(len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", c)) for c in pdf_chunks(pdf))


def pdf_text(pdf: bytes, html: str) -> str:
    """The PDF's text by pdftotext; without it, the text WeasyPrint laid out on its pages."""
    if shutil.which("pdftotext"):
        result = subprocess.run(
            ["pdftotext", "-layout", "-", "-"],  # noqa: S607
            input=pdf,
            capture_output=True,
            check=True,
        )
        text = result.stdout.decode()
    else:  # pragma: no cover - depends on the machine
        from weasyprint import HTML

        document = HTML(string=html).render()
        text = " ".join(
            box.text for box in document.pages[0]._page_box.descendants() if hasattr(box, "text")
        )
    return " ".join(text.replace("\u00a0", " ").split())


def test_summary_pdf_is_one_page_in_ukrainian_with_the_figures(client, dataset, admin_user):
    from suprovid.reports.pdf import summary_html
    from suprovid.reports.queries import summary

    client.force_login(admin_user)
    response = client.get("/reports/summary.pdf", {**PERIOD, "territory": t.DNIPRO_OBLAST})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    assert pdf_page_count(pdf) == 1
    assert b"DejaVu-Sans" in b"".join(pdf_chunks(pdf))  # the font is embedded
    from django.utils import translation

    with translation.override("uk"):
        html = summary_html(
            summary(
                date_from=t.dt.date(2025, 1, 1),
                date_to=t.dt.date(2025, 6, 30),
                territory_code=t.DNIPRO_OBLAST,
            ),
            territory_name="Дніпропетровська",
        )
    text = pdf_text(pdf, html)
    assert "Дніпропетровська" in text
    for phrase in (
        "3 звернення",
        "7 питань",
        "2 ветерани отримали практичну допомогу",
        "3 фахівці на 17 посадах",
        "з них 2 у закладах охорони здоров",
    ):
        assert phrase in text, (phrase, text)


def test_pdf_headline_groups_thousands_and_agrees_in_number():
    from django.utils import translation

    from suprovid.reports.pdf import headline

    data = {
        "appeals": 7704,
        "issues": 24918,
        "veterans_helped": 2595,
        "specialists": 108,
        "positions_planned": 130,
        "specialists_in_healthcare": 21,
    }
    with translation.override("uk"):
        text = headline(data).replace("\u00a0", " ")
    assert text == (
        "7 704 звернення, 24 918 питань, 2 595 ветеранів отримали практичну допомогу, "
        "108 фахівців на 130 посадах, з них 21 у закладах охорони здоров’я"
    )


def test_a_withheld_open_data_cell_cannot_be_recovered_from_the_total_minus_its_siblings(
    client, kr_centre, zh_centre, admin_user
):
    """Legal issues in March: Dnipro oblast 7, Zhytomyr oblast 3. The summary for March
    publishes 10; were Dnipro's 7 shown, Zhytomyr's withheld cell would be 10 - 7 = 3."""
    person = t.PersonFactory()
    for n, inst in ((7, kr_centre), (3, zh_centre)):
        for i in range(n):
            t.make_issue(
                person=person,
                institution=inst,
                received_on=t.dt.date(2025, 3, 1 + i),
                topic="legal",
            )
    client.force_login(admin_user)
    march = {"from": "2025-03-01", "to": "2025-03-31"}
    total = client.get("/api/v1/reports/summary/", march).json()["issues_by_topic"]["legal"]
    assert total == 10
    rows = client.get("/api/v1/reports/open-data/", {**march, "level": "1"}).json()["results"]
    legal = {r["territory_code"]: r["issues"] for r in rows if r["topic"] == "legal"}
    assert legal[t.ZH_OBLAST] is None
    shown = sum(v for v in legal.values() if v is not None)
    withheld = [code for code, v in legal.items() if v is None]
    assert len(withheld) >= 2, f"{total} - {shown} gives the withheld cell away"
