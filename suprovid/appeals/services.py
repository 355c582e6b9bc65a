"""Writes of the appeals app: registration, the issue lifecycle, timeline, referrals.

Every service is keyword-only, runs in one transaction and writes its audit entry.
Versioned issues are saved with `save_versioned`, so a stale edit is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from suprovid.accounts.models import CASEWORK_ROLES, User
from suprovid.core.audit import audit_record, changed, snapshot
from suprovid.core.concurrency import StaleObjectError, save_versioned
from suprovid.network.models import Institution
from suprovid.people.models import (
    VETERAN_STATUSES,
    Consent,
    ConsentPurpose,
    Person,
    PersonStatus,
    StatusCode,
)

from . import deadlines
from .models import (
    Activity,
    ActivityKind,
    Appeal,
    AppealCounter,
    AppealForm,
    AppealSign,
    AppealType,
    Attachment,
    DeadlineRule,
    Issue,
    IssueStatus,
    Outcome,
    Referral,
    ReferralStatus,
    SupportKind,
    Topic,
)

# Law 393/96 art. 20 gives priority to veterans and, by Law 3551-XII, to families of the
# fallen and persons freed from captivity; they are "privileged" in work lists.
PRIVILEGED_STATUSES = VETERAN_STATUSES | {StatusCode.FAMILY_FALLEN, StatusCode.POW}
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
    person: Person
    assignee: User | None = None
    text: str = ""
    deadline_rule: str = DeadlineRule.STANDARD


@dataclass
class ApplicantProfile:
    is_privileged: bool
    author_category: str
    codes: set[str] = field(default_factory=set)


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
        is_privileged=bool(held & PRIVILEGED_STATUSES), author_category=category, codes=held
    )


def suggest_sign(*, applicant: Person, persons: Sequence[Person], topics: Sequence[Topic]) -> str:
    """ "repeated" when a person already had a decided issue on one of these topics."""
    groups = {t.group for t in topics}
    people = {applicant.pk, *(p.pk for p in persons)}
    if not groups:
        return AppealSign.FIRST
    decided = Issue.objects.filter(
        person_id__in=people,
        topic_group__in=groups,
        status=IssueStatus.CLOSED,
        outcome__in=DECIDED_OUTCOMES,
    ).exists()
    return AppealSign.REPEATED if decided else AppealSign.FIRST


def _next_sequence(institution: Institution, year: int) -> tuple[int, str]:
    """Reserve the next number; the counter row lock serialises concurrent registrations."""
    AppealCounter.objects.get_or_create(institution=institution, year=year)
    counter = AppealCounter.objects.select_for_update().get(institution=institution, year=year)
    sequence = counter.last + 1
    number = f"{institution.code}/{year}/{sequence:05d}"
    # An imported journal may already use a number of this shape: skip over it.
    while Appeal.objects.filter(number=number).exists():
        sequence += 1
        number = f"{institution.code}/{year}/{sequence:05d}"
    counter.last = sequence
    counter.save(update_fields=["last"])
    return sequence, number


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


@transaction.atomic
def appeal_register(
    *,
    registered_by: User | None,
    institution: Institution,
    applicant: Person,
    received_on: dt.date,
    channel: str,
    issues: Sequence[IssueInput],
    appeal_type: str = AppealType.REQUEST,
    form: str = AppealForm.INDIVIDUAL,
    sign: str | None = None,
    text: str = "",
    case: Any = None,
) -> Appeal:
    """Register an appeal with its issues; numbers are sequential per institution and year.

    Preconditions: at least one issue; `sign=None` lets the service suggest one.
    """
    if not issues:
        raise ValidationError({"issues": _("An appeal raises at least one issue.")})
    if received_on > _today():
        raise ValidationError({"received_on": _("The date of receipt cannot be in the future.")})
    for item in issues:
        _check_assignee(item.assignee)
    if case is not None and not case_involves(case, applicant):
        raise ValidationError(
            {"case": _("The applicant is not a member of the chosen support case.")}
        )
    if sign is None:
        sign = suggest_sign(
            applicant=applicant,
            persons=[i.person for i in issues],
            topics=[i.topic for i in issues],
        )
    profile = applicant_profile(active_status_codes(applicant, received_on))
    sequence, number = _next_sequence(institution, received_on.year)
    appeal = Appeal.objects.create(
        number=number,
        institution=institution,
        territory_id=institution.territory_id,
        year=received_on.year,
        sequence=sequence,
        received_on=received_on,
        channel=channel,
        appeal_type=appeal_type,
        form=form,
        sign=sign,
        applicant=applicant,
        author_category=profile.author_category,
        is_privileged=profile.is_privileged,
        text=text,
        case=case,
        registered_by=registered_by,
    )
    audit_record(
        actor=registered_by, action="appeal.registered", obj=appeal, after=snapshot(appeal)
    )
    for item in issues:
        issue = Issue.objects.create(
            appeal=appeal,
            topic=item.topic,
            topic_group=item.topic.group,
            person=item.person,
            assignee=item.assignee,
            institution=institution,
            territory_id=institution.territory_id,
            received_on=received_on,
            text=item.text,
            deadline_rule=item.deadline_rule,
            due_on=deadlines.due_date(received_on, item.deadline_rule),
        )
        audit_record(
            actor=registered_by, action="issue.registered", obj=issue, after=snapshot(issue)
        )
    Activity.objects.create(
        appeal=appeal,
        kind=ActivityKind.STATUS_CHANGE,
        text=_("Appeal registered as %(number)s") % {"number": number},
        author=registered_by,
    )
    return appeal


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
    b, a = changed(before, snapshot(issue))
    audit_record(actor=actor, action=action, obj=issue, before=b, after=a)
    return issue


def _require_open(issue: Issue) -> None:
    if issue.status == IssueStatus.CLOSED:
        raise ValidationError(_("The issue is closed; reopen it first."))


@transaction.atomic
def issue_take(*, actor: User, issue: Issue, version: int | None) -> Issue:
    """Mark an open issue as in progress."""
    if issue.status != IssueStatus.OPEN:
        raise ValidationError(_("Only an open issue can be taken in progress."))
    before = snapshot(issue)
    issue.status = IssueStatus.IN_PROGRESS
    _versioned_update(
        actor=actor,
        issue=issue,
        version=version,
        fields=["status"],
        action="issue.taken",
        before=before,
    )
    _log_status(issue, actor=actor, text=_("Taken in progress"))
    return issue


@transaction.atomic
def issue_close(
    *,
    actor: User,
    issue: Issue,
    version: int | None,
    outcome: str,
    support_kind: str = "",
    closed_on: dt.date | None = None,
    resolution: str = "",
) -> Issue:
    """Close an issue with its outcome; "resolved" needs the kind of support given."""
    _require_open(issue)
    errors: dict[str, str] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = _("Choose an outcome.")
    if outcome == Outcome.RESOLVED and support_kind not in SupportKind.values:
        errors["support_kind"] = _("Say what kind of support was given.")
    if outcome != Outcome.RESOLVED and support_kind:
        errors["support_kind"] = _("The kind of support is recorded only for resolved issues.")
    closed_on = closed_on or _today()
    if closed_on < issue.received_on:
        errors["closed_on"] = _("An issue cannot be closed before it was received.")
    if closed_on > _today():
        errors["closed_on"] = _("The closing date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    before = snapshot(issue)
    issue.status = IssueStatus.CLOSED
    issue.outcome = outcome
    issue.support_kind = support_kind
    issue.closed_on = closed_on
    issue.resolution = resolution
    _versioned_update(
        actor=actor,
        issue=issue,
        version=version,
        fields=["status", "outcome", "support_kind", "closed_on", "resolution"],
        action="issue.closed",
        before=before,
    )
    _log_status(
        issue,
        actor=actor,
        text=_("Closed: %(outcome)s") % {"outcome": Outcome(outcome).label},
    )
    return issue


@transaction.atomic
def issue_reopen(*, actor: User, issue: Issue, version: int | None, reason: str) -> Issue:
    """Reopen a closed issue; the reason goes to the timeline."""
    if issue.status != IssueStatus.CLOSED:
        raise ValidationError(_("Only a closed issue can be reopened."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the issue is reopened.")})
    before = snapshot(issue)
    issue.status = IssueStatus.IN_PROGRESS
    issue.outcome = ""
    issue.support_kind = ""
    issue.closed_on = None
    _versioned_update(
        actor=actor,
        issue=issue,
        version=version,
        fields=["status", "outcome", "support_kind", "closed_on"],
        action="issue.reopened",
        before=before,
    )
    _log_status(issue, actor=actor, text=_("Reopened: %(reason)s") % {"reason": reason})
    return issue


@transaction.atomic
def issue_extend(
    *, actor: User, issue: Issue, version: int | None, until: dt.date, reason: str
) -> Issue:
    """Extend the deadline with a reason; Law 393/96 art. 20: at most 45 days in total."""
    _require_open(issue)
    if not reason.strip():
        raise ValidationError({"reason": _("An extension needs a reason (the applicant is told).")})
    try:
        deadlines.check_extension(
            received_on=issue.received_on, current_due=issue.due_on, new_due=until
        )
    except deadlines.DeadlineError as exc:
        raise ValidationError({"until": str(exc)}) from exc
    before = snapshot(issue)
    issue.due_on = until
    issue.extended_until = until
    issue.extension_reason = reason
    _versioned_update(
        actor=actor,
        issue=issue,
        version=version,
        fields=["due_on", "extended_until", "extension_reason"],
        action="issue.extended",
        before=before,
    )
    _log_status(
        issue,
        actor=actor,
        text=_("Deadline extended to %(date)s: %(reason)s")
        % {"date": until.strftime("%d.%m.%Y"), "reason": reason},
    )
    return issue


@transaction.atomic
def issue_set_deadline_rule(*, actor: User, issue: Issue, version: int | None, rule: str) -> Issue:
    """Apply another statutory rule (15 days, forward in 5, return in 10) to an open issue."""
    _require_open(issue)
    if rule not in DeadlineRule.values:
        raise ValidationError({"rule": _("Unknown deadline rule.")})
    before = snapshot(issue)
    issue.deadline_rule = rule
    issue.due_on = deadlines.due_date(issue.received_on, rule)
    issue.extended_until = None
    _versioned_update(
        actor=actor,
        issue=issue,
        version=version,
        fields=["deadline_rule", "due_on", "extended_until"],
        action="issue.deadline_changed",
        before=before,
    )
    _log_status(
        issue,
        actor=actor,
        text=_("Deadline rule: %(rule)s, due %(date)s")
        % {"rule": DeadlineRule(rule).label, "date": issue.due_on.strftime("%d.%m.%Y")},
    )
    return issue


@transaction.atomic
def issue_reassign(
    *, actor: User, issue: Issue, assignee: User | None, version: int | None = None
) -> Issue:
    """Give an issue to another responsible specialist."""
    _check_assignee(assignee)
    before = snapshot(issue)
    issue.assignee = assignee
    _versioned_update(
        actor=actor,
        issue=issue,
        version=version,
        fields=["assignee"],
        action="issue.reassigned",
        before=before,
    )
    _log_status(
        issue,
        actor=actor,
        text=_("Responsible specialist: %(user)s") % {"user": assignee or "—"},
    )
    return issue


@transaction.atomic
def issue_edit(
    *,
    actor: User,
    issue: Issue,
    version: int | None,
    text: str | None = None,
    assignee: User | None = None,
) -> Issue:
    """Edit an issue's text and/or responsible specialist; a stale version is refused."""
    before = snapshot(issue)
    fields = []
    if text is not None:
        issue.text = text
        fields.append("text")
    if assignee is not None and assignee.pk != issue.assignee_id:
        _check_assignee(assignee)
        issue.assignee = assignee
        fields.append("assignee")
    _versioned_update(
        actor=actor,
        issue=issue,
        version=version,
        fields=fields,
        action="issue.updated",
        before=before,
    )
    if "assignee" in fields:
        _log_status(
            issue, actor=actor, text=_("Responsible specialist: %(user)s") % {"user": assignee}
        )
    return issue


