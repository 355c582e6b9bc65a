"""Territory API and the name picker: the same name in two oblasts is told apart."""

from __future__ import annotations

import pytest
from django.urls import reverse

from suprovid import testing as t


def test_search_finds_both_places_called_kryvyi_rih_with_their_parents(api_client, alice):
    api_client.force_authenticate(alice)
    response = api_client.get("/api/v1/territories/", {"search": "кривий ріг"})

    assert response.status_code == 200
    found = {r["code"]: r for r in response.json()["results"]}
    assert set(found) == {t.KR_CITY, t.KHERSON_VILLAGE_KR}
    city_chain = [a["name"] for a in found[t.KR_CITY]["ancestors"]]
    village_chain = [a["name"] for a in found[t.KHERSON_VILLAGE_KR]["ancestors"]]
    assert city_chain == ["Дніпропетровська", "Криворізький", "Криворізька"]
    assert village_chain == ["Херсонська", "Генічеський", "Новотроїцька"]


def test_search_tolerates_latin_look_alikes_and_apostrophes(api_client, alice):
    api_client.force_authenticate(alice)
    # "Кpивий" typed with a Latin p
    response = api_client.get("/api/v1/territories/", {"search": "Кpивий"})
    assert {r["code"] for r in response.json()["results"]} == {t.KR_CITY, t.KHERSON_VILLAGE_KR}


def test_level_and_parent_filters(api_client, alice):
    api_client.force_authenticate(alice)
    oblasts = api_client.get("/api/v1/territories/", {"level": 1}).json()
    children = api_client.get("/api/v1/territories/", {"parent": t.KR_CITY}).json()

    assert oblasts["count"] == 3
    assert {r["code"] for r in children["results"]} == {
        t.KR_DISTRICT_DOVHYNTSIV,
        t.KR_DISTRICT_SAKSAHAN,
    }


def test_bad_level_is_a_400_with_a_message(api_client, alice):
    api_client.force_authenticate(alice)
    response = api_client.get("/api/v1/territories/", {"level": "oblast"})
    assert response.status_code == 400
    assert "level" in response.json()


def test_detail_by_code_and_unknown_code_is_404(api_client, alice):
    api_client.force_authenticate(alice)
    unit = api_client.get(f"/api/v1/territories/{t.KR_DISTRICT_SAKSAHAN}/").json()
    assert unit["name"] == "Саксаганський"
    assert unit["parent_code"] == t.KR_CITY
    assert api_client.get("/api/v1/territories/UA99999999999999999/").status_code == 404


def test_territory_list_needs_authentication(api_client, tree):
    assert api_client.get("/api/v1/territories/").status_code in (401, 403)


def test_territory_list_uses_a_fixed_number_of_queries(
    api_client, alice, django_assert_max_num_queries
):
    api_client.force_authenticate(alice)
    with django_assert_max_num_queries(6):
        response = api_client.get("/api/v1/territories/", {"page_size": 50})
    assert response.json()["count"] == 14


def test_picker_shows_category_and_parent_chain_for_each_match(client, alice):
    client.force_login(alice)
    response = client.get(reverse("territory:search"), {"q": "Кривий Ріг", "target": "id_t"})

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('role="option"') == 2
    assert "Криворізька" in html and "Новотроїцька" in html
    assert "Дніпропетровська" in html and "Херсонська" in html
    # the city (an exact name match, higher level) comes before the village? both level 4:
    assert f'data-code="{t.KR_CITY}"' in html
    assert f'data-code="{t.KHERSON_VILLAGE_KR}"' in html


def test_picker_puts_exact_matches_first(client, alice):
    client.force_login(alice)
    html = client.get(reverse("territory:search"), {"q": "Криворізьк"}).content.decode()
    # "Криворізький" raion (level 2) before "Криворізька" hromada (level 3)
    assert html.index(t.KR_RAION) < html.index(t.KR_HROMADA)
    exact = client.get(reverse("territory:search"), {"q": "Криворізька"}).content.decode()
    assert exact.count('role="option"') == 1


@pytest.mark.django_db
@pytest.mark.parametrize("level", ["²", "١", "0", "9"])
def test_territory_list_with_a_level_that_is_not_1_to_5_answers_400(api_client, alice, level):
    api_client.force_authenticate(alice)
    response = api_client.get("/api/v1/territories/", {"level": level})
    assert response.status_code == 400
    assert "level" in response.json()
