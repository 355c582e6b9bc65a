"""The issue's life: taking, closing, reopening, extending and shortening its term, reassigning,
editing, and its timeline (notes and attachments)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from suprovid.accounts.models import User
from suprovid.core.audit import audit_record, snapshot

from .. import deadlines
from ..models import (
    Activity,
    ActivityKind,
    Appeal,
    Attachment,
    DeadlineRule,
    Issue,
    IssueStatus,
    NotConsideredGround,
    Outcome,
    SupportKind,
)
from ..permissions import can_decide_as_head
from .common import (
    _ALLOWED_TYPES,
    MAX_ATTACHMENT_BYTES,
    _check_assignee,
    _log_status,
    _require_open,
    _today,
    _versioned_update,
)


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