@transaction.atomic
def issues_reassign_bulk(*, actor: User, issues: Iterable[Issue], assignee: User) -> int:
    """Reassign many issues at once (a coordinator balancing the load); returns how many."""
    count = 0
    for issue in issues:
        if issue.assignee_id == assignee.pk:
            continue
        issue_reassign(actor=actor, issue=issue, assignee=assignee, version=None)
        count += 1
    return count


@transaction.atomic
def activity_add(
    *,
    actor: User,
    appeal: Appeal,
    kind: str,
    text: str,
    issue: Issue | None = None,
    occurred_at: dt.datetime | None = None,
) -> Activity:
    """A note, call, meeting or visit on the timeline of an appeal or one of its issues."""
    if kind not in ActivityKind.values or kind == ActivityKind.STATUS_CHANGE:
        raise ValidationError({"kind": _("Choose a note, call, meeting or visit.")})
    if not text.strip():
        raise ValidationError({"text": _("Write what happened.")})
    if issue is not None and issue.appeal_id != appeal.pk:
        raise ValidationError(_("The issue belongs to another appeal."))
    activity = Activity.objects.create(
        appeal=appeal,
        issue=issue,
        kind=kind,
        text=text,
        author=actor,
        occurred_at=occurred_at or timezone.now(),
    )
    audit_record(actor=actor, action="activity.added", obj=activity, after=snapshot(activity))
    return activity


