"""Who sees what, walked as a whole (the NetBox way): every role, as an outsider from
Zhytomyr, against one Kryvyi Rih family's records — person, appeal, issue, referral,
attachment, support case, delivery — over the web pages, the API, the lists and their
exports, the reports and the audit log. Nothing of the family may show: every object page
is a 404 and no list, export or log carries the family's name or tax number.

An insider pass over the same pages checks the walk itself: a specialist of Kryvyi Rih
opens every page, so a 404 above is the scope at work, not a broken address.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from suprovid import testing as t
from suprovid.accounts.models import Role
from suprovid.appeals import services as appeal_services
from suprovid.appeals.tests.factories import register, sharing_consent
from suprovid.cases import services as case_services
from suprovid.network.models import InstitutionKind
from suprovid.programmes.services import delivery_record
from suprovid.programmes.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

SURNAME = "Витоківська"
FULL_NAME = "Витоківська Ярина"  # as lists show it; a search for the surname echoes only that
RNOKPP = "3322622164"
OUTSIDER_ROLES = [
    Role.SPECIALIST,
    Role.INTAKE,
    Role.COORDINATOR,
    Role.PROGRAMME_MANAGER,
    Role.PARTNER,
    Role.AUDITOR,
]


@pytest.fixture
def family(alice: Any, kr_centre: Any, settings: Any, tmp_path: Any) -> dict[str, Any]:
    """A Kryvyi Rih veteran with an appeal, a referral, a file, a case and a delivery,
    all made by the insider through the services (so the audit log has entries too)."""
    settings.MEDIA_ROOT = tmp_path
    person = t.PersonFactory(last_name=SURNAME, first_name="Ярина", rnokpp=RNOKPP)
    t.give_status(person, "combatant")
    appeal = register(user=alice, institution=kr_centre, applicant=person)
    issue = appeal.issues.get()
    sharing_consent(person)
    legal = t.InstitutionFactory(code="LEGAL-KR-M", kind=InstitutionKind.PARTNER)
    referral = appeal_services.referral_send(
        actor=alice,
        issue=issue,
        institution=legal,
        due_on=timezone.localdate() + dt.timedelta(days=5),
    )
    attachment = appeal_services.attachment_add(
        actor=alice, appeal=appeal, upload=SimpleUploadedFile("заява.pdf", b"%PDF-1.4 test")
    )
    case = case_services.case_open(
        actor=alice, primary_person=person, institution=kr_centre, specialist=alice
    )
    service = ServiceFactory()
    delivery = delivery_record(
        actor=alice, service=service, person=person, delivered_on=timezone.localdate()
    )
    return {
        "person": person,
        "appeal": appeal,
        "issue": issue,
        "referral": referral,
        "attachment": attachment,
        "case": case,
        "delivery": delivery,
    }


def object_pages(f: dict[str, Any]) -> list[str]:
    """Every page and API address that shows one of the family's records."""
    p, a, i = f["person"].pk, f["appeal"].pk, f["issue"].pk
    return [
        reverse("people:detail", args=[p]),
        reverse("people:edit", args=[p]),
        reverse("appeals:detail", args=[a]),
        reverse("appeals:card", args=[a]),
        reverse("appeals:card_pdf", args=[a]),
        reverse("appeals:receipt", args=[a]),
        reverse("appeals:receipt_pdf", args=[a]),
        reverse("appeals:issue_detail", args=[i]),
        reverse("appeals:referral_detail", args=[f["referral"].pk]),
        reverse("appeals:attachment_download", args=[f["attachment"].pk]),
        reverse("cases:detail", args=[f["case"].pk]),
        f"/api/v1/persons/{p}/",
        f"/api/v1/appeals/{a}/",
        f"/api/v1/issues/{i}/",
        f"/api/v1/referrals/{f['referral'].pk}/",
        f"/api/v1/cases/{f['case'].pk}/",
        f"/api/v1/deliveries/{f['delivery'].pk}/",
    ]


