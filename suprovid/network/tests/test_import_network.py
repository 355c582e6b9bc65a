"""`import_network` per contract.md: formats, all or nothing, idempotent, staffing plans."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook

from suprovid import testing as t
from suprovid.accounts.models import Role, User
from suprovid.core.models import AuditEntry
from suprovid.network.models import SINCE_ALWAYS, Institution, Specialist, StaffingPlan

HEADER = (
    "institution_code,institution_name,institution_kind,territory_code,positions_planned,"
    "specialist_full_name,specialist_email"
)
GOOD = f"""{HEADER}
ZH-HOSP,КНП «Лікарня № 1»,healthcare,{t.ZH_CITY},3,Олена Дем’яненко,o.demianenko@ex.test
ZH-HOSP,КНП «Лікарня № 1»,healthcare,{t.ZH_CITY},3,Петро Ковальчук,p.kovalchuk@ex.test
KR-CNAP,ЦНАП «Віза»,cnap,{t.KR_CITY},2,,
"""


def write(tmp_path: Path, text: str, *, name: str = "network.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def run(path: Path, *args: str) -> str:
    out = StringIO()
    call_command("import_network", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def run_failing(path: Path, *args: str) -> str:
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_network", str(path), *args, stdout=StringIO(), stderr=err)
    return err.getvalue()


def test_import_creates_institutions_plans_specialists_and_their_accounts(tmp_path, tree):
    out = run(write(tmp_path, GOOD))

    hospital = Institution.objects.get(code="ZH-HOSP")
    assert (hospital.kind, hospital.territory_id) == ("healthcare", t.ZH_CITY)
    assert hospital.positions_planned_on(timezone.localdate()) == 3
    assert hospital.staffing_plans.get().effective_from == SINCE_ALWAYS
    assert Institution.objects.get(code="KR-CNAP").specialists.count() == 0
    olena = Specialist.objects.get(email="o.demianenko@ex.test")
    assert olena.full_name == "Олена Дем’яненко"
    assert (olena.user.role, olena.user.institution, olena.user.territory_id) == (
        Role.SPECIALIST,
        hospital,
        t.ZH_CITY,
    )
    assert "institutions 2 created" in out
    assert AuditEntry.objects.filter(action="specialist.created").count() == 2


def test_second_import_of_the_same_file_changes_nothing(tmp_path, tree):
    path = write(tmp_path, GOOD)
    run(path)
    entries = AuditEntry.objects.count()

    out = run(path)

    assert "institutions 0 created, 0 updated; staffing plans 0 changed" in out
    assert "specialists 0 created, 0 updated; users 0 created" in out
    assert AuditEntry.objects.count() == entries
    assert StaffingPlan.objects.count() == 2


def test_changed_positions_start_a_new_plan_today_and_keep_the_old_one(tmp_path, tree):
    run(write(tmp_path, GOOD))
    run(write(tmp_path, GOOD.replace(f"{t.KR_CITY},2,", f"{t.KR_CITY},5,"), name="v2.csv"))

    cnap = Institution.objects.get(code="KR-CNAP")
    today = timezone.localdate()
    assert cnap.positions_planned_on(today) == 5
    assert cnap.positions_planned_on(today - dt.timedelta(days=1)) == 2


def test_dry_run_checks_and_writes_nothing(tmp_path, tree):
    out = run(write(tmp_path, GOOD), "--dry-run")

    assert "Dry run" in out and "institutions 2 created" in out
    assert not Institution.objects.exists()
    assert not User.objects.exists()
    assert not AuditEntry.objects.exists()


def test_broken_file_lists_every_error_by_row_and_writes_nothing(tmp_path, tree):
    broken = f"""{HEADER}
ZH-HOSP,Лікарня,healthcare,{t.ZH_CITY},3,Олена,o@example.test
ZH-HOSP,Лікарня,healthcare,{t.ZH_CITY},4,Петро,p@example.test
KR-1,ЦНАП,spaceport,{t.KR_CITY},x,,
KR-2,ЦНАП,cnap,UA00000000000000001,1,Іван,
"""
    errors = run_failing(write(tmp_path, broken))

    assert "row 3: positions_planned:" in errors
    assert "row 4: institution_kind: “spaceport” is not one of" in errors
    assert "row 4: positions_planned: “x” is not a whole number." in errors
    assert "row 5: territory_code: there is no territory UA00000000000000001" in errors
    assert "row 5: specialist_email: required with specialist_full_name" in errors
    assert not Institution.objects.exists()
    assert not User.objects.exists()


def test_missing_required_column_is_reported_as_row_1(tmp_path, tree):
    errors = run_failing(write(tmp_path, "institution_code,institution_name\nA,B\n"))
    assert "row 1: territory_code: the column is missing from the header" in errors


def test_windows_1251_file_with_semicolons_and_ukrainian_headers(tmp_path, tree):
    text = (
        "Код закладу;Назва закладу;Тип закладу;Код території;Кількість посад;"
        "ПІБ фахівця;E-mail фахівця\r\n"
        f"ZH-CSS;Житомирський міський центр;social_services;{t.ZH_CITY};2;"
        "Ганна Іваненко;h.ivanenko@example.test\r\n"
    )
    run(write(tmp_path, text, encoding="cp1251"))

    centre = Institution.objects.get(code="ZH-CSS")
    assert centre.name == "Житомирський міський центр"
    assert centre.specialists.get().full_name == "Ганна Іваненко"


def test_utf8_with_bom_and_dd_mm_yyyy_free_file_is_read(tmp_path, tree):
    run(write(tmp_path, "\ufeff" + GOOD.replace(",", ";")))
    assert Institution.objects.count() == 2


def test_xlsx_first_sheet(tmp_path, tree):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(["KR-CSS", "Криворізький ЦНСП", "social_services", t.KR_CITY, 4, None, None])
    workbook.save(tmp_path / "network.xlsx")

    run(tmp_path / "network.xlsx")

    assert Institution.objects.get(code="KR-CSS").positions_planned_on(timezone.localdate()) == 4


def test_existing_user_is_linked_not_changed(tmp_path, tree, make_user, kr_centre):
    coordinator = make_user(Role.COORDINATOR, email="o.demianenko@ex.test")
    run(write(tmp_path, GOOD))

    coordinator.refresh_from_db()
    assert coordinator.role == Role.COORDINATOR
    assert Specialist.objects.get(email="o.demianenko@ex.test").user == coordinator


def test_a_number_of_positions_too_big_to_store_is_a_row_error_and_nothing_is_written(
    tmp_path, tree
):
    text = f"{HEADER}\nZH-HOSP,КНП «Лікарня № 1»,healthcare,{t.ZH_CITY},99999999999,,\n"
    err = run_failing(write(tmp_path, text))
    assert err.startswith("row 2: positions_planned: ")
    assert not Institution.objects.exists()
