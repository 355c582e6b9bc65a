"""Outgoing letters: answers and notices, numbered in the institution's outgoing register."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from suprovid.accounts.models import User
from suprovid.core.audit import audit_record, snapshot
from suprovid.network.models import Institution

from ..models import (
    RETURN_KINDS,
    Activity,
    ActivityKind,
    Appeal,
    Issue,
    IssueStatus,
    Letter,
    LetterChannel,
    LetterKind,
    Outcome,
    OutgoingCounter,
)
from .common import _today
from .issues import issue_close


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
    from .. import letters

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
