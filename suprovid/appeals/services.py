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
from suprovid.people.health import is_health_topic, resolve_health_ground
from suprovid.people.models import (
    VETERAN_STATUSES,
    Consent,
    ConsentPurpose,
    Person,
    PersonStatus,
    StatusCode,
)
from suprovid.people.reach import refresh_reach
from suprovid.topics.models import Topic

from . import deadlines
from .models import (
    CHANNEL_MEDIUM,
    ELECTRONIC_CHANNELS,
    RETURN_KINDS,
    Activity,
    ActivityKind,
    Appeal,
    AppealCounter,
    AppealForm,
    AppealSign,
    AppealType,
    Attachment,
    DeadlineRule,
    DecisionKind,
    DecisionStatus,
    HeadDecision,
    Issue,
    IssueStatus,
    Letter,
    LetterChannel,
    LetterKind,
    Medium,
    NotConsideredGround,
    Outcome,
    OutgoingCounter,
    ReceptionSchedule,
    ReceptionVisit,
    Referral,
    ReferralStatus,
    SupportKind,
    VisitMode,
    VisitStatus,
)
from .permissions import can_decide_as_head

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


def suggest_sign(
    *,
    applicant: Person | None,
    persons: Sequence[Person | None],
    topics: Sequence[Topic],
    institution: Institution | None = None,
) -> str:
    """ "repeated" when the same person already had a question on one of these topics decided
    on its merits by the same receiving body (Law 393/96 art. 8: "to the same body");
    "duplicate" (дублетне) when such a question of theirs is still under consideration there
    (Instruction 348/1997: the same question again before its term ran out)."""
    groups = {t.group for t in topics}
    people = {p.pk for p in (applicant, *persons) if p is not None}
    if not groups or not people:
        return AppealSign.FIRST
    decided = Issue.objects.filter(
        person_id__in=people,
        topic_group__in=groups,
        status=IssueStatus.CLOSED,
        outcome__in=DECIDED_OUTCOMES,
    )
    if institution is not None:
        decided = decided.filter(institution=institution)
    if decided.exists():
        return AppealSign.REPEATED
    pending = Issue.objects.filter(person_id__in=people, topic_group__in=groups).exclude(
        status=IssueStatus.CLOSED
    )
    if institution is not None:
        pending = pending.filter(institution=institution)
    return AppealSign.DUPLICATE if pending.exists() else AppealSign.FIRST


def registration_index(*, applicant: Person | None, form: str, sequence: int) -> str:
    """Instruction 348/1997: the first letter of the author's surname and the sequence number;
    «КО» for a collective appeal, «БП» for an unsigned (anonymous) one."""
    if form == AppealForm.COLLECTIVE:
        prefix = "КО"
    elif form == AppealForm.ANONYMOUS or applicant is None:
        prefix = "БП"
    else:
        prefix = (applicant.last_name.strip()[:1] or "?").upper()
    return f"{prefix}-{sequence}"


