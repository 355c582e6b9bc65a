"""Retention: what is past its time is anonymised, and every report figure stays the same.

Law 2297-VI art. 6 part 8: personal data are kept in a form that identifies the person no
longer than their purpose needs. Two rules, each configurable (0 switches it off):

- **Persons** (`RETENTION_PERSON_YEARS`, default 5): a person with no activity for that many
  years — no appeal, issue, consent, case, delivery, event, course, reception visit or edit
  of the record — nothing open (no open issue, no open case), and whose household (family
  links and the defender a family status points to) is equally inactive, is anonymised:
  names become "Знеособлено №<id>", the РНОКПП, passport, УНЗР, phone, e-mail, addresses,
  notes and certificate numbers are erased, the birth date keeps only its year; every text
  written about them (appeals they made and issues concerning them, answers and letters —
  the generated files are deleted —, referrals, timeline notes, reception cards, plan
  notes, course employer) is erased too, and attachments of their appeals are deleted.
- **Appeal texts** (`RETENTION_APPEAL_TEXT_YEARS`, default 5): an appeal whose issues were
  all closed more than that many years ago loses its texts, letters' bodies and files and
  its attachments, even when its author is still active.

What the reports count is kept: the rows themselves, dates, codes (topics, outcomes, kinds of
support, channels, statuses and their validity, disability groups with their legal ground),
the sex and the registered territory, institutions and specialists. The audit log keeps
every entry (who read or changed which record, when), but what its entries copied about an
anonymised person or an erased appeal — names shown, values before and after — is
anonymised the same way (`audit_redaction.py`; the one change the database lets through).
Each anonymised person gets one `person.anonymised` entry, each erased appeal one
`appeal.texts_erased` entry, written in bulk.

`apply_retention(today=…, dry_run=True)` says what would happen; the `apply_retention`
command and the `apply_retention_rules` task (privacy/tasks.py) run it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from suprovid.core.models import AuditEntry
from suprovid.people.audit_redaction import redact_entries
from suprovid.people.models import Consent, FamilyLink, Person, PersonStatus
from suprovid.people.names import build_search_text, name_key

ANONYMOUS_LAST_NAME = "Знеособлено"
_ISSUE_TEXTS = {"text": "", "resolution": "", "extension_reason": "", "shortened_reason": ""}
_CHUNK = 500


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@dataclass
class DuePerson:
    pk: int
    last_activity: dt.date | None


@dataclass
class RetentionRun:
    """What a run found (and, unless a dry run, did)."""

    today: dt.date
    dry_run: bool
    person_years: int
    appeal_years: int
    persons: list[DuePerson] = field(default_factory=list)
    merged_away: list[int] = field(default_factory=list)
    appeals: list[int] = field(default_factory=list)

    def lines(self) -> list[str]:
        """A plain report for the command line: record ids and dates, never names."""
        verb = "would be" if self.dry_run else "was"
        out: list[str] = []
        if self.person_years:
            cutoff = _years_before(self.today, self.person_years)
            out.append(
                f"persons: no activity since {cutoff.isoformat()} "
                f"({self.person_years} years): {len(self.persons)}"
            )
            for due in self.persons:
                last = due.last_activity.isoformat() if due.last_activity else "never"
                out.append(f"  person {due.pk} {verb} anonymised (last activity {last})")
            for pk in self.merged_away:
                out.append(f"  person {pk} (a merged-away duplicate) {verb} anonymised too")
        else:
            out.append("persons: rule off (RETENTION_PERSON_YEARS=0)")
        if self.appeal_years:
            cutoff = _years_before(self.today, self.appeal_years)
            out.append(
                f"appeals closed before {cutoff.isoformat()} ({self.appeal_years} years), "
                f"texts and files: {len(self.appeals)}"
            )
            for pk in self.appeals:
                out.append(f"  appeal {pk}: texts {verb} erased")
        else:
            out.append("appeals: rule off (RETENTION_APPEAL_TEXT_YEARS=0)")
        return out

    def summary(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "dry_run": self.dry_run,
            "persons_anonymised": len(self.persons) + len(self.merged_away),
            "appeals_erased": len(self.appeals),
        }


# --------------------------------------------------------------------------- finding


def _activity_sources(cutoff: dt.date) -> list[models.QuerySet[Any, Any]]:
    """Person ids with something on or after `cutoff`, or something still open."""
    from suprovid.appeals.models import Appeal, Issue, IssueStatus, ReceptionVisit
    from suprovid.cases.models import CaseMember, CaseStatus, SupportCase
    from suprovid.programmes.models import Delivery, Enrolment, Recipient, Registration

    open_issue = Q(status__in=[IssueStatus.OPEN, IssueStatus.IN_PROGRESS])
    recent_case = Q(opened_on__gte=cutoff) | Q(closed_on__gte=cutoff) | Q(status=CaseStatus.OPEN)
    recent_member = (
        Q(case__opened_on__gte=cutoff)
        | Q(case__closed_on__gte=cutoff)
        | Q(case__status=CaseStatus.OPEN)
    )
    return [
        Appeal.objects.filter(received_on__gte=cutoff).values("applicant_id"),
        Issue.objects.filter(
            Q(received_on__gte=cutoff) | Q(closed_on__gte=cutoff) | open_issue
        ).values("person_id"),
        Issue.objects.filter(open_issue).values("appeal__applicant_id"),
        Consent.objects.filter(Q(given_on__gte=cutoff) | Q(withdrawn_on__gte=cutoff)).values(
            "person_id"
        ),
        SupportCase.objects.filter(recent_case).values("primary_person_id"),
        CaseMember.objects.filter(recent_member).values("person_id"),
        ReceptionVisit.objects.filter(schedule__date__gte=cutoff).values("person_id"),
        Delivery.objects.filter(delivered_on__gte=cutoff).values("person_id"),
        Registration.objects.filter(event__ends_on__gte=cutoff).values("person_id"),
        Registration.objects.filter(event__ends_on__gte=cutoff).values("with_person_id"),
        Enrolment.objects.filter(
            Q(enrolled_on__gte=cutoff) | Q(completed_on__gte=cutoff) | Q(employed_on__gte=cutoff)
        ).values("person_id"),
        Recipient.objects.filter(distribution__ends_on__gte=cutoff).values("person_id"),
    ]


def _last_activity(ids: Sequence[int]) -> dict[int, dt.date]:
    """The date of each person's latest activity (for the report and the audit entry)."""
    from suprovid.appeals.models import Appeal, Issue, ReceptionVisit
    from suprovid.cases.models import CaseMember, SupportCase
    from suprovid.programmes.models import Delivery, Enrolment, Registration

    last: dict[int, dt.date] = {}

    def merge(rows: Iterable[tuple[int, Any]]) -> None:
        for pk, day in rows:
            if day is None:
                continue
            if isinstance(day, dt.datetime):
                day = timezone.localtime(day).date()
            if pk not in last or day > last[pk]:
                last[pk] = day

    sources: list[tuple[Any, str, str]] = [
        (Person.objects, "pk", "updated_at"),
        (Appeal.objects, "applicant_id", "received_on"),
        (Issue.objects, "person_id", "received_on"),
        (Issue.objects, "person_id", "closed_on"),
        (Consent.objects, "person_id", "given_on"),
        (Consent.objects, "person_id", "withdrawn_on"),
        (SupportCase.objects, "primary_person_id", "closed_on"),
        (SupportCase.objects, "primary_person_id", "opened_on"),
        (CaseMember.objects, "person_id", "case__closed_on"),
        (ReceptionVisit.objects, "person_id", "schedule__date"),
        (Delivery.objects, "person_id", "delivered_on"),
        (Registration.objects, "person_id", "event__ends_on"),
        (Enrolment.objects, "person_id", "enrolled_on"),
        (Enrolment.objects, "person_id", "completed_on"),
    ]
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        for manager, key, day in sources:
            merge(
                manager.filter(**{f"{key}__in": chunk})
                .values(key)
                .annotate(last=Max(day))
                .values_list(key, "last")
                .order_by()
            )
    return last


