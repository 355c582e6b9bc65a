"""The audit filter takes any date the date picker offers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from suprovid import testing as t
from suprovid.core.audit import audit_record

pytestmark = pytest.mark.django_db


def test_audit_log_filtered_up_to_31_december_9999_lists_entries(
    client, make_user, alice, kr_centre
):
    audit_record(actor=alice, action="institution.updated", obj=kr_centre, after={"name": "x"})
    client.force_login(make_user("auditor", territory_id=t.DNIPRO_OBLAST))
    response = client.get(reverse("core:audit"), {"date_to": "9999-12-31"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1