def _next_sequence(institution: Institution, year: int) -> tuple[int, str]:
    """Reserve the next number; the counter row lock serialises concurrent registrations."""

    def number(sequence: int) -> str:
        return f"{institution.code}/{year}/{sequence:05d}"

    with AppealCounter.locked(institution_id=institution.pk, year=year) as counter:
        sequence = counter.advance(lambda s: Appeal.objects.filter(number=number(s)).exists())
    return sequence, number(sequence)


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
    applicant: Person | None,
    received_on: dt.date,
    channel: str,
    issues: Sequence[IssueInput],
    appeal_type: str = AppealType.REQUEST,
    form: str = AppealForm.INDIVIDUAL,
    sign: str | None = None,
    text: str = "",
    case: Any = None,
    medium: str = "",
    contact: str = "",
    social_status: str = "",
    signatories: int = 1,
    privileged: bool | None = None,
    privileged_reason: str = "",
) -> Appeal:
    """Register an appeal with its issues; numbers are sequential per institution and year.

    Preconditions: at least one issue; `sign=None` lets the service suggest one. The
    applicant may be missing only when `form` is anonymous (then the issues concern nobody
    known). `privileged` overrides the flag computed from statuses; it needs a reason.
    """
    errors: dict[str, str] = {}
    if not issues:
        errors["issues"] = _("An appeal raises at least one issue.")
    if received_on > _today():
        errors["received_on"] = _("The date of receipt cannot be in the future.")
    if applicant is None and form != AppealForm.ANONYMOUS:
        errors["applicant"] = _("Choose the applicant, or mark the appeal as anonymous.")
    if form == AppealForm.ANONYMOUS and applicant is not None:
        errors["applicant"] = _("An anonymous appeal has no applicant.")
    if (
        channel in ELECTRONIC_CHANNELS
        and form != AppealForm.ANONYMOUS
        and not contact.strip()
        and (applicant is None or not (applicant.email or applicant.phone))
    ):
        errors["contact"] = _(
            "An electronic appeal must give an e-mail or other contact for the reply "
            "(Law 393/96 art. 5)."
        )
    if privileged is not None and not privileged_reason.strip():
        errors["privileged_reason"] = _("Say why the privileged flag is set by hand.")
    if form == AppealForm.COLLECTIVE and signatories < 2:
        errors["signatories"] = _("A collective appeal has at least two signatories.")
    if errors:
        raise ValidationError(errors)
    for item in issues:
        _check_assignee(item.assignee)
    grounds = _health_grounds(issues, actor=registered_by, on=received_on)
    if case is not None and (applicant is None or not case_involves(case, applicant)):
        raise ValidationError(
            {"case": _("The applicant is not a member of the chosen support case.")}
        )
    if sign is None:
        sign = suggest_sign(
            applicant=applicant,
            persons=[i.person for i in issues],
            topics=[i.topic for i in issues],
            institution=institution,
        )
    profile = (
        applicant_profile(active_status_codes(applicant, received_on))
        if applicant is not None
        else ApplicantProfile(is_privileged=False, author_category="")
    )
    if not contact and applicant is not None and channel in ELECTRONIC_CHANNELS:
        contact = applicant.email or applicant.phone
    sequence, number = _next_sequence(institution, received_on.year)
    appeal = Appeal.objects.create(
        registration_index=registration_index(applicant=applicant, form=form, sequence=sequence),
        medium=medium or CHANNEL_MEDIUM.get(channel, Medium.LETTER),
        contact=contact,
        social_status=social_status,
        signatories=signatories if form == AppealForm.COLLECTIVE else 1,
        privileged_reason=privileged_reason if privileged is not None else "",
        head_personally=profile.war_disabled,
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
        is_privileged=profile.is_privileged if privileged is None else privileged,
        text=text,
        case=case,
        registered_by=registered_by,
    )
    audit_record(
        actor=registered_by, action="appeal.registered", obj=appeal, after=snapshot(appeal)
    )
    for item, (ground, health_consent) in zip(issues, grounds, strict=True):
        issue = Issue.objects.create(
            health_ground=ground,
            health_consent=health_consent,
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
    refresh_reach(item.person.pk for item in issues if item.person is not None)
    Activity.objects.create(
        appeal=appeal,
        kind=ActivityKind.STATUS_CHANGE,
        text=_("Appeal registered as %(number)s") % {"number": number},
        author=registered_by,
    )
    return appeal


def _health_grounds(
    issues: Sequence[IssueInput], *, actor: Any, on: dt.date
) -> list[tuple[str, Consent | None]]:
    """The legal ground of each issue on a health topic about a known person (Law 2297-VI
    art. 7), or a ValidationError naming the issue. Other issues carry none."""
    grounds: list[tuple[str, Consent | None]] = []
    for number, item in enumerate(issues, start=1):
        if item.person is None or not is_health_topic(item.topic.code):
            grounds.append(("", None))
            continue
        try:
            grounds.append(
                resolve_health_ground(
                    person=item.person, ground=item.health_ground, actor=actor, field="issues"
                )
            )
        except ValidationError as error:
            raise ValidationError(
                {
                    "issues": _("Issue %(number)s (%(topic)s): %(message)s")
                    % {
                        "number": number,
                        "topic": item.topic,
                        "message": " ".join(error.messages),
                    }
                }
            ) from None
    return grounds


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
    not_considered_ground: str = "",
) -> Issue:
    """Close an issue with its outcome; "resolved" needs the kind of support given.

    "Not considered" (Law 393/96 art. 8) is the head's decision: a head closes with a
    ground here; others propose it (`decision_propose`) and the head's approval closes it.
    """
    _require_open(issue)
    errors: dict[str, str] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = _("Choose an outcome.")
    if outcome == Outcome.NOT_CONSIDERED:
        if not can_decide_as_head(actor):
            errors["outcome"] = _(
                "Only the head or a deputy decides not to consider an appeal (Law 393/96 "
                "art. 8): propose it to the head."
            )
        elif not_considered_ground and not_considered_ground not in NotConsideredGround.values:
            errors["not_considered_ground"] = _("Choose a ground of art. 8.")
    elif not_considered_ground:
        errors["not_considered_ground"] = _("A ground is recorded only when not considered.")
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
    issue.not_considered_ground = not_considered_ground
    _versioned_update(
        actor=actor,
        issue=issue,
        version=version,
        fields=[
            "status",
            "outcome",
            "support_kind",
            "closed_on",
            "resolution",
            "not_considered_ground",
        ],
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
    issue.not_considered_ground = ""
    _versioned_update(
        actor=actor,
        issue=issue,
        version=version,
        fields=["status", "outcome", "support_kind", "closed_on", "not_considered_ground"],
        action="issue.reopened",
        before=before,
    )
    _log_status(issue, actor=actor, text=_("Reopened: %(reason)s") % {"reason": reason})
    return issue


@transaction.atomic
def issue_extend(
    *, actor: User, issue: Issue, version: int | None, until: dt.date, reason: str
) -> Issue:
    """Extend the deadline with a reason; Law 393/96 art. 20: at most 45 days in total.

    The head or a deputy extends; others propose an extension (`decision_propose`).
    """
    _require_open(issue)
    if not can_decide_as_head(actor):
        raise ValidationError(
            {
                "until": _(
                    "Only the head or a deputy extends the deadline (Law 393/96 art. 20): "
                    "propose the extension to the head."
                )
            }
        )
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
    if issue.person is None:
        raise ValidationError({"issue": _("An issue of an anonymous appeal cannot be referred.")})
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
    consent_health: bool = False,
    confirm_identifiers: bool = False,
) -> Person:
    """Minimal registration of a person met at intake, through the people app's service.

    `consent_sharing`: the person signed consent to sharing with partner institutions at
    the desk (Law 2297-VI art. 11); `consent_health`: to processing of health data (art. 7);
    each is recorded with today's date.
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
    for given, purpose in (
        (consent_sharing, ConsentPurpose.SHARING),
        (consent_health, ConsentPurpose.HEALTH),
    ):
        if given:
            consent_record(
                actor=created_by,
                person=person,
                purpose=purpose,
                given_on=timezone.localdate(),
                document=str(_("signed at the front desk")),
            )
    return person


# --- deadline shortening (Law 393/96 art. 20) -------------------------------------------


@transaction.atomic
def issue_shorten(
    *, actor: User, issue: Issue, version: int | None, until: dt.date, reason: str
) -> Issue:
    """Shorten the deadline on the applicant's reasoned written request (art. 20)."""
    _require_open(issue)
    if not reason.strip():
        raise ValidationError({"reason": _("Quote the applicant's reasons for a shorter term.")})
    try:
        deadlines.check_shortening(
            received_on=issue.received_on, current_due=issue.due_on, new_due=until
        )
    except deadlines.DeadlineError as exc:
        raise ValidationError({"until": str(exc)}) from exc
    before = snapshot(issue)
    issue.due_on = until
    issue.deadline_rule = DeadlineRule.SHORTENED
    issue.shortened_reason = reason
    _versioned_update(
        actor=actor,
        issue=issue,
        version=version,
        fields=["due_on", "deadline_rule", "shortened_reason"],
        action="issue.shortened",
        before=before,
    )
    _log_status(
        issue,
        actor=actor,
        text=_("Deadline shortened to %(date)s on the applicant's request: %(reason)s")
        % {"date": until.strftime("%d.%m.%Y"), "reason": reason},
    )
    return issue