def persons_due(today: dt.date, years: int) -> list[int]:
    """Ids of active (not merged-away) persons the person rule anonymises on `today`."""
    if years <= 0:
        return []
    cutoff = _years_before(today, years)
    qs = Person.objects.filter(
        merged_into__isnull=True,
        anonymised_on__isnull=True,
        created_at__date__lt=cutoff,
        updated_at__date__lt=cutoff,
    )
    for source in _activity_sources(cutoff):
        qs = qs.exclude(pk__in=source)
    due = set(qs.values_list("pk", flat=True))
    if not due:
        return []
    # A household goes together: anyone linked to a person who stays keeps the person too
    # (a widow still supported keeps the record of her fallen husband, and he hers).
    pairs: list[tuple[int, int]] = []
    ids = sorted(due)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        pairs += FamilyLink.objects.filter(
            Q(person_id__in=chunk) | Q(relative_id__in=chunk)
        ).values_list("person_id", "relative_id")
        pairs += PersonStatus.objects.filter(
            Q(person_id__in=chunk) | Q(related_person_id__in=chunk), related_person__isnull=False
        ).values_list("person_id", "related_person_id")
    others = {b for pair in pairs for b in pair} - due
    gone = set(
        Person.objects.filter(pk__in=others)
        .filter(Q(anonymised_on__isnull=False) | Q(merged_into__isnull=False))
        .values_list("pk", flat=True)
    )
    staying = others - gone
    changed = True
    while changed:
        changed = False
        for a, b in pairs:
            for x, y in ((a, b), (b, a)):
                if x in due and y in staying:
                    due.discard(x)
                    staying.add(x)
                    changed = True
    return sorted(due)


