"""The summary of contract.md on a dataset where every figure is known (see factories.py)."""

from __future__ import annotations

import pytest

from suprovid import testing as t
from suprovid.reports.queries import summary
from suprovid.reports.scope import ReportNotFound

from .factories import EXPECTED_DNIPRO, PERIOD_FROM, PERIOD_TO

pytestmark = pytest.mark.django_db


def test_summary_for_an_oblast_matches_every_figure_known_by_construction(dataset):
    result = summary(date_from=PERIOD_FROM, date_to=PERIOD_TO, territory_code=t.DNIPRO_OBLAST)
    assert result == EXPECTED_DNIPRO


def test_outcome_counts_add_up_to_the_issues(dataset):
    result = summary(date_from=PERIOD_FROM, date_to=PERIOD_TO, territory_code=t.DNIPRO_OBLAST)
    assert sum(result["issues_by_outcome"].values()) == result["issues"]
    assert sum(result["issues_by_topic"].values()) == result["issues"]


def test_summary_for_a_city_district_keeps_only_its_institution(dataset):
    result = summary(
        date_from=PERIOD_FROM, date_to=PERIOD_TO, territory_code=t.KR_DISTRICT_SAKSAHAN
    )
    # Only the hospital: appeal A2 with i4, i5, i6.
    assert result["appeals"] == 1
    assert result["issues"] == 3
    assert result["issues_by_outcome"]["open"] == 2  # i4 closed after the period, i6
    assert result["persons_helped"] == 1  # fam2
    assert result["veterans_helped"] == 0
    assert result["positions_planned"] == 5
    assert (result["specialists"], result["specialists_in_healthcare"]) == (2, 2)
    assert result["overdue_open_issues"] == 2  # i4, i6


def test_summary_without_territory_for_an_administrator_covers_both_oblasts(dataset, admin_user):
    result = summary(date_from=PERIOD_FROM, date_to=PERIOD_TO, user=admin_user)
    assert result["territory"] is None
    assert result["appeals"] == 4  # + the Zhytomyr appeal
    assert result["issues"] == 9
    assert result["issues_by_topic"]["benefits"] == 1
    assert result["persons_helped"] == 4  # vet1 is helped in both oblasts: counted once
    assert result["positions_planned"] == 24
    assert result["specialists"] == 4
    assert result["overdue_open_issues"] == 4


def test_resolution_after_the_period_helps_nobody_in_it_but_counts_in_the_next(dataset):
    later = summary(
        date_from=PERIOD_TO.replace(month=7, day=1),
        date_to=PERIOD_TO.replace(month=12, day=31),
        territory_code=t.DNIPRO_OBLAST,
    )
    # i4 (vet2, closed 15.07.2025) from a March appeal
    assert later["persons_helped"] == 1
    assert later["veterans_helped"] == 1
    assert later["appeals"] == 1  # A4
    assert later["positions_planned"] == 25  # 20 from September + 5


def test_coordinator_without_territory_sees_only_their_oblast(dataset, zh_coordinator):
    result = summary(date_from=PERIOD_FROM, date_to=PERIOD_TO, user=zh_coordinator)
    assert result["appeals"] == 1
    assert result["issues"] == 2
    assert result["positions_planned"] == 7


def test_coordinator_of_another_oblast_cannot_read_kryvyi_rih(dataset, zh_coordinator, bob):
    for user in (zh_coordinator, bob):
        with pytest.raises(ReportNotFound):
            summary(date_from=PERIOD_FROM, date_to=PERIOD_TO, territory_code=t.KR_CITY, user=user)


def test_city_staff_cannot_widen_to_their_whole_oblast(dataset, alice):
    with pytest.raises(ReportNotFound):
        summary(
            date_from=PERIOD_FROM, date_to=PERIOD_TO, territory_code=t.DNIPRO_OBLAST, user=alice
        )
    inside = summary(date_from=PERIOD_FROM, date_to=PERIOD_TO, territory_code=t.KR_CITY, user=alice)
    assert inside["appeals"] == 3


def test_unknown_territory_is_not_found(dataset):
    with pytest.raises(ReportNotFound):
        summary(date_from=PERIOD_FROM, date_to=PERIOD_TO, territory_code="UA99999999999999999")


def test_summary_uses_a_fixed_number_of_queries_whatever_the_data_size(
    dataset, kr_centre, django_assert_max_num_queries
):
    # The territory, appeals and issues (roll-ups), whether the year's helped-persons table
    # answers (it does not for a half-year: 1 probe + 2 counts from the issues), staffing
    # plans, specialists and the two overdue counts.
    with django_assert_max_num_queries(10):
        summary(date_from=PERIOD_FROM, date_to=PERIOD_TO, territory_code=t.DNIPRO_OBLAST)
    for n in range(30):
        person = t.PersonFactory()
        t.give_status(person)
        t.make_issue(
            person=person,
            institution=kr_centre,
            received_on=PERIOD_FROM.replace(month=1 + n % 6),
            topic=["legal", "documents.issue", "housing"][n % 3],
        )
    with django_assert_max_num_queries(10):
        result = summary(date_from=PERIOD_FROM, date_to=PERIOD_TO, territory_code=t.DNIPRO_OBLAST)
    assert result["issues"] == 37
