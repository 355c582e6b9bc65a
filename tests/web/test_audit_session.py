"""Audited vs performed: one scripted working session through the web pages, the API and the
admin site, counting every read and write of personal data it performs and the audit entry
each left (issue #8, "Done means").

Every operation is one request. For each, the test asserts that the entry it must leave is
there — with its registered action code, its actor and its object — and that all the entries
the request wrote share one correlation id, the `X-Request-ID` the response carries, distinct
from every other request's. The table it prints (`pytest -s`) is the figure quoted in
docs/security.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from suprovid import testing as t
from suprovid.accounts.models import Role
from suprovid.appeals import services as appeal_services
from suprovid.appeals.tests.factories import register, sharing_consent
from suprovid.core.audit_actions import ACTIONS
from suprovid.core.models import AuditEntry
from suprovid.network.models import InstitutionKind
from suprovid.people.tests.factories import person_form

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


@dataclass
class Operation:
    interface: str
    what: str
    kind: str  # "read" or "write" of personal data, or "sign-in"
    expected: list[tuple[str, str]]  # (action code, object id) the request must leave
    entries: list[AuditEntry] = field(default_factory=list)
    request_id: str = ""

    @property
    def audited(self) -> bool:
        found = {(e.action, e.object_id) for e in self.entries}
        return all(code in ACTIONS for code, _ in self.expected) and set(self.expected) <= found


class Session:
    """Runs requests and collects, per request, the audit entries it wrote."""

    def __init__(self) -> None:
        self.operations: list[Operation] = []

    def run(self, op: Operation, call: Any) -> Any:
        last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        response = call()
        op.entries = list(AuditEntry.objects.filter(pk__gt=last).order_by("pk"))
        op.request_id = response.get("X-Request-ID", "")
        self.operations.append(op)
        return response

    def table(self) -> str:
        lines = [
            f"{'interface':<10} {'operation':<44} {'kind':<7} {'entries':>7}  codes",
        ]
        for op in self.operations:
            codes = ", ".join(sorted({e.action for e in op.entries}))
            lines.append(
                f"{op.interface:<10} {op.what:<44} {op.kind:<7} {len(op.entries):>7}  {codes}"
            )
        performed = len(self.operations)
        audited = sum(op.audited for op in self.operations)
        lines.append(f"performed {performed}, audited {audited}")
        return "\n".join(lines)


@pytest.fixture
def scene(alice, kr_centre, make_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    alice.set_password(PASSWORD)
    alice.save()
    person = t.PersonFactory(last_name="Шевченко", first_name="Оксана", phone="+380671234567")
    appeal = register(user=alice, institution=kr_centre, applicant=person)
    issue = appeal.issues.get()
    attachment = appeal_services.attachment_add(
        actor=alice, appeal=appeal, upload=SimpleUploadedFile("заява.pdf", b"%PDF-1.4 test")
    )
    legal = t.InstitutionFactory(code="LEGAL-KR", kind=InstitutionKind.PARTNER)
    sharing_consent(person)
    referral = appeal_services.referral_send(
        actor=alice,
        issue=issue,
        institution=legal,
        due_on=timezone.localdate() + dt.timedelta(days=5),
        shared_note="Потрібна консультація",
    )
    return {
        "person": person,
        "attachment": attachment,
        "referral": referral,
        "partner": make_user(Role.PARTNER, email="lawyer@example.test", institution=legal),
        "coordinator": make_user(
            Role.COORDINATOR, email="coord@example.test", institution=kr_centre
        ),
    }


def test_every_read_and_write_of_one_session_is_audited(alice, admin_user, scene):
    person = scene["person"]
    pid = str(person.pk)
    web, partner_web, admin_web = Client(), Client(), Client()
    api = APIClient()
    s = Session()

    # --- sign-in -------------------------------------------------------------------------
    login = reverse("accounts:login")
    s.run(
        Operation("web", "login with a wrong password", "sign-in", [("login.failed", "")]),
        lambda: web.post(login, {"username": alice.email, "password": "wrong"}),
    )
    s.run(
        Operation("web", "login", "sign-in", [("login.succeeded", str(alice.pk))]),
        lambda: web.post(login, {"username": alice.email, "password": PASSWORD}),
    )

    # --- the web pages -------------------------------------------------------------------
    s.run(
        Operation("web", "person card", "read", [("person.viewed", pid)]),
        lambda: web.get(reverse("people:detail", args=[person.pk])),
    )
    s.run(
        Operation("web", "person edit form", "read", [("person.viewed", pid)]),
        lambda: web.get(reverse("people:edit", args=[person.pk])),
    )
    person.refresh_from_db()
    edit = person_form(
        last_name=person.last_name, first_name=person.first_name, patronymic=person.patronymic,
        birth_date=person.birth_date.isoformat() if person.birth_date else "", sex=person.sex,
        rnokpp=person.rnokpp, passport="", unzr="", phone="+380671112233", email="",
        territory=person.territory_id, address="", actual_address="", fate="", notes="",
        version=str(person.version),
    )  # fmt: skip
    s.run(
        Operation("web", "person edit saved", "write", [("person.updated", pid)]),
        lambda: web.post(reverse("people:edit", args=[person.pk]), edit),
    )
    s.run(
        Operation("web", "people search", "read", [("person.listed", pid)]),
        lambda: web.get(reverse("people:list"), {"q": "Шевченко"}),
    )
    s.run(
        Operation(
            "web", "people list exported (XLSX)", "read", [("export.downloaded", "/people/")]
        ),
        lambda: web.get(reverse("people:list"), {"q": "Шевченко", "export": "xlsx"}),
    )
    aid = str(scene["attachment"].pk)
    s.run(
        Operation("web", "attachment download", "read", [("attachment.downloaded", aid)]),
        lambda: web.get(reverse("appeals:attachment_download", args=[aid])),
    )
    partner_web.force_login(scene["partner"])
    rid = str(scene["referral"].pk)
    s.run(
        Operation("web", "partner's referral page", "read", [("referral.viewed", rid)]),
        lambda: partner_web.get(reverse("appeals:referral_detail", args=[rid])),
    )

    coordinator_web = Client()
    coordinator_web.force_login(scene["coordinator"])
    s.run(
        Operation("web", "subject-access report (PDF)", "read", [("subject_access.reported", pid)]),
        lambda: coordinator_web.get(reverse("privacy:subject_access", args=[person.pk])),
    )

    # --- the API ---------------------------------------------------------------------------
    first, key = AuthToken.objects.create(user=alice)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    s.run(
        Operation("api", "person detail", "read", [("person.viewed", pid)]),
        lambda: api.get(f"/api/v1/persons/{pid}/"),
    )
    s.run(
        Operation("api", "person search", "read", [("person.listed", pid)]),
        lambda: api.get("/api/v1/persons/", {"search": "Шевченко"}),
    )
    person.refresh_from_db()
    s.run(
        Operation("api", "person edited (PATCH)", "write", [("person.updated", pid)]),
        lambda: api.patch(
            f"/api/v1/persons/{pid}/", {"notes": "Дзвонити зранку", "version": person.version},
            format="json",
        ),
    )  # fmt: skip
    coordinator_api = APIClient()
    coordinator_api.force_authenticate(scene["coordinator"])
    s.run(
        Operation(
            "api", "subject-access report (JSON)", "read", [("subject_access.reported", pid)]
        ),
        lambda: coordinator_api.get(f"/api/v1/persons/{pid}/subject-access/"),
    )

    # --- the admin site --------------------------------------------------------------------
    admin_web.force_login(admin_user)
    second, _second_key = AuthToken.objects.create(user=alice)
    s.run(
        Operation("admin", "API token deleted", "write", [("api_token.revoked", second.token_key)]),
        lambda: admin_web.post(
            reverse("admin:knox_authtoken_delete", args=[second.pk]), {"post": "yes"}
        ),
    )
    s.run(
        Operation(
            "admin", "password set for a user", "write",
            [("user.password_changed", str(alice.pk)), ("api_token.revoked", first.token_key)],
        ),
        lambda: admin_web.post(
            reverse("admin:auth_user_password_change", args=[alice.pk]),
            {"password1": "Admin-set-passphrase-42", "password2": "Admin-set-passphrase-42"},
        ),
    )  # fmt: skip

    print("\n" + s.table())
    missing = [(op.interface, op.what, op.expected) for op in s.operations if not op.audited]
    assert missing == []
    # One correlation id per request: shared by its entries, echoed, never reused.
    for op in s.operations:
        assert {e.correlation_id for e in op.entries} == {op.request_id}, op.what
    assert len({op.request_id for op in s.operations}) == len(s.operations)
    # Every entry carries a registered code and the actor who did it.
    actors = {alice.pk, admin_user.pk, scene["partner"].pk, scene["coordinator"].pk}
    for op in s.operations:
        for entry in op.entries:
            assert entry.action in ACTIONS
            assert entry.actor_id in actors or entry.action == "login.failed", entry
    assert len(s.operations) == 16
    # A file its view audits is not counted a second time as an export (one event, one code).
    for op in s.operations:
        assert len(op.entries) == len(op.expected), op.what
