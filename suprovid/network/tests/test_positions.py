"""The positions page and the network API: scope, figures, exports, query counts."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from suprovid import testing as t
from suprovid.network.models import InstitutionKind

from .factories import staffed


def test_positions_page_shows_planned_filled_vacancies_and_percent_in_scope(
    client, alice, kr_centre, zh_centre
):
    staffed(kr_centre, planned=4, filled=3)
    staffed(zh_centre, planned=130, filled=108)
    client.force_login(alice)

    response = client.get(reverse("network:positions"))

    rows = response.context["rows"]
    assert [(r.label, r.planned, r.filled, r.vacancies, r.filled_percent) for r in rows] == [
        ("Криворізький ЦНСП", 4, 3, 1, 75.0)
    ]
    assert "Житомирський ЦНСП" not in response.content.decode()
    assert response.context["totals"].planned == 4


def test_outsider_does_not_see_the_other_oblasts_institutions(client, bob, kr_centre, zh_centre):
    staffed(kr_centre, planned=4, filled=3)
    client.force_login(bob)
    html = client.get(reverse("network:positions")).content.decode()
    assert "Криворізький ЦНСП" not in html
    assert "Житомирський ЦНСП" in html


def test_ended_specialists_and_future_plans_do_not_count(client, alice, kr_centre):
    today = timezone.localdate()
    staffed(kr_centre, planned=4, filled=1)
    t.SpecialistFactory(institution=kr_centre, active_to=today - dt.timedelta(days=1))
    t.plan_positions(kr_centre, 9, today + dt.timedelta(days=10))
    client.force_login(alice)

    row = client.get(reverse("network:positions")).context["rows"][0]
    assert (row.planned, row.filled) == (4, 1)


def test_grouping_by_kind_and_territory_sums_in_the_database(client, admin_user, tree):
    staffed(
        t.InstitutionFactory(kind=InstitutionKind.HEALTHCARE, territory_id=t.ZH_CITY),
        planned=21,
        filled=20,
    )
    staffed(t.InstitutionFactory(territory_id=t.ZH_CITY), planned=109, filled=88)
    staffed(t.InstitutionFactory(territory_id=t.KR_CITY), planned=5, filled=5)
    client.force_login(admin_user)

    by_kind = client.get(reverse("network:positions"), {"group": "kind", "territory": t.ZH_OBLAST})
    by_place = client.get(reverse("network:positions"), {"group": "territory"})

    kinds = {r.label: (r.planned, r.filled) for r in by_kind.context["rows"]}
    assert kinds == {"Healthcare facility": (21, 20), "Social services centre": (109, 88)}
    totals = by_kind.context["totals"]
    assert (totals.planned, totals.filled, totals.vacancies) == (130, 108, 22)
    places = {r.label: (r.planned, r.filled) for r in by_place.context["rows"]}
    assert places == {"Житомир": (130, 108), "Кривий Ріг": (5, 5)}


def test_positions_list_uses_a_fixed_number_of_queries(
    client, admin_user, tree, django_assert_max_num_queries
):
    for n in range(15):
        staffed(t.InstitutionFactory(territory_id=t.ZH_CITY), planned=n, filled=n % 3)
    client.force_login(admin_user)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("network:positions"))
    assert len(response.context["rows"]) == 15


def test_positions_export_csv_has_the_rows_and_a_totals_line(client, alice, kr_centre):
    staffed(kr_centre, planned=4, filled=3)
    client.force_login(alice)
    response = client.get(reverse("network:positions"), {"export": "csv"})

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[1].startswith("Криворізький ЦНСП;")
    assert lines[-1].split(";")[2:5] == ["4", "3", "1"]


def test_positions_xlsx_export_is_a_workbook(client, alice, kr_centre):
    client.force_login(alice)
    response = client.get(reverse("network:positions"), {"export": "xlsx"})
    assert response.getvalue()[:2] == b"PK"


def test_institution_api_insider_sees_outsider_gets_404(api_client, alice, bob, kr_centre):
    staffed(kr_centre, planned=4, filled=3)
    api_client.force_authenticate(alice)
    listed = api_client.get("/api/v1/institutions/").json()
    detail = api_client.get("/api/v1/institutions/KR-CSS/")

    assert [
        (r["code"], r["positions_planned"], r["specialists_active"]) for r in listed["results"]
    ] == [("KR-CSS", 4, 3)]
    assert detail.status_code == 200
    api_client.force_authenticate(bob)
    assert api_client.get("/api/v1/institutions/KR-CSS/").status_code == 404
    assert "KR-CSS" not in str(api_client.get("/api/v1/institutions/").json())


def test_specialist_api_insider_sees_outsider_gets_404(api_client, alice, bob, kr_centre):
    specialist = t.SpecialistFactory(institution=kr_centre, full_name="Олена Дем’яненко")
    api_client.force_authenticate(alice)
    assert api_client.get(f"/api/v1/specialists/{specialist.pk}/").json()["full_name"] == (
        "Олена Дем’яненко"
    )
    api_client.force_authenticate(bob)
    assert api_client.get(f"/api/v1/specialists/{specialist.pk}/").status_code == 404
    assert api_client.get("/api/v1/specialists/").json()["count"] == 0


def test_institution_api_rejects_a_bad_territory_with_a_message(api_client, alice):
    api_client.force_authenticate(alice)
    response = api_client.get("/api/v1/institutions/", {"territory": "Kryvyi Rih"})
    assert response.status_code == 400
    assert "territory" in response.json()


def test_institution_list_api_uses_a_fixed_number_of_queries(
    api_client, admin_user, tree, django_assert_max_num_queries
):
    for n in range(12):
        staffed(t.InstitutionFactory(), planned=n, filled=1)
    api_client.force_authenticate(admin_user)
    with django_assert_max_num_queries(4):
        assert api_client.get("/api/v1/institutions/").json()["count"] == 12


def test_positions_page_speaks_ukrainian_by_default(client, alice, kr_centre, settings):
    settings.LANGUAGE_CODE = "uk"
    staffed(kr_centre, planned=4, filled=3)
    client.force_login(alice)
    html = client.get(reverse("network:positions")).content.decode()
    assert "Посади фахівців із супроводу" in html
    assert "Вакансії" in html
