"""Codifier editions kept straight: CSV input, downgrade refused, renames remembered,
abolished units marked and refused for new records, the picker ranks what people mean."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from suprovid import testing as t
from suprovid.territory.forms import TerritoryField
from suprovid.territory.models import Territory, TerritoryEdition, TerritoryName

pytestmark = pytest.mark.django_db
HEADER = (
    "Перший рівень;Другий рівень;Третій рівень;Четвертий рівень;Додатковий рівень;"
    "Категорія об’єкта;Назва об’єкта"
)
OBLAST = "UA46000000000026241"
RAION = "UA46060000000042587"
HROMADA = "UA46060370000065319"
CITY = "UA46060370010099970"
GONE = "UA46060370020071009"


def _rows(city: str, hromada: str, *, with_gone: bool) -> list[str]:
    rows = [
        f"{OBLAST};;;;;O;Львівська",
        f"{OBLAST};{RAION};;;;P;Шептицький"
        if city == "Шептицький"
        else f"{OBLAST};{RAION};;;;P;Червоноградський",
        f"{OBLAST};{RAION};{HROMADA};;;H;{hromada}",
        f"{OBLAST};{RAION};{HROMADA};{CITY};;M;{city}",
    ]
    if with_gone:
        rows.append(f"{OBLAST};{RAION};{HROMADA};{GONE};;C;Зникле")
    return rows


def write(path: Path, rows: list[str], *, encoding: str = "utf-8", delimiter: str = ";") -> Path:
    text = "\n".join([HEADER, *rows]).replace(";", delimiter) + "\n"
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def old_edition(tmp_path: Path) -> Path:
    return write(
        tmp_path / "kodifikator-2024-01-19.csv",
        _rows("Червоноград", "Червоноградська", with_gone=True),
        encoding="cp1251",
    )


@pytest.fixture
def new_edition(tmp_path: Path) -> Path:
    return write(
        tmp_path / "kodifikator-2025-05-16.csv",
        _rows("Шептицький", "Шептицька", with_gone=False),
        encoding="utf-8-sig",
        delimiter=",",
    )


def run(path: Path, *args: str) -> str:
    out = StringIO()
    call_command("import_territories", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_older_then_newer_edition_renames_keeps_former_names_and_abolishes(
    old_edition, new_edition
):
    run(old_edition)
    out = run(new_edition)

    city = Territory.objects.get(pk=CITY)
    assert (city.name, city.edition, city.abolished_in) == ("Шептицький", "2025-05-16", "")
    assert list(TerritoryName.objects.filter(territory=city).values_list("name", flat=True)) == [
        "Червоноград"
    ]
    gone = Territory.objects.get(pk=GONE)  # kept, not deleted
    assert gone.abolished_in == "2025-05-16"
    assert "3 units renamed" in out and "1 units are not in this edition" in out
    assert set(TerritoryEdition.objects.values_list("edition", flat=True)) == {
        "2024-01-19",
        "2025-05-16",
    }


def test_newer_then_older_edition_is_refused_unless_forced(old_edition, new_edition):
    run(new_edition)
    with pytest.raises(CommandError):
        run(old_edition)
    assert Territory.objects.get(pk=CITY).name == "Шептицький"  # nothing reverted
    assert not Territory.objects.filter(pk=GONE).exists()

    run(old_edition, "--force")
    assert Territory.objects.get(pk=CITY).name == "Червоноград"
    assert Territory.objects.get(pk=GONE).abolished_in == ""  # an older edition abolishes nothing
    assert TerritoryName.objects.filter(territory_id=CITY, name="Шептицький").exists()


def test_reimporting_the_same_edition_changes_nothing(old_edition, new_edition):
    run(old_edition)
    run(new_edition)
    out = run(new_edition)
    assert "0 created, 0 updated" in out
    assert TerritoryName.objects.count() == 3


def test_a_unit_is_found_by_its_former_name_and_marked(client, alice, old_edition, new_edition):
    run(old_edition)
    run(new_edition)
    client.force_login(alice)
    page = client.get(reverse("territory:search"), {"q": "Червоноград"}).content.decode()
    assert CITY in page
    assert "Шептицький" in page
    assert "data-former-name" in page
    assert GONE not in client.get(reverse("territory:search"), {"q": "Зникле"}).content.decode()


def test_a_person_whose_unit_was_renamed_is_found_by_the_old_name(
    client, alice, old_edition, new_edition
):
    run(old_edition)
    person = t.PersonFactory(
        last_name="Гнатюк", first_name="Ірина", patronymic="", birth_date=None, territory_id=CITY
    )
    run(new_edition)
    (unit,) = Territory.objects.search("Червоноград").filter(level=4)
    assert unit.pk == CITY and unit.former_name == "Червоноград"
    client.force_login(t.UserFactory(role="admin"))
    page = client.get(reverse("people:list"), {"territory": unit.pk}).content.decode()
    assert person.full_name in page


def test_an_abolished_unit_is_refused_for_new_records_but_kept_on_old_ones(
    old_edition, new_edition
):
    run(old_edition)
    run(new_edition)
    field = TerritoryField()
    with pytest.raises(Exception, match="abolished"):
        field.clean(GONE)
    field.keep_code = GONE
    assert field.clean(GONE).pk == GONE
    assert TerritoryField(allow_abolished=True).clean(GONE).pk == GONE


def test_abolished_units_page_lists_the_records_still_pointing_to_them(
    client, make_user, old_edition, new_edition
):
    run(old_edition)
    person = t.PersonFactory(
        last_name="Стефанишин", first_name="Олег", patronymic="", birth_date=None, territory_id=GONE
    )
    run(new_edition)
    coordinator = make_user("coordinator", territory_id=OBLAST)
    client.force_login(coordinator)
    page = client.get(reverse("core:abolished_units")).content.decode()
    assert "Зникле" in page and person.full_name in page
    client.force_login(make_user("specialist", territory_id=OBLAST))
    assert client.get(reverse("core:abolished_units")).status_code == 403


def test_the_bundled_2025_edition_is_in_the_repository():
    path = Path(__file__).resolve().parents[3] / "data" / "katottg" / "kodifikator-2025-05-16.csv"
    assert path.is_file()
    assert dt.date.fromisoformat("2025-05-16")


def test_typing_kryvyi_offers_the_city_before_villages_of_that_name(client, alice, tree):
    village = Territory(
        code="UA21120070050011111",
        parent_id=None,
        level=4,
        category="С",
        name="Кривий",
    )
    village.save()
    client.force_login(alice)
    page = client.get(reverse("territory:search"), {"q": "Кривий"}).content.decode()
    assert page.index(t.KR_CITY) < page.index(village.code)
    assert "Дніпропетровська" in page  # the full chain up to the oblast