def check_upload(upload: UploadedFile[Any]) -> tuple[str, str]:
    """(extension, content type) of an allowed upload; refuses by size, name and content."""
    name = upload.name or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if upload.size is None or upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"file": _("The file is larger than 10 MB.")})
    if ext not in _ALLOWED_TYPES:
        raise ValidationError({"file": _("Only PDF, JPG, PNG, DOCX and XLSX files are accepted.")})
    magic, content_type = _ALLOWED_TYPES[ext]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(magic):
        raise ValidationError({"file": _("The file's content does not match its type.")})
    return ext, content_type


@transaction.atomic
def attachment_add(
    *, actor: User, appeal: Appeal, upload: UploadedFile[Any], issue: Issue | None = None
) -> Attachment:
    """Store an uploaded document under MEDIA_ROOT, after size and type checks."""
    _ext, content_type = check_upload(upload)
    attachment = Attachment(
        appeal=appeal,
        issue=issue,
        original_name=(upload.name or "file")[:255],
        size=upload.size or 0,
        content_type=content_type,
        uploaded_by=actor,
    )
    attachment.file.save(upload.name or "file", upload, save=False)
    attachment.save()
    audit_record(
        actor=actor,
        action="attachment.added",
        obj=attachment,
        after=snapshot(attachment, ["appeal", "issue", "original_name", "size", "content_type"]),
    )
    return attachment


