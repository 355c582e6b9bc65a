"""`import_territories`: the official codifier layout, both letter variants, all or nothing."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from suprovid.territory.models import Category, Territory

ROOT = Path(__file__).resolve().parents[3]
OFFICIAL = ROOT / "data" / "katottg" / "kodifikator-2024-01-19.xlsx"
HEADER = [
    "Перший рівень",
    "Другий рівень",
    "Третій рівень",
    "Четвертий рівень",
    "Додатковий рівень",
    "Категорія об’єкта",
    "Назва об’єкта",
]
OBLAST = "UA12000000000090473"
RAION = "UA12060000000022633"
HROMADA = "UA12060170000091033"
CITY = "UA12060170010065850"
DISTRICT = "UA12060170010145934"
KYIV = "UA80000000000093317"
KYIV_DISTRICT = "UA80000000000126643"

# Latin letters as in the official file, and Cyrillic ones as a person would type them.
SMALL: list[list[object]] = [
    [OBLAST, None, None, None, None, "O", "Дніпропетровська"],
    [OBLAST, RAION, None, None, None, "Р", "Криворізький"],  # Cyrillic Р
    [OBLAST, RAION, HROMADA, None, None, "H", "Криворізька "],  # trailing space, Latin H
    [OBLAST, RAION, HROMADA, CITY, None, "М", "Кривий Ріг"],  # Cyrillic М
    [OBLAST, RAION, HROMADA, CITY, DISTRICT, "B", "Довгинцівський"],
    [KYIV, None, None, None, None, "K", "Київ"],
    [KYIV, KYIV, KYIV, KYIV, KYIV_DISTRICT, "B", "Голосіївський"],
]


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def run(path: Path, *args: str) -> str:
    out = StringIO()
    call_command("import_territories", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_import_builds_the_tree_with_levels_parents_and_cyrillic_categories(tmp_path):
    run(write_xlsx(tmp_path / "kodifikator-2024-01-19.xlsx", SMALL))

    city = Territory.objects.get(pk=CITY)
    assert (city.level, city.category, city.parent_id) == (4, Category.CITY, HROMADA)
    hromada = Territory.objects.get(pk=HROMADA)
    assert (hromada.name, hromada.category) == ("Криворізька", Category.HROMADA)
    assert Territory.objects.get(pk=OBLAST).category == Category.OBLAST
    assert Territory.objects.get(pk=DISTRICT).parent_id == CITY
    kyiv_district = Territory.objects.get(pk=KYIV_DISTRICT)
    assert (kyiv_district.level, kyiv_district.parent_id) == (5, KYIV)
    assert Territory.objects.get(pk=KYIV).category == Category.SPECIAL_CITY
    assert set(Territory.objects.values_list("edition", flat=True)) == {"2024-01-19"}
    assert list(Territory.objects.search("кривий ріг").values_list("pk", flat=True)) == [CITY]


@pytest.mark.django_db
def test_second_import_changes_nothing(tmp_path):
    path = write_xlsx(tmp_path / "kodifikator-2024-01-19.xlsx", SMALL)
    first = run(path)
    second = run(path)

    assert "7 created" in first
    assert "0 created, 0 updated, 7 unchanged" in second


@pytest.mark.django_db
def test_edition_option_wins_and_a_renamed_unit_is_updated(tmp_path):
    run(write_xlsx(tmp_path / "kodifikator-2024-01-19.xlsx", SMALL))
    renamed: list[list[object]] = [row[:] for row in SMALL]
    renamed[3][6] = "Кривий Ріг (нова назва)"
    out = run(write_xlsx(tmp_path / "codifier.xlsx", renamed), "--edition", "2025-06-30")

    assert "0 created, 7 updated" in out
    city = Territory.objects.get(pk=CITY)
    assert (city.name, city.edition) == ("Кривий Ріг (нова назва)", "2025-06-30")


@pytest.mark.django_db
def test_file_name_without_a_date_needs_the_edition_option(tmp_path):
    with pytest.raises(CommandError):
        run(write_xlsx(tmp_path / "codifier.xlsx", SMALL))
    assert not Territory.objects.exists()


@pytest.mark.django_db
def test_malformed_rows_are_all_named_and_nothing_is_written(tmp_path):
    broken: list[list[object]] = [row[:] for row in SMALL]
    broken[1][5] = "Z"  # unknown category, row 3
    broken[3][3] = "UA1206017001006585"  # 16 digits, row 5
    broken.append([OBLAST, RAION, HROMADA, "UA12060170990000000", None, "C", "  "])  # row 9
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_territories",
            str(write_xlsx(tmp_path / "kodifikator-2024-01-19.xlsx", broken)),
            stdout=StringIO(),
            stderr=err,
        )

    messages = err.getvalue()
    assert "row 3: Категорія об’єкта:" in messages
    assert "row 5: Четвертий рівень:" in messages
    assert "row 9: Назва об’єкта:" in messages
    assert not Territory.objects.exists()


@pytest.mark.django_db
def test_child_of_an_unknown_parent_is_an_error(tmp_path):
    orphan = [[OBLAST, RAION, None, None, None, "P", "Криворізький"]]
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_territories",
            str(write_xlsx(tmp_path / "k-2024-01-19.xlsx", orphan)),
            stdout=StringIO(),
            stderr=err,
        )
    assert f"row 2: parent: the parent {OBLAST}" in err.getvalue()


@pytest.mark.django_db
def test_the_official_file_loads_completely():
    # How fast it loads is measured outside the suite (closing notes, make bench): a timed
    # assertion here only measures how busy the machine is.
    out = run(OFFICIAL)

    assert "31751 units read, 31751 created" in out
    assert Territory.objects.filter(category=Category.VILLAGE).count() == 27204
    assert Territory.objects.filter(category=Category.CITY).count() == 459
    found = {
        t.pk: t.parent.parent.name
        for t in Territory.objects.search("Кривий Ріг").select_related("parent__parent")
    }
    assert found == {CITY: "Криворізький", "UA65040070210065625": "Генічеський"}