def appeals_due(today: dt.date, years: int) -> list[int]:
    """Ids of appeals the appeal-text rule erases: every issue closed before the cutoff."""
    from suprovid.appeals.models import Appeal, Issue, IssueStatus

    if years <= 0:
        return []
    cutoff = _years_before(today, years)
    not_yet = Issue.objects.filter(
        Q(status__in=[IssueStatus.OPEN, IssueStatus.IN_PROGRESS]) | Q(closed_on__gte=cutoff)
    ).values("appeal_id")
    return list(
        Appeal.objects.filter(texts_erased_on__isnull=True, received_on__lt=cutoff)
        .exclude(pk__in=not_yet)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


# --------------------------------------------------------------------------- erasing


def _delete_files_on_commit(files: Iterable[Any]) -> None:
    """Stored files go once the transaction commits (a rollback keeps them)."""
    names = [(f.storage, f.name) for f in files if f]
    if names:
        transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])


def _erase_appeals(appeal_ids: Sequence[int], today: dt.date) -> None:
    """Texts, letters' bodies and files and attachments of whole appeals."""
    from suprovid.appeals.models import Activity, Appeal, Attachment, Issue, Letter, Referral

    for start in range(0, len(appeal_ids), _CHUNK):
        chunk = list(appeal_ids[start : start + _CHUNK])
        Appeal.objects.filter(pk__in=chunk).update(
            text="",
            contact="",
            resolution_text="",
            privileged_reason="",
            texts_erased_on=today,
        )
        Issue.objects.filter(appeal_id__in=chunk).update(**_ISSUE_TEXTS, version=F("version") + 1)
        Referral.objects.filter(issue__appeal_id__in=chunk).update(
            shared_note="", decline_reason="", outcome_text=""
        )
        Activity.objects.filter(appeal_id__in=chunk).update(text="")
        letters = list(Letter.objects.filter(appeal_id__in=chunk).only("pk", "docx", "pdf"))
        _delete_files_on_commit([f for letter in letters for f in (letter.docx, letter.pdf)])
        Letter.objects.filter(appeal_id__in=chunk).update(body="", docx="", pdf="")
        attachments = list(Attachment.objects.filter(appeal_id__in=chunk).only("pk", "file"))
        _delete_files_on_commit([a.file for a in attachments])
        Attachment.objects.filter(appeal_id__in=chunk).update(file="", original_name="—")


def _erase_issues(issue_ids: Sequence[int]) -> None:
    """Texts of issues about a person raised in someone else's appeal."""
    from suprovid.appeals.models import Activity, Issue, Referral

    for start in range(0, len(issue_ids), _CHUNK):
        chunk = list(issue_ids[start : start + _CHUNK])
        Issue.objects.filter(pk__in=chunk).update(**_ISSUE_TEXTS, version=F("version") + 1)
        Referral.objects.filter(issue_id__in=chunk).update(
            shared_note="", decline_reason="", outcome_text=""
        )
        Activity.objects.filter(issue_id__in=chunk).update(text="")