def sharing_consent(person: Person, on: dt.date | None = None) -> Consent | None:
    """The person's active consent to share data with partners, if any."""
    day = on or _today()
    return (
        Consent.objects.filter(
            person=person,
            purpose=ConsentPurpose.SHARING,
            given_on__lte=day,
            withdrawn_on__isnull=True,
        )
        .order_by("-given_on")
        .first()
    )


@transaction.atomic
def referral_send(
    *,
    actor: User,
    issue: Issue,
    institution: Institution,
    due_on: dt.date,
    shared_note: str = "",
    consent: Consent | None = None,
) -> Referral:
    """Refer an issue to an institution; sharing needs the person's active consent."""
    if issue.status == IssueStatus.CLOSED:
        raise ValidationError({"issue": _("A closed issue cannot be referred: reopen it first.")})
    consent = consent or sharing_consent(issue.person)
    if (
        consent is None
        or consent.person_id != issue.person_id
        or consent.purpose != ConsentPurpose.SHARING
        or consent.withdrawn_on is not None
    ):
        raise ValidationError(
            {"consent": _("The person has no active consent to share data with partners.")}
        )
    if due_on < _today():
        raise ValidationError({"due_on": _("The due date cannot be in the past.")})
    if institution.pk == issue.institution_id:
        raise ValidationError({"institution": _("Refer to another institution.")})
    referral = Referral.objects.create(
        issue=issue,
        institution=institution,
        due_on=due_on,
        consent=consent,
        shared_note=shared_note,
        created_by=actor,
    )
    audit_record(actor=actor, action="referral.sent", obj=referral, after=snapshot(referral))
    _log_status(issue, actor=actor, text=_("Referred to %(inst)s") % {"inst": institution})
    _notify_referral(referral, status=ReferralStatus.SENT)
    return referral