@transaction.atomic
def appeal_set_privileged(*, actor: User, appeal: Appeal, privileged: bool, reason: str) -> Appeal:
    """Set or clear the privileged flag by hand (a benefit holder the statuses do not show)."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the privileged flag is set by hand.")})
    before = snapshot(appeal)
    appeal.is_privileged = privileged
    appeal.privileged_reason = reason
    appeal.save(update_fields=["is_privileged", "privileged_reason", "updated_at"])
    b, a = changed(before, snapshot(appeal))
    audit_record(actor=actor, action="appeal.privileged_set", obj=appeal, before=b, after=a)
    return appeal


@transaction.atomic
def appeal_set_resolution(*, actor: User, appeal: Appeal, text: str) -> Appeal:
    """The head's resolution on the appeal: who is to act and by when (Instruction 348/1997)."""
    if not can_decide_as_head(actor):
        raise ValidationError(_("Only the head or a deputy writes the resolution."))
    if not text.strip():
        raise ValidationError({"text": _("Write the resolution.")})
    before = snapshot(appeal)
    appeal.resolution_text = text
    appeal.resolution_by = actor
    appeal.save(update_fields=["resolution_text", "resolution_by", "updated_at"])
    b, a = changed(before, snapshot(appeal))
    audit_record(actor=actor, action="appeal.resolution_set", obj=appeal, before=b, after=a)
    return appeal


