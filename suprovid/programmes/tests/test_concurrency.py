"""Concurrent edits of the catalogue: a stale save is refused, never silently applied."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from suprovid import testing as t
from suprovid.accounts.models import Role
from suprovid.core.audit import snapshot
from suprovid.core.concurrency import StaleObjectError
from suprovid.core.models import AuditEntry
from suprovid.programmes import services as svc
from suprovid.programmes.models import Course, Direction, Distribution, Event, Service

from .factories import (
    CourseFactory,
    DirectionFactory,
    DistributionFactory,
    EventFactory,
    ServiceFactory,
)

STALE = "Поки ви редагували запис, його змінив хтось інший."


@pytest.fixture
def manager2(make_user, kr_centre):
    """A second programme manager of Kryvyi Rih, editing the same catalogue."""
    return make_user(
        Role.PROGRAMME_MANAGER,
        email="manager2@example.test",
        institution=kr_centre,
        territory_id=t.KR_CITY,
    )


def _post_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
        return str(value)
    return value


def opened_form(client, url: str) -> dict[str, Any]:
    """GET an edit page and return what its form would send back unchanged."""
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    assert 'type="hidden" name="version"' in response.text
    data: dict[str, Any] = {}
    for bound in form:
        value = bound.value()
        if isinstance(value, bool):
            if value:
                data[bound.name] = "on"
            continue
        if isinstance(value, list):
            data[bound.name] = [str(v) for v in value]
            continue
        data[bound.name] = _post_value(value)
    return data


ENTITIES = {
    "direction": (DirectionFactory, "programmes:direction_edit"),
    "service": (ServiceFactory, "programmes:service_edit"),
    "distribution": (DistributionFactory, "programmes:distribution_edit"),
    "event": (EventFactory, "programmes:event_edit"),
    "course": (CourseFactory, "programmes:course_edit"),
}


@translation.override("en")
@pytest.mark.parametrize("entity", list(ENTITIES))
def test_second_manager_saving_a_stale_form_is_refused_and_keeps_their_input(
    client, manager, manager2, entity
):
    factory, url_name = ENTITIES[entity]
    obj = factory()
    url = reverse(url_name, args=[obj.pk])
    client.force_login(manager)
    first = opened_form(client, url)
    client.force_login(manager2)
    second = opened_form(client, url)
    assert first["version"] == second["version"] == "1"

    client.force_login(manager)
    saved = client.post(url, {**first, "name": "Змінено першим"})
    assert saved.status_code == 302

    client.force_login(manager2)
    refused = client.post(url, {**second, "name": "Змінено другим"})

    assert refused.status_code == 409
    assert STALE in refused.text
    assert 'value="Змінено другим"' in refused.text  # what they typed is still in the form
    obj.refresh_from_db()
    assert obj.name == "Змінено першим" and obj.version == 2
    audit = AuditEntry.objects.filter(action=f"{entity}.updated")
    assert audit.count() == 1 and audit.get().after == {"name": "Змінено першим"}


@translation.override("en")
def test_service_edit_refused_for_the_second_manager_keeps_the_first_change(
    client, manager, manager2
):
    """The case from the brief, spelled out: two managers, one service, cost and limit."""
    service = ServiceFactory(unit_cost=Decimal("850.00"))
    url = reverse("programmes:service_edit", args=[service.pk])
    client.force_login(manager)
    first = opened_form(client, url)
    client.force_login(manager2)
    second = opened_form(client, url)

    client.force_login(manager)
    assert client.post(url, {**first, "unit_cost": "900.00"}).status_code == 302
    client.force_login(manager2)
    refused = client.post(
        url, {**second, "unit_cost": "1000.00", "limit_quantity": "2", "limit_period": "year"}
    )

    assert refused.status_code == 409 and STALE in refused.text
    assert 'value="1000.00"' in refused.text
    service.refresh_from_db()
    assert service.unit_cost == Decimal("900.00") and service.limit_period == "none"

    # Reloading shows the first change and the new version; saving from there works.
    again = opened_form(client, url)
    assert again["unit_cost"] == "900.00" and again["version"] == "2"
    assert client.post(url, {**again, "unit": "набір"}).status_code == 302
    service.refresh_from_db()
    assert service.unit == "набір" and service.unit_cost == Decimal("900.00")
    assert service.version == 3


@translation.override("en")
def test_edit_without_a_version_is_refused_with_a_message(client, manager):
    event = EventFactory(name="Ігри")
    url = reverse("programmes:event_edit", args=[event.pk])
    client.force_login(manager)
    data = opened_form(client, url)
    del data["version"]
    response = client.post(url, {**data, "name": "Без версії"})
    assert response.status_code == 400
    assert "Форму надіслано без версії" in response.text
    event.refresh_from_db()
    assert event.name == "Ігри" and event.version == 1


def test_new_records_start_at_version_one_and_forms_for_them_have_no_version(client, manager):
    direction = DirectionFactory()
    client.force_login(manager)
    page = client.get(reverse("programmes:service_create", args=[direction.pk]))
    assert 'name="version"' not in page.text


def test_editing_an_event_does_not_reset_registrations_made_meanwhile(client, manager, alice):
    """The edit writes only the form's fields: the registration counter is not overwritten."""
    event = EventFactory(capacity=10)
    url = reverse("programmes:event_edit", args=[event.pk])
    client.force_login(manager)
    data = opened_form(client, url)
    svc.event_register(actor=alice, event=event, person=t.PersonFactory())

    assert client.post(url, {**data, "place": "Стадіон"}).status_code == 302

    event.refresh_from_db()
    assert event.place == "Стадіон" and event.registered == 1