def _notify_referral(referral: Referral, *, status: str) -> None:
    """Tell the other side of a referral (in the app, and by e-mail where chosen)."""
    from django.urls import reverse

    from suprovid.accounts.models import Role
    from suprovid.notifications.models import NotificationKind
    from suprovid.notifications.services import notify

    topic = referral.issue.topic
    if status == ReferralStatus.SENT:
        notify(
            users=User.objects.filter(
                institution_id=referral.institution_id, role=Role.PARTNER, is_active=True
            ),
            kind=NotificationKind.REFERRAL_NEW,
            text=_("New referral: %(topic)s, due %(date)s")
            % {"topic": topic, "date": referral.due_on.strftime("%d.%m.%Y")},
            url=reverse("appeals:referral_detail", args=[referral.pk]),
        )
        return
    kind = {
        ReferralStatus.ACCEPTED: NotificationKind.REFERRAL_ACCEPTED,
        ReferralStatus.DECLINED: NotificationKind.REFERRAL_DECLINED,
        ReferralStatus.COMPLETED: NotificationKind.REFERRAL_COMPLETED,
    }.get(ReferralStatus(status))
    if kind is not None and referral.created_by is not None:
        notify(
            users=[referral.created_by],
            kind=kind,
            text=_("Referral to %(inst)s (%(number)s, %(topic)s): %(status)s")
            % {
                "inst": referral.institution,
                "number": referral.issue.appeal.number,
                "topic": topic,
                "status": ReferralStatus(status).label,
            },
            url=reverse("appeals:issue_detail", args=[referral.issue_id]),
        )


class ReferralAlreadyAnswered(StaleObjectError):
    """Someone else answered the referral after it was read: nothing was saved.

    A `StaleObjectError`, so the API answers 409 and pages show the message, keeping the
    answer the person wrote so that they can reread the referral and decide again.
    """

    def __init__(self, current: str | None) -> None:
        self.current = current
        label = ReferralStatus(current).label if current in ReferralStatus.values else "—"
        super().__init__(
            _(
                "The referral was already answered by someone else (it is now “%(status)s”). "
                "Your answer was not saved."
            )
            % {"status": label}
        )


def _referral_respond(
    *,
    actor: User,
    referral: Referral,
    status: str,
    action: str,
    allowed_from: Sequence[str],
    read_status: str | None = None,
    **values: Any,
) -> Referral:
    """Move the referral to `status`, only if it is still in the status it was read in.

    `read_status` is the status the person saw (the page or API response they answered);
    by default the status of `referral` as loaded. The row is updated with
    `WHERE status = <read status>`, so of two answers given at the same time only the
    first is applied and the second gets `ReferralAlreadyAnswered`.
    """
    read = referral.status if read_status is None else read_status
    if read != referral.status:
        raise ReferralAlreadyAnswered(referral.status)
    if read not in allowed_from:
        if read_status is None:  # it moved on before this request loaded it
            raise ReferralAlreadyAnswered(referral.status)
        raise ValidationError(_("This referral was already answered."))
    before = snapshot(referral)
    values["status"] = status
    values["updated_at"] = timezone.now()
    updated = Referral.objects.filter(pk=referral.pk, status=read).update(**values)
    if not updated:
        current = Referral.objects.filter(pk=referral.pk).values_list("status", flat=True).first()
        raise ReferralAlreadyAnswered(current)
    for name, value in values.items():
        setattr(referral, name, value)
    b, a = changed(before, snapshot(referral))
    audit_record(actor=actor, action=action, obj=referral, before=b, after=a)
    Activity.objects.create(
        appeal_id=referral.issue.appeal_id,
        issue_id=referral.issue_id,
        kind=ActivityKind.STATUS_CHANGE,
        text=_("Referral to %(inst)s: %(status)s")
        % {"inst": referral.institution, "status": ReferralStatus(status).label},
        author=actor,
    )
    _notify_referral(referral, status=status)
    return referral


