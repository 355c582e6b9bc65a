"""The registration journal of appeals (Instruction on record-keeping for citizens' appeals,
CMU 348/1997): the journal form of registration keeps, one line per appeal, the fields of the
registration-control card. Exported as CSV or XLSX, always with Ukrainian headers.

Columns follow the card (`templates/appeals/print/card.html`): index and date, the
correspondent, residence and contact, where from and form of receipt, type, kind, sign,
subject, author category and social status, the questions with the classifier's subject, the
resolution, executors, deadline, progress and result, the answers (number and date).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet

from .models import Appeal, Issue, Letter, LetterKind

HEADER: list[str] = [
    "№ з/п",
    "Реєстраційний індекс",
    "Номер",
    "Дата надходження",
    "Кореспондент",
    "Місце проживання, контакти",
    "Звідки надійшло (форма надходження)",
    "Тип",
    "Вид",
    "Ознака",
    "Суб'єкт",
    "Категорія автора (Класифікатор)",
    "Соціальний стан (Класифікатор)",
    "Питання (тематика; розділ ІІ Класифікатора)",
    "Резолюція",
    "Виконавець",
    "Термін виконання",
    "Хід виконання, результат",
    "Відповідь (№, дата)",
]


def journal_queryset(
    user: Any, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> QuerySet[Appeal]:
    """The appeals of the user's scope received in the period, in registration order, with
    everything a line needs fetched up front (four queries for any number of lines)."""
    qs = Appeal.objects.visible_to(user)
    if date_from is not None:
        qs = qs.filter(received_on__gte=date_from)
    if date_to is not None:
        qs = qs.filter(received_on__lte=date_to)
    return (
        qs.select_related("applicant", "institution", "resolution_by")
        .prefetch_related(
            Prefetch(
                "issues",
                queryset=Issue.objects.select_related("topic", "assignee").order_by("id"),
            ),
            Prefetch(
                "letters",
                queryset=Letter.objects.filter(kind=LetterKind.ANSWER).order_by("sent_on", "id"),
                to_attr="answers",
            ),
        )
        .order_by("received_on", "institution_id", "sequence", "id")
    )


def _d(day: dt.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def journal_line(n: int, appeal: Appeal) -> list[Any]:
    """One journal line; labels in Ukrainian (call under `translation.override("uk")`)."""
    from suprovid.appeals.classifier import (
        CLASSIFIER_TOPIC_LABELS,
        OTHER_SOCIAL,
        ROW_LABELS,
        SOCIAL_ROW,
        category_row,
        classifier_topic,
    )

    person = appeal.applicant
    if person is None:
        author = "Анонімне (без підпису)"
        residence = ""
    else:
        author = person.full_name
        if appeal.form == "collective":
            author += f" (колективне, підписів: {appeal.signatories})"
        residence = "; ".join(
            p
            for p in (
                person.actual_address or person.address,
                person.phone,
                appeal.contact if appeal.contact != person.phone else "",
            )
            if p
        )
    issues: list[Issue] = list(appeal.issues.all())
    answers: list[Letter] = list(getattr(appeal, "answers", []))
    category = category_row(appeal.author_category)
    social = SOCIAL_ROW.get(appeal.social_status, OTHER_SOCIAL)
    return [
        n,
        appeal.registration_index,
        appeal.number,
        _d(appeal.received_on),
        author,
        residence,
        str(appeal.get_channel_display()),
        str(appeal.get_medium_display()),
        str(appeal.get_appeal_type_display()),
        str(appeal.get_sign_display()),
        str(appeal.get_form_display()),
        f"{category} {ROW_LABELS[category]}",
        f"{social} {ROW_LABELS[social]}",
        "; ".join(
            f"{i.topic} ({CLASSIFIER_TOPIC_LABELS[classifier_topic(i.topic_group)]})"
            for i in issues
        ),
        appeal.resolution_text,
        "; ".join(sorted({str(i.assignee) for i in issues if i.assignee})),
        _d(max((i.due_on for i in issues), default=None)),
        "; ".join(
            str(i.get_status_display())
            + (f": {i.get_outcome_display()}" if i.outcome else "")
            + (f" ({_d(i.closed_on)})" if i.closed_on else "")
            for i in issues
        ),
        "; ".join(f"№ {a.number} від {_d(a.sent_on)}" for a in answers),
    ]


def journal_rows(appeals: Iterable[Appeal]) -> Iterator[list[Any]]:
    for n, appeal in enumerate(appeals, start=1):
        yield journal_line(n, appeal)
