from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from suprovid.appeals import deadlines
from suprovid.appeals.models import DeadlineRule

dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (dt.date(2025, 1, 31), dt.date(2025, 2, 28)),
        (dt.date(2024, 1, 31), dt.date(2024, 2, 29)),  # leap year
        (dt.date(2024, 1, 29), dt.date(2024, 2, 29)),
        (dt.date(2025, 1, 29), dt.date(2025, 2, 28)),
        (dt.date(2025, 3, 31), dt.date(2025, 4, 30)),
        (dt.date(2025, 12, 31), dt.date(2026, 1, 31)),
        (dt.date(2025, 5, 15), dt.date(2025, 6, 15)),
    ],
)
def test_one_month_is_same_day_next_month_or_its_last_day(received, due):
    assert deadlines.due_date(received) == due


def test_rules_without_study_forward_and_return():
    day = dt.date(2024, 2, 20)
    assert deadlines.due_date(day, DeadlineRule.NO_STUDY) == dt.date(2024, 3, 6)
    assert deadlines.due_date(day, DeadlineRule.FORWARD) == dt.date(2024, 2, 25)
    assert deadlines.due_date(day, DeadlineRule.RETURN) == dt.date(2024, 3, 1)


@given(dates)
def test_one_month_lands_in_next_month_never_beyond_45_days(day):
    due = deadlines.due_date(day)
    assert (due.year * 12 + due.month) - (day.year * 12 + day.month) == 1
    assert 28 <= (due - day).days <= 31
    assert due.day == day.day or (due + dt.timedelta(days=1)).day == 1
    assert due <= deadlines.latest_extension(day)


@given(dates, st.integers(min_value=0, max_value=400))
def test_extension_never_exceeds_45_days_from_receipt(day, days):
    current = deadlines.due_date(day)
    wanted = day + dt.timedelta(days=days)
    try:
        deadlines.check_extension(received_on=day, current_due=current, new_due=wanted)
    except deadlines.DeadlineError:
        assert wanted > day + dt.timedelta(days=45) or wanted <= current
    else:
        assert current < wanted <= day + dt.timedelta(days=45)


def test_extension_to_day_46_is_refused_with_the_last_allowed_date():
    received = dt.date(2024, 1, 31)
    with pytest.raises(deadlines.DeadlineError, match=r"16\.03\.2024"):
        deadlines.check_extension(
            received_on=received, current_due=dt.date(2024, 2, 29), new_due=dt.date(2024, 3, 17)
        )
    deadlines.check_extension(
        received_on=received, current_due=dt.date(2024, 2, 29), new_due=dt.date(2024, 3, 16)
    )