@transaction.atomic
def referral_accept(*, actor: User, referral: Referral, read_status: str | None = None) -> Referral:
    """The receiving institution takes the referral on.

    Raises `ReferralAlreadyAnswered` when someone answered it since `read_status`.
    """
    return _referral_respond(
        actor=actor,
        referral=referral,
        read_status=read_status,
        status=ReferralStatus.ACCEPTED,
        action="referral.accepted",
        allowed_from=[ReferralStatus.SENT],
        responded_at=timezone.now(),
    )


@transaction.atomic
def referral_decline(
    *, actor: User, referral: Referral, reason: str, read_status: str | None = None
) -> Referral:
    """The receiving institution declines, saying why.

    Raises `ReferralAlreadyAnswered` when someone answered it since `read_status`.
    """
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the referral is declined.")})
    return _referral_respond(
        actor=actor,
        referral=referral,
        read_status=read_status,
        status=ReferralStatus.DECLINED,
        action="referral.declined",
        allowed_from=[ReferralStatus.SENT],
        responded_at=timezone.now(),
        decline_reason=reason,
    )


@transaction.atomic
def referral_complete(
    *,
    actor: User,
    referral: Referral,
    outcome_text: str,
    completed_on: dt.date | None = None,
    read_status: str | None = None,
) -> Referral:
    """The receiving institution reports what it did.

    Raises `ReferralAlreadyAnswered` when someone answered it since `read_status`.
    """
    if not outcome_text.strip():
        raise ValidationError({"outcome_text": _("Describe the outcome.")})
    return _referral_respond(
        actor=actor,
        referral=referral,
        read_status=read_status,
        status=ReferralStatus.COMPLETED,
        action="referral.completed",
        allowed_from=[ReferralStatus.SENT, ReferralStatus.ACCEPTED],
        outcome_text=outcome_text,
        completed_on=completed_on or _today(),
        responded_at=referral.responded_at or timezone.now(),
    )


@transaction.atomic
def person_quick_create(
    *,
    created_by: User,
    last_name: str,
    first_name: str,
    patronymic: str = "",
    birth_date: dt.date | None = None,
    phone: str = "",
    rnokpp: str = "",
    consent_sharing: bool = False,
    confirm_identifiers: bool = False,
) -> Person:
    """Minimal registration of a person met at intake, through the people app's service.

    `consent_sharing`: the person signed consent to sharing with partner institutions at
    the desk (Law 2297-VI art. 11); it is recorded with today's date.
    Preconditions: the caller showed the likely duplicates (`people.duplicates`) and the
    user confirmed; a РНОКПП disagreeing with the birth date needs `confirm_identifiers`.
    """
    from suprovid.people.models import ConsentPurpose
    from suprovid.people.services import consent_record, person_create

    fields = {
        "last_name": last_name,
        "first_name": first_name,
        "patronymic": patronymic,
        "birth_date": birth_date,
        "phone": phone,
        "rnokpp": rnokpp,
    }
    person = person_create(
        actor=created_by,
        fields={k: v for k, v in fields.items() if v},
        confirm_identifiers=confirm_identifiers,
    )
    if consent_sharing:
        consent_record(
            actor=created_by,
            person=person,
            purpose=ConsentPurpose.SHARING,
            given_on=timezone.localdate(),
            document=str(_("signed at the front desk")),
        )
    return person
