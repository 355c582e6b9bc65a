"""The referral form lists the institutions of the issue's oblast, not the whole country."""

from __future__ import annotations

import pytest

from suprovid.appeals.forms import ReferralForm
from suprovid.core.testing import PersonFactory, make_issue

pytestmark = pytest.mark.django_db


def test_referral_form_offers_only_institutions_of_the_issues_oblast(kr_centre, zh_centre):
    issue = make_issue(person=PersonFactory(), institution=kr_centre)

    choices = list(ReferralForm(issue=issue).fields["institution"].queryset)

    assert kr_centre in choices
    assert zh_centre not in choices


def test_referral_to_another_oblasts_institution_is_refused(kr_centre, zh_centre):
    issue = make_issue(person=PersonFactory(), institution=kr_centre)

    form = ReferralForm({"institution": zh_centre.pk, "due_on": "2030-01-01"}, issue=issue)

    assert not form.is_valid()
    assert "institution" in form.errors
