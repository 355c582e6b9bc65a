"""The capability matrix: one table of what each role may do, and the menu that reads it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from suprovid import testing as t
from suprovid.accounts import capabilities as caps
from suprovid.accounts.capabilities import MATRIX, capabilities_of, user_can
from suprovid.accounts.models import Role


def test_every_role_has_a_row_in_the_matrix() -> None:
    assert set(MATRIX) == set(Role.values)


def test_an_unknown_capability_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        user_can(None, "people.veiw")


@pytest.mark.django_db
def test_only_a_head_on_a_casework_account_decides_as_head(make_user: Any) -> None:
    specialist = make_user(Role.SPECIALIST)
    head = make_user(Role.SPECIALIST, is_head=True)
    partner_head = make_user(Role.PARTNER, is_head=True)
    assert not user_can(specialist, caps.APPEALS_DECIDE_AS_HEAD)
    assert user_can(head, caps.APPEALS_DECIDE_AS_HEAD)
    assert not user_can(partner_head, caps.APPEALS_DECIDE_AS_HEAD)


@pytest.mark.django_db
def test_a_programme_manager_may_look_at_people_but_not_register_appeals(
    make_user: Any,
) -> None:
    manager = make_user(Role.PROGRAMME_MANAGER)
    assert user_can(manager, caps.PEOPLE_VIEW)
    assert not user_can(manager, caps.PEOPLE_EDIT)
    assert not user_can(manager, caps.APPEALS_REGISTER)
    assert not user_can(manager, caps.CASES_VIEW)


@pytest.mark.django_db
def test_an_inactive_user_can_do_nothing(make_user: Any) -> None:
    assert capabilities_of(make_user(Role.ADMIN, is_active=False)) == frozenset()


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_the_menu_shows_no_link_the_role_cannot_open(
    role: str, make_user: Any, kr_centre: Any
) -> None:
    user = make_user(
        role,
        institution=kr_centre,
        territory_id=t.KR_CITY,
        is_superuser=role == Role.ADMIN,
        is_staff=role == Role.ADMIN,
    )
    client = Client()
    client.force_login(user)
    start = client.get("/", follow=True)
    assert start.status_code == 200
    links = [item["url"] for item in start.context["nav_items"]]
    assert links, f"{role} has an empty menu"
    for link in links:  # every entry is on the page (in the bar or under "More")
        assert f'href="{link}"' in start.content.decode()
    for link in links:
        assert client.get(link).status_code == 200, f"{role}: {link}"


@pytest.mark.django_db
def test_a_programme_manager_is_not_offered_casework_sections(make_user: Any, tree: Any) -> None:
    client = Client()
    client.force_login(make_user(Role.PROGRAMME_MANAGER, territory_id=t.KR_CITY))
    links = [item["url"] for item in client.get("/", follow=True).context["nav_items"]]
    assert "/appeals/new/" not in links
    assert not any(link.startswith("/cases/") for link in links)
