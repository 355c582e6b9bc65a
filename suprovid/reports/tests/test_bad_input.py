"""Far-off dates typed into a report link answer with a page, never a server error."""

from __future__ import annotations

import pytest

from suprovid.reports.queries import months_between

pytestmark = pytest.mark.django_db


def test_months_of_a_period_reaching_the_last_representable_month_are_listed():
    import datetime as dt

    months = months_between(dt.date(9999, 10, 15), dt.date(9999, 12, 31))
    assert months == [dt.date(9999, 10, 1), dt.date(9999, 11, 1), dt.date(9999, 12, 1)]


def test_dashboard_for_a_period_ending_31_december_9999_answers_200(client, dataset, admin_user):
    client.force_login(admin_user)
    response = client.get("/reports/", {"from": "9999-11-01", "to": "9999-12-31"})
    assert response.status_code == 200
    assert [m["label"] for m in response.context["months"]] == ["11.9999", "12.9999"]


def test_appeals_of_month_9999_12_answer_an_empty_list_not_a_server_error(
    client, dataset, admin_user
):
    client.force_login(admin_user)
    response = client.get(
        "/reports/appeals/", {"from": "2025-01-01", "to": "2025-06-30", "month": "9999-12"}
    )
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0


@pytest.mark.parametrize("param", ["specialist", "institution"])
@pytest.mark.parametrize("value", ["²", "١", "abc"])
def test_drilldown_filtered_by_an_id_that_is_no_number_lists_nothing(
    client, dataset, admin_user, param, value
):
    client.force_login(admin_user)
    url = "/reports/cases/" if param == "specialist" else "/reports/specialists/"
    response = client.get(url, {"from": "2025-01-01", "to": "2025-06-30", param: value})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