def list_pages(f: dict[str, Any]) -> list[str]:
    """Lists, searches, exports, reports and the audit log that could name the family."""
    return [
        f"{reverse('people:list')}?q={SURNAME}",
        f"{reverse('people:list')}?q={RNOKPP}",
        f"{reverse('people:list')}?q={SURNAME}&export=csv",
        f"{reverse('appeals:worklist')}?assignee=all&status=all",
        f"{reverse('appeals:worklist')}?assignee=all&status=all&export=csv",
        reverse("appeals:referrals"),
        reverse("appeals:referral_inbox"),
        reverse("cases:list"),
        f"{reverse('reports:issues')}?status=open",
        reverse("reports:helped"),
        reverse("core:audit"),
        f"{reverse('core:audit')}?export=csv",
        f"{reverse('core:person_history')}?q={SURNAME}",
        f"/api/v1/persons/?search={SURNAME}",
        f"/api/v1/persons/?search={RNOKPP}",
        "/api/v1/appeals/",
        "/api/v1/issues/",
        "/api/v1/referrals/",
        "/api/v1/cases/",
        "/api/v1/deliveries/",
    ]


def body(response: Any) -> str:
    if getattr(response, "streaming", False):
        return str(b"".join(response.streaming_content).decode("utf-8", "replace"))
    return str(response.content.decode("utf-8", "replace"))


def outsider(make_user: Any, zh_centre: Any, role: str) -> Any:
    if role == Role.PARTNER:
        partner_home = t.InstitutionFactory(
            code="LEGAL-ZH-M", kind=InstitutionKind.PARTNER, territory_id=t.ZH_CITY
        )
        return make_user(role, institution=partner_home)
    return make_user(role, institution=zh_centre, territory_id=t.ZH_CITY)


@pytest.mark.parametrize("role", OUTSIDER_ROLES)
def test_an_outsider_of_any_role_opens_none_of_the_familys_records(
    client: Any, make_user: Any, zh_centre: Any, family: dict[str, Any], role: str
) -> None:
    client.force_login(outsider(make_user, zh_centre, role))
    answers = {url: client.get(url).status_code for url in object_pages(family)}
    assert {url: code for url, code in answers.items() if code != 404} == {}


@pytest.mark.parametrize("role", OUTSIDER_ROLES)
def test_no_list_export_report_or_log_names_the_family_to_an_outsider(
    client: Any, make_user: Any, zh_centre: Any, family: dict[str, Any], role: str
) -> None:
    client.force_login(outsider(make_user, zh_centre, role))
    leaks = {}
    for url in list_pages(family):
        response = client.get(url)
        assert response.status_code < 500, url
        text = body(response)
        # The search box echoes what was typed: a mark counts only where the address did
        # not carry it.
        marks = [m for m in (FULL_NAME, RNOKPP) if m not in unquote(url)]
        if any(m in text for m in marks):
            leaks[url] = response.status_code
    assert leaks == {}


def test_the_reports_of_the_familys_territory_are_a_404_for_an_outsider(
    client: Any, make_user: Any, zh_centre: Any, family: dict[str, Any]
) -> None:
    client.force_login(outsider(make_user, zh_centre, Role.COORDINATOR))
    year = timezone.localdate().year
    url = f"/api/v1/reports/summary/?from={year}-01-01&to={year}-12-31&territory={t.KR_CITY}"
    assert client.get(url).status_code == 404


def test_the_insider_opens_every_page_of_the_walk(
    client: Any, alice: Any, family: dict[str, Any]
) -> None:
    client.force_login(alice)
    answers = {url: client.get(url).status_code for url in object_pages(family)}
    assert {url: code for url, code in answers.items() if code != 200} == {}
    found = body(client.get(f"{reverse('people:list')}?q={SURNAME}"))
    assert FULL_NAME in found
    assert RNOKPP in body(client.get(f"/api/v1/persons/?search={SURNAME}"))