def _anonymise_rows(ids: Sequence[int], today: dt.date) -> None:
    """The person rows and everything written about them (see the module docstring)."""
    from suprovid.appeals.models import Appeal, Issue, ReceptionVisit
    from suprovid.cases.models import CaseNeed, CaseReview, CaseStep, SupportCase
    from suprovid.programmes.models import Enrolment, Registration

    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        people = list(Person.objects.filter(pk__in=chunk).only("pk", "birth_date"))
        for p in people:
            p.last_name, p.first_name, p.patronymic = ANONYMOUS_LAST_NAME, f"№{p.pk}", ""
            if p.birth_date is not None:
                p.birth_date = p.birth_date.replace(month=1, day=1)
            p.search_text = build_search_text(
                last_name=p.last_name, first_name=p.first_name, patronymic=""
            )
            p.name_key = name_key(p.last_name, p.first_name, "")
        Person.objects.bulk_update(
            people,
            ["last_name", "first_name", "patronymic", "birth_date", "search_text", "name_key"],
        )
        Person.objects.filter(pk__in=chunk).update(
            rnokpp="",
            rnokpp_refused=False,
            rnokpp_mismatch="",
            passport="",
            unzr="",
            phone="",
            email="",
            address="",
            actual_address="",
            notes="",
            anonymised_on=today,
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        PersonStatus.objects.filter(person_id__in=chunk).update(
            certificate="", certificate_issuer=""
        )
        Consent.objects.filter(person_id__in=chunk).update(document="")
        appeal_ids = list(
            Appeal.objects.filter(applicant_id__in=chunk).values_list("pk", flat=True)
        )
        _erase_appeals(appeal_ids, today)
        _erase_issues(
            list(
                Issue.objects.filter(person_id__in=chunk)
                .exclude(appeal_id__in=appeal_ids)
                .values_list("pk", flat=True)
            )
        )
        ReceptionVisit.objects.filter(person_id__in=chunk).update(substance="", result="")
        cases = SupportCase.objects.filter(primary_person_id__in=chunk).values("pk")
        SupportCase.objects.filter(pk__in=cases).update(close_reason="")
        CaseNeed.objects.filter(case_id__in=cases).update(description="")
        CaseStep.objects.filter(case_id__in=cases).update(description="—")
        CaseReview.objects.filter(case_id__in=cases).update(summary="—")
        Registration.objects.filter(person_id__in=chunk).update(result="")
        Enrolment.objects.filter(person_id__in=chunk).update(employer="")


def _audit_objects(*, person_ids: Sequence[int], appeal_ids: Sequence[int]) -> dict[str, set[str]]:
    """{object type: {ids}} of the records whose audit entries may carry what retention
    erased: the persons and everything about them, and whole erased appeals."""
    from suprovid.appeals.models import (
        Activity,
        Appeal,
        Attachment,
        HeadDecision,
        Issue,
        Letter,
        ReceptionVisit,
        Referral,
    )
    from suprovid.cases.models import CaseMember, CaseNeed, CaseReview, CaseStep, SupportCase
    from suprovid.programmes.models import Delivery, Enrolment, Recipient, Registration

    found: dict[str, set[str]] = {}

    def add(model: type[models.Model], qs: Any) -> None:
        found.setdefault(model._meta.label_lower, set()).update(
            str(pk) for pk in qs.values_list("pk", flat=True)
        )

    for start in range(0, max(len(person_ids), len(appeal_ids)), _CHUNK):
        people = list(person_ids[start : start + _CHUNK])
        appeals = set(appeal_ids[start : start + _CHUNK]) | set(
            Appeal.objects.filter(applicant_id__in=people).values_list("pk", flat=True)
        )
        found.setdefault("people.person", set()).update(str(pk) for pk in people)
        add(PersonStatus, PersonStatus.objects.filter(person_id__in=people))
        add(Consent, Consent.objects.filter(person_id__in=people))
        add(
            FamilyLink,
            FamilyLink.objects.filter(Q(person_id__in=people) | Q(relative_id__in=people)),
        )
        add(Appeal, Appeal.objects.filter(pk__in=appeals))
        issues = Issue.objects.filter(Q(person_id__in=people) | Q(appeal_id__in=appeals))
        add(Issue, issues)
        add(Referral, Referral.objects.filter(issue__in=issues))
        add(Activity, Activity.objects.filter(Q(appeal_id__in=appeals) | Q(issue__in=issues)))
        add(Attachment, Attachment.objects.filter(appeal_id__in=appeals))
        add(Letter, Letter.objects.filter(appeal_id__in=appeals))
        add(HeadDecision, HeadDecision.objects.filter(appeal_id__in=appeals))
        add(ReceptionVisit, ReceptionVisit.objects.filter(person_id__in=people))
        cases = SupportCase.objects.filter(primary_person_id__in=people)
        add(SupportCase, cases)
        add(CaseMember, CaseMember.objects.filter(person_id__in=people))
        for part in (CaseNeed, CaseStep, CaseReview):
            add(part, part._default_manager.filter(case__in=cases))
        for row in (Delivery, Registration, Enrolment, Recipient):
            add(row, row._default_manager.filter(person_id__in=people))
    return {key: ids for key, ids in found.items() if ids}


def _audit_entries(
    *,
    action: str,
    rows: Sequence[tuple[str, str, str, int | None, dict[str, Any]]],
    actor: Any,
) -> None:
    """One entry per record, written in bulk with one correlation id for the run.

    `rows`: (object type, object id, territory, institution id, after)."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    correlation = uuid.uuid4().hex
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                actor=user,
                actor_repr=user.email if user is not None else "retention",
                action=action,
                object_type=object_type,
                object_id=object_id,
                object_repr="",
                after=after,
                correlation_id=correlation,
                scope_territory=territory,
                scope_institution=institution,
            )
            for object_type, object_id, territory, institution, after in rows
        ],
        batch_size=_CHUNK,
    )


@transaction.atomic
def apply_retention(
    *,
    today: dt.date | None = None,
    dry_run: bool = False,
    actor: Any = None,
    person_years: int | None = None,
    appeal_years: int | None = None,
) -> RetentionRun:
    """Apply both rules on `today` (default: today); with `dry_run`, only find.

    Years default to the settings `RETENTION_PERSON_YEARS` and `RETENTION_APPEAL_TEXT_YEARS`.
    Idempotent: anonymised persons and erased appeals are not touched again.
    """
    from suprovid.appeals.models import Appeal

    today = today or timezone.localdate()
    if person_years is None:
        person_years = int(getattr(settings, "RETENTION_PERSON_YEARS", 5))
    if appeal_years is None:
        appeal_years = int(getattr(settings, "RETENTION_APPEAL_TEXT_YEARS", 5))
    run = RetentionRun(
        today=today, dry_run=dry_run, person_years=person_years, appeal_years=appeal_years
    )
    ids = persons_due(today, person_years)
    last = _last_activity(ids)
    run.persons = [DuePerson(pk, last.get(pk)) for pk in ids]
    run.merged_away = sorted(
        Person.objects.filter(merged_into_id__in=ids, anonymised_on__isnull=True).values_list(
            "pk", flat=True
        )
    )
    if not dry_run and (ids or run.merged_away):
        everyone = [*ids, *run.merged_away]
        _anonymise_rows(everyone, today)
        redact_entries(_audit_objects(person_ids=everyone, appeal_ids=[]), person_ids=everyone)
        where = {
            pk: (territory or "", institution)
            for pk, territory, institution in Person.objects.filter(pk__in=everyone).values_list(
                "pk", "territory_id", "institution_id"
            )
        }
        _audit_entries(
            action="person.anonymised",
            actor=actor,
            rows=[
                (
                    "people.person",
                    str(pk),
                    *where[pk],
                    {
                        "rule": "person_inactive",
                        "years": person_years,
                        "last_activity": last[pk].isoformat() if pk in last else None,
                        "merged_away": pk in run.merged_away,
                    },
                )
                for pk in everyone
            ],
        )
    run.appeals = appeals_due(today, appeal_years)
    if not dry_run and run.appeals:
        _erase_appeals(run.appeals, today)
        redact_entries(_audit_objects(person_ids=[], appeal_ids=run.appeals), person_ids=[])
        _audit_entries(
            action="appeal.texts_erased",
            actor=actor,
            rows=[
                ("appeals.appeal", str(pk), territory, institution, {"years": appeal_years})
                for pk, territory, institution in Appeal.objects.filter(
                    pk__in=run.appeals
                ).values_list("pk", "territory_id", "institution_id")
            ],
        )
    return run
