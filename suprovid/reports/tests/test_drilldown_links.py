"""Drill-down lists: readable titles, short dates, and a way to the appeal itself."""

from __future__ import annotations

import pytest
from django.urls import reverse

from suprovid import testing as t
from suprovid.appeals.tests.factories import register

pytestmark = pytest.mark.django_db


def test_topic_drilldown_names_the_topic_and_links_each_issue_to_its_appeal(
    client, make_user, alice, kr_centre
):
    appeal = register(
        user=alice, institution=kr_centre, applicant=t.PersonFactory(), topics=("legal",)
    )
    coordinator = make_user("coordinator", institution=kr_centre, territory_id=t.KR_CITY)
    client.force_login(coordinator)
    page = client.get(
        reverse("reports:issues"), {"topic": "legal"}, HTTP_ACCEPT_LANGUAGE="uk"
    ).content.decode()
    assert "· Правова допомога" in page and "· legal" not in page
    assert reverse("appeals:detail", args=[appeal.pk]) in page
    assert appeal.received_on.strftime("%d.%m.%Y") in page


def test_dashboard_shows_the_default_period_in_the_date_fields(client, make_user, kr_centre):
    from suprovid.reports.forms import default_period

    client.force_login(make_user("coordinator", institution=kr_centre, territory_id=t.KR_CITY))
    page = client.get(reverse("reports:dashboard")).content.decode()
    start, end = default_period()
    assert f'value="{start.isoformat()}"' in page and f'value="{end.isoformat()}"' in page
    assert '"urls"' in page  # the charts know where each bar leads
