"""What the office still owes the applicant besides the answer, read from the records.

Law 393/96 art. 20: the applicant is told when the term is extended; art. 7: an appeal
outside the body's competence is forwarded within five days and the applicant is told at
once. Answers owed per issue are in `services.appeal_answer_status` and the work list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from . import deadlines
from .models import Appeal, DeadlineRule, Issue, Letter, LetterKind, Outcome


@dataclass(frozen=True)
class Owed:
    issue: Issue | None
    text: str


def extension_notice_missing() -> Q:
    """Issues extended (art. 20) with no notice of that extension on record."""
    notice = Letter.objects.filter(issue=OuterRef("pk"), kind=LetterKind.EXTENSION)
    return Q(extended_until__isnull=False) & ~Q(Exists(notice))


def forwarding_notice_missing() -> Q:
    """Issues closed as forwarded whose appeal has no notice of forwarding (art. 7)."""
    notice = Letter.objects.filter(appeal=OuterRef("appeal"), kind=LetterKind.FORWARDING)
    return Q(outcome=Outcome.FORWARDED) & ~Q(Exists(notice))


def notice_owed[QS: QuerySet[Any]](qs: QS) -> QS:
    """The issues of `qs` whose applicant is still owed a notice (anonymous appeals owe none)."""
    return qs.exclude(appeal__form="anonymous").filter(
        extension_notice_missing() | forwarding_notice_missing()
    )


def notices_owed(appeal: Appeal) -> list[Owed]:
    """The notices the appeal's applicant is still owed, one line each, for its page.

    One query, whatever the number of issues."""
    if appeal.is_anonymous:
        return []
    issues = (
        Issue.objects.filter(appeal=appeal)
        .select_related("topic")
        .annotate(
            extension_owed=ExpressionWrapper(extension_notice_missing(), BooleanField()),
            forwarding_owed=ExpressionWrapper(forwarding_notice_missing(), BooleanField()),
        )
        .filter(Q(extension_owed=True) | Q(forwarding_owed=True))
        .order_by("id")
    )
    owed: list[Owed] = []
    for issue in issues:
        if issue.extension_owed and issue.extended_until is not None:  # type: ignore[attr-defined]
            owed.append(
                Owed(
                    issue,
                    _(
                        "%(topic)s: the applicant is not yet told that the term was extended "
                        "to %(date)s (art. 20)."
                    )
                    % {"topic": issue.topic, "date": issue.extended_until.strftime("%d.%m.%Y")},
                )
            )
        if issue.forwarding_owed:  # type: ignore[attr-defined]
            owed.append(
                Owed(
                    issue,
                    _(
                        "%(topic)s: forwarded, but no notice of forwarding to the applicant is "
                        "on record (art. 7)."
                    )
                    % {"topic": issue.topic},
                )
            )
    return owed


def forwarding_due(appeal: Appeal) -> dt.date:
    """The last day to forward an appeal outside the body's competence (art. 7: 5 days)."""
    return deadlines.due_date(appeal.received_on, DeadlineRule.FORWARD)


def is_late(letter: Letter, received_on: dt.date | None = None) -> bool:
    """A notice of forwarding sent after the five days of art. 7, or a return after its term
    (art. 7: 5 days for missing data; art. 5: 10 days)."""
    rule = {
        LetterKind.FORWARDING: DeadlineRule.FORWARD,
        LetterKind.RETURN_MISSING: DeadlineRule.RETURN_MISSING,
        LetterKind.RETURN_ART5: DeadlineRule.RETURN,
    }.get(LetterKind(letter.kind))
    if rule is None:
        return False
    received_on = received_on or letter.appeal.received_on
    return letter.sent_on > deadlines.due_date(received_on, rule)
