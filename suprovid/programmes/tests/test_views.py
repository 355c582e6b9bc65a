"""Pages: access (insider, outsider 404, role 403), forms, check-in, exports, query counts."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from suprovid.people.models import StatusCode
from suprovid.programmes.models import Delivery, Recipient, Service
from suprovid.programmes.services import delivery_record
from suprovid.testing import KR_CITY, ZH_CITY, PersonFactory, give_status

from .factories import (
    CourseFactory,
    DirectionBudgetFactory,
    DirectionFactory,
    DistributionFactory,
    EventFactory,
    ServiceFactory,
)


def today_wave(**kw):
    today = timezone.localdate()
    return DistributionFactory(
        starts_on=today - dt.timedelta(days=1), ends_on=today + dt.timedelta(days=10), **kw
    )


def test_catalogue_shows_directions_services_and_budget_in_few_queries(
    client, manager, django_assert_max_num_queries
):
    for n in range(5):
        direction = DirectionFactory(name=f"Напрям {n}")
        ServiceFactory.create_batch(2, direction=direction)
        DirectionBudgetFactory(direction=direction, year=2025)
    DirectionFactory(name="Житомирський напрям", territory_id=ZH_CITY)
    client.force_login(manager)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("programmes:catalogue") + "?year=2025")
    assert response.status_code == 200
    assert "Напрям 4" in response.text
    assert "Житомирський напрям" not in response.text


@pytest.mark.parametrize(
    "name",
    [
        "programmes:direction_detail",
        "programmes:service_detail",
        "programmes:distribution_detail",
        "programmes:distribution_checkin",
        "programmes:event_detail",
        "programmes:course_detail",
    ],
)
def test_outsider_gets_404_and_insider_200_on_every_page(client, alice, bob, name):
    wave = DistributionFactory()
    direction = wave.service.direction
    event = EventFactory(direction=direction)
    course = CourseFactory(direction=direction)
    pk = {
        "programmes:direction_detail": direction.pk,
        "programmes:service_detail": wave.service.pk,
        "programmes:distribution_detail": wave.pk,
        "programmes:distribution_checkin": wave.pk,
        "programmes:event_detail": event.pk,
        "programmes:course_detail": course.pk,
    }[name]
    url = reverse(name, args=[pk])
    client.force_login(bob)
    assert client.get(url).status_code == 404
    client.force_login(alice)
    assert client.get(url).status_code == 200


def test_specialist_may_not_edit_the_catalogue(client, alice, tree):
    service = ServiceFactory()
    client.force_login(alice)
    assert client.get(reverse("programmes:service_edit", args=[service.pk])).status_code == 403


def test_manager_creates_a_service_and_gets_clear_errors(client, manager, tree):
    direction = DirectionFactory()
    client.force_login(manager)
    url = reverse("programmes:service_create", args=[direction.pk])
    bad = client.post(
        url,
        {
            "name": "Басейн",
            "unit_cost": "120",
            "limit_quantity": "2",
            "limit_period": "none",
            "min_age": "40",
            "max_age": "18",
            "residence_territory": "UA123",
        },
        HTTP_ACCEPT_LANGUAGE="uk",
    )
    assert bad.status_code == 200
    assert "Оберіть період, за який рахується обмеження." in bad.text
    assert "Максимальний вік не може бути меншим за мінімальний." in bad.text
    assert not Service.objects.exists()
    good = client.post(
        url,
        {
            "name": "Басейн",
            "unit_cost": "120",
            "qualifying_statuses": ["combatant", "war_disabled"],
            "residence_territory": KR_CITY,
            "residence_phrase": "у Кривому Розі",
            "limit_quantity": "12",
            "limit_period": "year",
            "is_active": "on",
        },
    )
    service = Service.objects.get()
    assert good.status_code == 302
    assert service.qualifying_statuses == ["combatant", "war_disabled"]
    assert service.residence_territory_id == KR_CITY


def test_checkin_search_finds_a_cyrillic_name_typed_in_lower_case_with_another_apostrophe(
    client, alice, django_assert_max_num_queries
):
    wave = today_wave()
    person = PersonFactory(last_name="Дем’яненко", first_name="Ольга", rnokpp="")
    PersonFactory(last_name="Шевченко")
    PersonFactory(last_name="Дем’яненко", territory_id=ZH_CITY)  # out of scope
    client.force_login(alice)
    url = reverse("programmes:distribution_checkin", args=[wave.pk])
    with django_assert_max_num_queries(8):
        response = client.get(url, {"q": "дем'яненко"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'id="person-{person.pk}"' in response.text
    assert response.text.count('id="person-') == 1


def test_checkin_search_by_phone(client, alice):
    wave = today_wave()
    person = PersonFactory(phone="+380671234567")
    client.force_login(alice)
    url = reverse("programmes:distribution_checkin", args=[wave.pk])
    response = client.get(url, {"q": "0671234567"}, HTTP_HX_REQUEST="true")
    assert f'id="person-{person.pk}"' in response.text


def test_one_click_issue_then_a_second_click_is_refused(client, alice):
    wave = today_wave()
    person = PersonFactory()
    client.force_login(alice)
    url = reverse("programmes:distribution_issue", args=[wave.pk])
    first = client.post(url, {"person": person.pk}, HTTP_HX_REQUEST="true")
    assert "Щойно видано" in first.text or "Issued just now" in first.text
    assert first["HX-Trigger"] == "counters-changed"
    second = client.post(url, {"person": person.pk}, HTTP_ACCEPT_LANGUAGE="uk")
    assert second.status_code == 302
    assert Delivery.objects.filter(person=person).count() == 1
    counters = client.get(reverse("programmes:distribution_counters", args=[wave.pk]))
    assert '<div class="display-6">1</div>' in counters.text


def test_outsider_cannot_issue_in_a_wave_out_of_scope(client, bob):
    wave = today_wave()
    person = PersonFactory()
    client.force_login(bob)
    url = reverse("programmes:distribution_issue", args=[wave.pk])
    assert client.post(url, {"person": person.pk}).status_code == 404
    assert not Delivery.objects.exists()


def test_generated_recipient_list_exports_to_xlsx_with_who_collected(client, manager, alice):
    wave = today_wave(categories=[StatusCode.FAMILY_FALLEN])
    widow = PersonFactory(last_name="Кравчук")
    give_status(widow, StatusCode.FAMILY_FALLEN)
    other = PersonFactory(last_name="Бондаренко")
    give_status(other, StatusCode.FAMILY_FALLEN)
    PersonFactory(last_name="Шевченко")  # no status: not on the list
    client.force_login(manager)
    client.post(reverse("programmes:distribution_generate", args=[wave.pk]))
    assert Recipient.objects.filter(distribution=wave).count() == 2
    delivery_record(
        actor=alice, service=wave.service, person=widow, delivered_on=timezone.localdate()
    )
    response = client.get(
        reverse("programmes:distribution_detail", args=[wave.pk]), {"export": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    rows = {r[0]: r[-1] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"Кравчук", "Бондаренко"}
    assert rows["Кравчук"] != rows["Бондаренко"]


def test_eligible_list_page_paginates_and_exports(client, alice, tree):
    service = ServiceFactory(qualifying_statuses=[StatusCode.COMBATANT])
    for person in PersonFactory.create_batch(3):
        give_status(person, StatusCode.COMBATANT)
    PersonFactory()
    client.force_login(alice)
    url = reverse("programmes:service_detail", args=[service.pk])
    csv = client.get(url, {"export": "csv"})
    lines = b"".join(csv.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 1 + 3


def test_budget_execution_equals_the_sum_of_deliveries(client, manager, alice):
    direction = DirectionFactory()
    DirectionBudgetFactory(direction=direction, year=2025, planned=Decimal("2000"))
    service = ServiceFactory(direction=direction, unit_cost=Decimal("850.00"))
    cheap = ServiceFactory(direction=direction, unit_cost=Decimal("100.00"))
    for person in PersonFactory.create_batch(2):
        delivery_record(
            actor=alice, service=service, person=person, delivered_on=dt.date(2025, 5, 1)
        )
    delivery_record(
        actor=alice,
        service=cheap,
        person=PersonFactory(),
        delivered_on=dt.date(2025, 5, 1),
        quantity=3,
    )
    # Another year does not count.
    delivery_record(
        actor=alice, service=service, person=PersonFactory(), delivered_on=dt.date(2024, 5, 1)
    )
    from suprovid.programmes.budgets import budget_lines
    from suprovid.programmes.models import Direction

    (line,) = budget_lines(Direction.objects.filter(pk=direction.pk), 2025)
    assert line.spent == Decimal("2000.00") == 2 * 850 + 3 * 100
    assert line.execution_percent == Decimal("100.0")
    client.force_login(manager)
    page = client.get(reverse("programmes:catalogue"), {"year": 2025}, HTTP_ACCEPT_LANGUAGE="uk")
    assert "100.0 %" in page.text or "100,0 %" in page.text


def test_over_budget_is_flagged(client, manager, alice):
    direction = DirectionFactory()
    DirectionBudgetFactory(direction=direction, year=2025, planned=Decimal("500"))
    service = ServiceFactory(direction=direction, unit_cost=Decimal("850.00"))
    delivery_record(
        actor=alice, service=service, person=PersonFactory(), delivered_on=dt.date(2025, 5, 1)
    )
    client.force_login(manager)
    page = client.get(reverse("programmes:catalogue"), {"year": 2025}, HTTP_ACCEPT_LANGUAGE="uk")
    assert "перевитрата" in page.text


def test_event_registers_a_person_with_family(client, alice):
    from suprovid.people.models import FamilyLink

    event = EventFactory(capacity=3)
    veteran, child = PersonFactory.create_batch(2)
    FamilyLink.objects.create(person=veteran, relative=child, relation="child")
    client.force_login(alice)
    search = client.get(
        reverse("programmes:event_detail", args=[event.pk]),
        {"q": veteran.last_name},
        HTTP_HX_REQUEST="true",
    )
    assert f'value="{child.pk}"' in search.text
    client.post(
        reverse("programmes:event_register", args=[event.pk]),
        {"person": veteran.pk, "family": [child.pk]},
    )
    event.refresh_from_db()
    assert event.registered == 2


def test_changing_a_yearly_budget_is_audited_with_the_old_and_new_amount(manager):
    from decimal import Decimal

    from suprovid.core.models import AuditEntry
    from suprovid.programmes import services as svc

    direction = DirectionFactory()
    svc.budget_set(actor=manager, direction=direction, year=2026, planned=Decimal("1000000"))
    svc.budget_set(actor=manager, direction=direction, year=2026, planned=Decimal("1250000"))

    first, second = AuditEntry.objects.filter(action="budget.planned").order_by("id")
    assert first.before is None
    assert second.before == {"year": 2026, "planned": "1000000.00"}
    assert second.after == {"year": 2026, "planned": "1250000"}