def test_capacity_below_registrations_made_meanwhile_is_refused(client, manager, alice):
    event = EventFactory(capacity=2)
    url = reverse("programmes:event_edit", args=[event.pk])
    client.force_login(manager)
    data = opened_form(client, url)
    svc.event_register(
        actor=alice, event=event, person=t.PersonFactory(), family=[t.PersonFactory.create()]
    )

    response = client.post(url, {**data, "capacity": "1"})

    assert response.status_code == 400 and response.context["form"].errors["capacity"]
    event.refresh_from_db()
    assert event.capacity == 2 and event.registered == 2


@translation.override("en")
def test_capacity_check_holds_when_registrations_come_between_the_form_and_the_save(manager, alice):
    """The form checked the capacity against the count it read; the database has the last word."""
    course = CourseFactory(capacity=2)
    edited = Course.objects.get(pk=course.pk)
    before = snapshot(edited)
    for _n in range(2):
        svc.course_enrol(actor=alice, course=course, person=t.PersonFactory(), on=course.starts_on)
    edited.capacity = 1
    with pytest.raises(ValidationError, match="2 places are already taken"):
        svc.catalogue_save(
            actor=manager, obj=edited, before=before, expected_version=1, fields=["capacity"]
        )
    course.refresh_from_db()
    assert course.capacity == 2 and course.enrolled == 2 and course.version == 1


@pytest.mark.parametrize("model", [Direction, Service, Distribution, Event, Course])
def test_service_refuses_a_stale_version(manager, model):
    factory = {
        Direction: DirectionFactory,
        Service: ServiceFactory,
        Distribution: DistributionFactory,
        Event: EventFactory,
        Course: CourseFactory,
    }[model]
    stored = factory()
    mine = model.objects.get(pk=stored.pk)
    theirs = model.objects.get(pk=stored.pk)
    before = snapshot(theirs)
    theirs.name = "Їхня назва"
    svc.catalogue_save(actor=manager, obj=theirs, before=before, expected_version=1)

    mine.name = "Моя назва"
    with pytest.raises(StaleObjectError):
        svc.catalogue_save(actor=manager, obj=mine, before=snapshot(stored), expected_version=1)
    stored.refresh_from_db()
    assert stored.name == "Їхня назва" and stored.version == 2


def test_api_shows_the_version_of_catalogue_records(api_client, manager):
    wave = DistributionFactory()
    event = EventFactory(direction=wave.service.direction)
    course = CourseFactory(direction=wave.service.direction)
    api_client.force_authenticate(manager)
    assert api_client.get(f"/api/v1/services/{wave.service.pk}/").json()["version"] == 1
    assert api_client.get(f"/api/v1/distributions/{wave.pk}/").json()["version"] == 1
    assert api_client.get(f"/api/v1/events/{event.pk}/").json()["version"] == 1
    assert api_client.get(f"/api/v1/courses/{course.pk}/").json()["version"] == 1
    # The catalogue is not edited through the API: no update slips past the version check.
    response = api_client.patch(
        f"/api/v1/services/{wave.service.pk}/", {"name": "x"}, format="json"
    )
    assert response.status_code == 405