# --- the head's decisions ---------------------------------------------------------------


@transaction.atomic
def decision_propose(
    *,
    actor: User,
    appeal: Appeal,
    kind: str,
    reason: str,
    issue: Issue | None = None,
    until: dt.date | None = None,
    ground: str = "",
) -> HeadDecision:
    """Propose a decision the head takes; a head's own proposal is approved at once.

    Extension needs `issue` and `until` (checked against the 45-day ceiling now, so the
    head never sees an impossible proposal); not considering needs `issue` and a `ground`.
    """
    errors: dict[str, str] = {}
    if kind not in DecisionKind.values:
        errors["kind"] = _("Unknown decision.")
    if not reason.strip():
        errors["reason"] = _("Give the reason for the head.")
    if issue is not None and issue.appeal_id != appeal.pk:
        errors["issue"] = _("The issue belongs to another appeal.")
    if kind in (DecisionKind.EXTENSION, DecisionKind.NOT_CONSIDERED):
        if issue is None:
            errors["issue"] = _("Choose the issue.")
        elif issue.status == IssueStatus.CLOSED:
            errors["issue"] = _("The issue is closed; reopen it first.")
    if kind == DecisionKind.EXTENSION and issue is not None:
        if until is None:
            errors["until"] = _("Give the new deadline.")
        else:
            try:
                deadlines.check_extension(
                    received_on=issue.received_on, current_due=issue.due_on, new_due=until
                )
            except deadlines.DeadlineError as exc:
                errors["until"] = str(exc)
    if kind == DecisionKind.NOT_CONSIDERED and ground not in NotConsideredGround.values:
        errors["ground"] = _("Choose a ground of art. 8.")
    if errors:
        raise ValidationError(errors)
    decision = HeadDecision.objects.create(
        appeal=appeal,
        issue=issue,
        kind=kind,
        until=until if kind == DecisionKind.EXTENSION else None,
        ground=ground if kind == DecisionKind.NOT_CONSIDERED else "",
        reason=reason,
        proposed_by=actor,
    )
    audit_record(actor=actor, action="decision.proposed", obj=decision, after=snapshot(decision))
    Activity.objects.create(
        appeal=appeal,
        issue=issue,
        kind=ActivityKind.STATUS_CHANGE,
        text=_("Proposed to the head: %(kind)s") % {"kind": DecisionKind(kind).label},
        author=actor,
    )
    if can_decide_as_head(actor):
        decision_decide(actor=actor, decision=decision, approve=True)
    return decision


