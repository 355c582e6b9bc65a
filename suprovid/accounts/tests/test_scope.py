"""The one scope value: what each kind of user reaches, and that both modes agree."""

from __future__ import annotations

from typing import Any

import pytest

from suprovid import testing as t
from suprovid.accounts.models import Role
from suprovid.accounts.scope import EVERYTHING, NOTHING, Scope
from suprovid.network.models import Institution

pytestmark = pytest.mark.django_db


def test_an_administrator_reaches_everything(admin_user: Any) -> None:
    assert Scope.of(admin_user) == EVERYTHING


def test_an_anonymous_or_inactive_user_reaches_nothing(alice: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert Scope.of(AnonymousUser()).is_nothing
    alice.is_active = False
    assert Scope.of(alice) is NOTHING


def test_a_territorial_user_reaches_their_subtree_institution_and_own_records(
    alice: Any,
) -> None:
    scope = Scope.of(alice)
    assert scope.prefix == "UA1206017001"
    assert scope.institution_id == alice.institution_id
    assert scope.user_id == alice.pk
    assert scope.contains(territory_code=t.KR_DISTRICT_SAKSAHAN)
    assert not scope.contains(territory_code=t.ZH_CITY)
    assert scope.contains(territory_code=t.ZH_CITY, assignee_id=alice.pk)
    assert scope.contains_territory(t.KR_DISTRICT_DOVHYNTSIV)
    assert not scope.contains_territory(t.KR_RAION)


def test_ranged_and_unranged_modes_pick_the_same_rows(
    alice: Any, kr_centre: Institution, zh_centre: Institution
) -> None:
    ranged = Scope.of(alice).q(territory="territory", institution="pk")
    unranged = Scope.of(alice).unranged().q(territory="territory", institution="pk")
    assert "UA1206017001" in str(Institution.objects.filter(ranged).query)
    assert list(Institution.objects.filter(ranged)) == [kr_centre]
    assert list(Institution.objects.filter(unranged)) == [kr_centre]


def test_a_scope_with_nothing_filters_out_everything_without_a_query(
    django_assert_num_queries: Any, kr_centre: Institution
) -> None:
    with django_assert_num_queries(0):
        assert list(Institution.objects.filter(NOTHING.q(territory="territory"))) == []


def test_an_oblast_auditor_sees_only_the_institutions_of_their_oblast(
    make_user: Any, kr_centre: Institution, zh_centre: Institution
) -> None:
    auditor = make_user(Role.AUDITOR, territory_id=t.DNIPRO_OBLAST)
    assert list(Institution.objects.visible_to(auditor)) == [kr_centre]
