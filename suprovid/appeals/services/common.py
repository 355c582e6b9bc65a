"""What the appeals services share: the privileged statuses, the inputs, the applicant's profile,
and the helpers that log, version and check issues."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from suprovid.accounts.models import CASEWORK_ROLES, User
from suprovid.core.audit import audit_record, changed, snapshot
from suprovid.core.concurrency import save_versioned
from suprovid.people.models import (
    VETERAN_STATUSES,
    Person,
    PersonStatus,
    StatusCode,
)
from suprovid.people.reach import refresh_reach
from suprovid.topics.models import Topic

from ..models import (
    Activity,
    ActivityKind,
    DeadlineRule,
    Issue,
    IssueStatus,
    Outcome,
)

# Law 393/96 art. 20 gives priority to veterans and, by Law 3551-XII, to families of the
# fallen and persons freed from captivity; they are "privileged" in work lists. The list is
# `settings.APPEALS_PRIVILEGED_STATUSES`; this is its default.
PRIVILEGED_STATUSES = VETERAN_STATUSES | {StatusCode.FAMILY_FALLEN, StatusCode.POW}


def privileged_statuses() -> frozenset[str]:
    """The configured benefit statuses whose holders' appeals are considered first."""
    from django.conf import settings

    configured = getattr(settings, "APPEALS_PRIVILEGED_STATUSES", None)
    return frozenset(configured) if configured is not None else frozenset(PRIVILEGED_STATUSES)


# Outcomes after which the same question from the same person is "repeated" (art. 8).
DECIDED_OUTCOMES = (Outcome.RESOLVED, Outcome.EXPLAINED, Outcome.REFUSED)


# Order in which a person's statuses decide the author category of the statutory report.
_CATEGORY_ORDER = [code for code, _label in StatusCode.choices]


# Attachments: what a specialist scans or receives, nothing executable.
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


_ALLOWED_TYPES: dict[str, tuple[bytes, str]] = {
    "pdf": (b"%PDF-", "application/pdf"),
    "jpg": (b"\xff\xd8\xff", "image/jpeg"),
    "jpeg": (b"\xff\xd8\xff", "image/jpeg"),
    "png": (b"\x89PNG\r\n\x1a\n", "image/png"),
    "docx": (
        b"PK\x03\x04",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": (b"PK\x03\x04", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


@dataclass
class IssueInput:
    """One issue of an appeal being registered."""

    topic: Topic
    person: Person | None
    assignee: User | None = None
    text: str = ""
    deadline_rule: str = DeadlineRule.STANDARD
    # Law 2297-VI art. 7: the ground for an issue on a health topic (people/health.py).
    health_ground: str = ""


@dataclass
class ApplicantProfile:
    is_privileged: bool
    author_category: str
    codes: set[str] = field(default_factory=set)

    @property
    def war_disabled(self) -> bool:
        """Law 393/96 art. 15 part 2: considered by the head personally."""
        return StatusCode.WAR_DISABLED in self.codes


def _today() -> dt.date:
    return timezone.localdate()


def active_status_codes(person: Person, on: dt.date | None = None) -> set[str]:
    """The status codes the person holds on a date (validity dates respected)."""
    day = on or _today()
    return {
        s.code
        for s in PersonStatus.objects.filter(person=person)
        if (s.valid_from is None or s.valid_from <= day)
        and (s.valid_to is None or s.valid_to >= day)
    }


def applicant_profile(codes: Iterable[str]) -> ApplicantProfile:
    """Whether an applicant is privileged, and their category for the CMU 858/2008 report."""
    held = set(codes)
    category = next((c for c in _CATEGORY_ORDER if c in held), "other")
    return ApplicantProfile(
        is_privileged=bool(held & privileged_statuses()), author_category=category, codes=held
    )


def _check_assignee(user: User | None) -> None:
    if user is None:
        return
    if not user.is_active or user.role not in CASEWORK_ROLES:
        raise ValidationError(
            {"assignee": _("%(user)s cannot be responsible for issues.") % {"user": user}}
        )


def _log_status(issue: Issue, *, actor: Any, text: str) -> None:
    Activity.objects.create(
        appeal_id=issue.appeal_id,
        issue=issue,
        kind=ActivityKind.STATUS_CHANGE,
        text=text,
        author=actor if getattr(actor, "is_authenticated", False) else None,
    )


def case_involves(case: Any, person: Person) -> bool:
    """Whether `person` is the case's veteran (or defender) or one of its family members."""
    return bool(case.primary_person_id == person.pk or case.members.filter(person=person).exists())


def _versioned_update(
    *,
    actor: Any,
    issue: Issue,
    version: int | None,
    fields: list[str],
    action: str,
    before: dict[str, Any],
) -> Issue:
    save_versioned(issue, expected_version=version, fields=fields)
    if {"assignee", "institution", "territory", "person"} & set(fields):
        refresh_reach([issue.person_id])  # the person is now reached by the new assignee
    b, a = changed(before, snapshot(issue))
    audit_record(actor=actor, action=action, obj=issue, before=b, after=a)
    return issue


def _require_open(issue: Issue) -> None:
    if issue.status == IssueStatus.CLOSED:
        raise ValidationError(_("The issue is closed; reopen it first."))