@transaction.atomic
def decision_decide(
    *, actor: User, decision: HeadDecision, approve: bool, note: str = ""
) -> HeadDecision:
    """The head approves (and so applies) or rejects a proposed decision."""
    if not can_decide_as_head(actor):
        raise ValidationError(_("Only the head or a deputy takes this decision."))
    locked = HeadDecision.objects.select_for_update().get(pk=decision.pk)
    if locked.status != DecisionStatus.PROPOSED:
        raise ValidationError(_("This decision was already taken."))
    if not approve and not note.strip():
        raise ValidationError({"note": _("Say why the proposal is rejected.")})
    before = snapshot(locked)
    locked.status = DecisionStatus.APPROVED if approve else DecisionStatus.REJECTED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.decision_note = note
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    b, a = changed(before, snapshot(locked))
    audit_record(
        actor=actor,
        action="decision.approved" if approve else "decision.rejected",
        obj=locked,
        before=b,
        after=a,
    )
    if approve:
        _apply_decision(actor=actor, decision=locked)
    decision.status = locked.status
    decision.decided_by = actor
    decision.decided_at = locked.decided_at
    decision.decision_note = note
    return locked


def _apply_decision(*, actor: User, decision: HeadDecision) -> None:
    appeal = decision.appeal
    if decision.kind == DecisionKind.EXTENSION and decision.issue is not None:
        assert decision.until is not None
        issue = Issue.objects.get(pk=decision.issue.pk)
        issue_extend(
            actor=actor, issue=issue, version=None, until=decision.until, reason=decision.reason
        )
    elif decision.kind == DecisionKind.NOT_CONSIDERED and decision.issue is not None:
        issue = Issue.objects.get(pk=decision.issue.pk)
        issue_close(
            actor=actor,
            issue=issue,
            version=None,
            outcome=Outcome.NOT_CONSIDERED,
            resolution=decision.reason,
            not_considered_ground=decision.ground,
        )
    elif decision.kind == DecisionKind.HEAD_PERSONALLY:
        before = snapshot(appeal)
        appeal.head_personally = True
        appeal.head_considered_by = actor
        appeal.head_considered_on = _today()
        appeal.save(
            update_fields=[
                "head_personally",
                "head_considered_by",
                "head_considered_on",
                "updated_at",
            ]
        )
        b, a = changed(before, snapshot(appeal))
        audit_record(actor=actor, action="appeal.head_considered", obj=appeal, before=b, after=a)


# --- outgoing letters: answers and notices ------------------------------------------------


def _next_outgoing(institution: Institution, year: int) -> str:
    """Reserve the next outgoing number; the counter row lock serialises concurrent letters."""

    def number(sequence: int) -> str:
        return f"{institution.code}/{year}/В-{sequence:05d}"

    with OutgoingCounter.locked(institution_id=institution.pk, year=year) as counter:
        sequence = counter.advance(lambda s: Letter.objects.filter(number=number(s)).exists())
    return number(sequence)


# Which letter kinds are tied to one issue, and the deadline rule a return follows.
_ISSUE_KINDS = {LetterKind.ANSWER, LetterKind.EXTENSION, LetterKind.NOT_CONSIDERED}


