from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from suprovid import testing as t
from suprovid.appeals.models import Issue
from suprovid.appeals.tasks import send_deadline_reminders

pytestmark = pytest.mark.django_db


def test_reminder_lists_exactly_the_due_and_overdue_open_issues(alice, bob, kr_centre, zh_centre):
    today = timezone.localdate()
    person = t.PersonFactory(last_name="Кравчук")

    def issue(due_in: int, **kw) -> Issue:
        return t.make_issue(
            person=person, institution=kr_centre, assignee=kw.pop("who", alice),
            due_on=today + dt.timedelta(days=due_in), **kw,
        )  # fmt: skip

    overdue, today_due, in_three = issue(-2), issue(0), issue(3)
    later = issue(4)
    closed = issue(-1, status="closed", outcome="explained", closed_on=today)
    bobs = issue(1, who=bob)
    send_deadline_reminders.enqueue()
    by_to = {m.to[0]: m for m in mail.outbox}
    assert set(by_to) == {"alice@example.test", "bob@example.test"}
    body = by_to["alice@example.test"].body
    for listed in (overdue, today_due, in_three):
        assert listed.appeal.number in body
    for absent in (later, closed, bobs):
        assert absent.appeal.number not in body
    assert bobs.appeal.number in by_to["bob@example.test"].body


def test_command_runs_the_reminders_once(alice, kr_centre):
    t.make_issue(
        person=t.PersonFactory(), institution=kr_centre, assignee=alice, due_on=timezone.localdate()
    )
    call_command("send_deadline_reminders")
    assert len(mail.outbox) == 1