@transaction.atomic
def letter_issue(
    *,
    actor: User | None,
    appeal: Appeal,
    kind: str,
    signatory: str,
    issue: Issue | None = None,
    sent_on: dt.date | None = None,
    channel: str = LetterChannel.LETTER,
    body: str = "",
    to_institution: Institution | None = None,
    to_body: str = "",
    render_files: bool = True,
) -> Letter:
    """Number, write and attach an outgoing letter: an answer to an issue or a notice.

    The text comes from the editable template of its kind (`LetterTemplate`), with `body`
    as the specialist's own words. An answer needs the issue closed (the answer tells the
    result, arts. 15, 18, 19) and there is one per issue. A notice of extension needs an
    extended issue; a notice of forwarding names the body it went to (art. 7).
    """
    from . import letters

    errors: dict[str, str] = {}
    sent_on = sent_on or _today()
    if kind not in LetterKind.values:
        errors["kind"] = _("Unknown kind of letter.")
    if channel not in LetterChannel.values:
        errors["channel"] = _("Choose how the letter is sent.")
    if not signatory.strip():
        errors["signatory"] = _("Say who signs the letter.")
    if sent_on < appeal.received_on:
        errors["sent_on"] = _("A letter cannot be dated before the appeal was received.")
    if sent_on > _today():
        errors["sent_on"] = _("The date cannot be in the future.")
    if appeal.is_anonymous:
        errors["kind"] = _("An anonymous appeal has nobody to write to.")
    if issue is not None and issue.appeal_id != appeal.pk:
        errors["issue"] = _("The issue belongs to another appeal.")
    if kind in _ISSUE_KINDS and issue is None:
        errors["issue"] = _("Choose the issue.")
    if kind == LetterKind.ANSWER and issue is not None:
        if issue.status != IssueStatus.CLOSED:
            errors["issue"] = _("Close the issue with its outcome before answering.")
        elif Letter.objects.filter(issue=issue, kind=LetterKind.ANSWER).exists():
            errors["issue"] = _("This issue already has its answer.")
    if kind == LetterKind.EXTENSION and issue is not None and issue.extended_until is None:
        errors["issue"] = _("The issue's deadline was not extended.")
    if kind == LetterKind.FORWARDING and to_institution is None and not to_body.strip():
        errors["to_body"] = _("Say to which body the appeal was forwarded (art. 7).")
    if errors:
        raise ValidationError(errors)
    letter = Letter(
        appeal=appeal,
        issue=issue,
        kind=kind,
        number=_next_outgoing(appeal.institution, sent_on.year),
        sent_on=sent_on,
        channel=channel,
        signatory=signatory.strip(),
        until=issue.extended_until
        if (issue is not None and kind == LetterKind.EXTENSION)
        else None,
        to_institution=to_institution,
        to_body=to_body.strip() or (str(to_institution) if to_institution else ""),
        created_by=actor,
    )
    letter.body = letters.render_text(letter, extra=body)
    letter.save()
    if render_files:
        letters.attach_files(letter)
    audit_record(
        actor=actor,
        action="letter.sent",
        obj=letter,
        after=snapshot(letter, ["appeal", "issue", "kind", "number", "sent_on", "channel"]),
    )
    Activity.objects.create(
        appeal=appeal,
        issue=issue,
        kind=ActivityKind.STATUS_CHANGE,
        text=_("%(kind)s sent, No. %(number)s")
        % {"kind": LetterKind(kind).label, "number": letter.number},
        author=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if kind in RETURN_KINDS or kind == LetterKind.FORWARDING:
        _close_open_issues_for(actor=actor, appeal=appeal, letter=letter)
    return letter


def _close_open_issues_for(*, actor: User | None, appeal: Appeal, letter: Letter) -> None:
    """A forwarded appeal's open issues close as forwarded; a returned one's as withdrawn is
    wrong, so a return closes them as not considered only by the head — here they stay open
    unless forwarded (art. 7 leaves nothing more for this body to do)."""
    if letter.kind != LetterKind.FORWARDING or actor is None:
        return
    for issue in appeal.issues.exclude(status=IssueStatus.CLOSED):
        issue_close(
            actor=actor,
            issue=issue,
            version=None,
            outcome=Outcome.FORWARDED,
            closed_on=letter.sent_on,
            resolution=_("Forwarded to %(body)s") % {"body": letter.to_body},
        )


def appeal_answer_status(appeal: Appeal) -> tuple[int, int]:
    """(issues with their answer, issues): the appeal is answered when both are equal."""
    issues = list(appeal.issues.all())
    answered = set(
        Letter.objects.filter(appeal=appeal, kind=LetterKind.ANSWER).values_list(
            "issue_id", flat=True
        )
    )
    return sum(1 for i in issues if i.pk in answered), len(issues)


# --- personal reception -----------------------------------------------------------------


@transaction.atomic
def reception_schedule_create(
    *,
    actor: User,
    official: User,
    institution: Institution,
    date: dt.date,
    starts_at: dt.time,
    ends_at: dt.time,
    place: str = "",
    slots: int = 10,
) -> ReceptionSchedule:
    """A reception day of an official (head, deputy, or another official)."""
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The reception ends after it starts.")})
    if not official.is_active:
        raise ValidationError({"official": _("The official's account is not active.")})
    schedule = ReceptionSchedule.objects.create(
        official=official,
        institution=institution,
        date=date,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        slots=slots,
    )
    audit_record(actor=actor, action="reception.scheduled", obj=schedule, after=snapshot(schedule))
    return schedule


@transaction.atomic
def reception_register(
    *,
    actor: User,
    schedule: ReceptionSchedule,
    person: Person,
    mode: str,
    substance: str = "",
) -> ReceptionVisit:
    """Book a place on a reception day, or join its live queue; bookings are limited."""
    if mode not in VisitMode.values:
        raise ValidationError({"mode": _("Choose booking or the live queue.")})
    locked = ReceptionSchedule.objects.select_for_update().get(pk=schedule.pk)
    if ReceptionVisit.objects.filter(schedule=locked, person=person).exists():
        raise ValidationError({"person": _("The person is already registered for this day.")})
    taken = ReceptionVisit.objects.filter(schedule=locked, mode=VisitMode.BOOKED).count()
    if mode == VisitMode.BOOKED and taken >= locked.slots:
        raise ValidationError({"mode": _("All places of this day are booked; use the queue.")})
    position = ReceptionVisit.objects.filter(schedule=locked).count() + 1
    visit = ReceptionVisit.objects.create(
        schedule=locked,
        person=person,
        mode=mode,
        position=position,
        substance=substance,
        created_by=actor,
    )
    audit_record(actor=actor, action="reception.registered", obj=visit, after=snapshot(visit))
    return visit


@transaction.atomic
def reception_record(
    *, actor: User, visit: ReceptionVisit, status: str, substance: str, result: str = ""
) -> ReceptionVisit:
    """Fill the personal-reception card after the visit (or mark a no-show)."""
    if status not in VisitStatus.values or status == VisitStatus.REGISTERED:
        raise ValidationError({"status": _("Say whether the person was received.")})
    if status == VisitStatus.RECEIVED and not substance.strip():
        raise ValidationError({"substance": _("Write the substance of the appeal.")})
    before = snapshot(visit)
    visit.status = status
    visit.substance = substance
    visit.result = result
    visit.save(update_fields=["status", "substance", "result"])
    b, a = changed(before, snapshot(visit))
    audit_record(actor=actor, action="reception.recorded", obj=visit, before=b, after=a)
    return visit


@transaction.atomic
def reception_convert(
    *, actor: User, visit: ReceptionVisit, issues: Sequence[IssueInput], appeal_type: str
) -> Appeal:
    """Register an oral appeal made at a personal reception, with its issues (channel in person)."""
    if visit.appeal_id is not None:
        raise ValidationError(_("This visit is already registered as an appeal."))
    if visit.status != VisitStatus.RECEIVED:
        raise ValidationError(_("Record the reception first."))
    appeal = appeal_register(
        registered_by=actor,
        institution=visit.schedule.institution,
        applicant=visit.person,
        received_on=visit.schedule.date,
        channel="in_person",
        medium=Medium.ORAL,
        issues=issues,
        appeal_type=appeal_type,
        text=visit.substance,
    )
    visit.appeal = appeal
    visit.save(update_fields=["appeal"])
    audit_record(actor=actor, action="reception.converted", obj=visit, after={"appeal": appeal.pk})
    return appeal
