"""The quarterly report by the Classifier of citizens' appeals (CMU 858/2008) in its numbered form.

The form's rows, their codes and how each of our codes maps onto them are in
`suprovid.appeals.classifier` and `suprovid/reports/README.md` (with the sources).
Facets 1, 2, 3, 5, 6, 7 and 8 classify every appeal exactly once, so each adds up to
`appeals`; facet 4 (sex) counts only individual appeals whose author's sex is known; facet 9
(results) counts the appeals whose consideration ended by the quarter's end, the others are
reported as `pending` beside the rows, so that 9.x + pending = appeals.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import Q

from suprovid.appeals.classifier import (
    CHANNEL_ROW,
    CLASSIFIER_TOPIC_LABELS,
    CLASSIFIER_TOPICS,
    FACETS,
    MEDIUM_ROW,
    OTHER_SOCIAL,
    RESULT_ORDER,
    ROW_CODES,
    SEX_ROW,
    SIGN_ROW,
    SOCIAL_ROW,
    SUBJECT_ROW,
    TYPE_ROW,
    UNVERIFIED_ROWS,
    category_row,
    classifier_topic,
)
from suprovid.appeals.models import (
    RETURN_KINDS,
    Appeal,
    AppealForm,
    DecisionKind,
    DecisionStatus,
    HeadDecision,
    Issue,
    IssueStatus,
    Letter,
    LetterKind,
)

from .scope import ReportScope


def _result(
    outcomes: list[tuple[str, str, dt.date | None]], returned: bool, date_to: dt.date
) -> str | None:
    """The appeal's row of facet 9 as of `date_to`, or None while it is still considered."""
    if returned:
        return "9.4"
    if not outcomes or any(
        status != IssueStatus.CLOSED or closed_on is None or closed_on > date_to
        for _o, status, closed_on in outcomes
    ):
        return None
    held = {o for o, _s, _c in outcomes}
    return next((row for outcome, row in RESULT_ORDER if outcome in held), None)


def quarterly(scope: ReportScope, date_from: dt.date, date_to: dt.date) -> dict[str, Any]:
    """Rows of the form for appeals received in [date_from, date_to] within the scope.

    Three grouped reads (appeals with their author's sex, issues' outcomes, letters and
    decisions); Python only sorts the returned values into rows.
    """
    in_period = Q(received_on__gte=date_from, received_on__lte=date_to) & scope.q(
        "territory", "institution_id"
    )
    appeals = list(
        Appeal.objects.filter(in_period).values_list(
            "pk",
            "channel",
            "sign",
            "appeal_type",
            "form",
            "medium",
            "author_category",
            "social_status",
            "applicant__sex",
            "head_personally",
        )
    )
    # The period's appeals as a subquery, not a Python list: at national size a quarter holds
    # ~500,000 appeals, and `IN (…)` lists of that length made the report Python- and
    # parser-bound (10.7 s for one oblast at 4 M persons, README "Speed").
    ids = Appeal.objects.filter(in_period).values("pk")
    issues: dict[int, list[tuple[str, str, dt.date | None]]] = {}
    topics: Counter[str] = Counter()
    late = 0
    answers = dict(
        Letter.objects.filter(appeal_id__in=ids, kind=LetterKind.ANSWER).values_list(
            "issue_id", "sent_on"
        )
    )
    for pk, appeal_id, outcome, status, closed_on, due_on, group in Issue.objects.filter(
        appeal_id__in=ids
    ).values_list("pk", "appeal_id", "outcome", "status", "closed_on", "due_on", "topic_group"):
        issues.setdefault(appeal_id, []).append((outcome, status, closed_on))
        topics[group] += 1
        done = answers.get(pk) or closed_on
        if done is not None and done > due_on:
            late += 1
    returned = set(
        Letter.objects.filter(appeal_id__in=ids, kind__in=RETURN_KINDS, sent_on__lte=date_to)
        .values_list("appeal_id", flat=True)
        .distinct()
    )
    extended = (
        HeadDecision.objects.filter(
            appeal_id__in=ids, kind=DecisionKind.EXTENSION, status=DecisionStatus.APPROVED
        )
        .values("issue_id")
        .distinct()
        .count()
    )
    rows: Counter[str] = Counter()
    pending = 0
    head_personally = 0
    for pk, channel, sign, kind, form, medium, category, social, sex, personally in appeals:
        rows[CHANNEL_ROW.get(channel, "1.6")] += 1
        if channel == "phone":
            rows["1.1.1"] += 1
        rows[SIGN_ROW.get(sign, "2.1")] += 1
        rows[TYPE_ROW.get(kind, "3.2")] += 1
        if form == AppealForm.INDIVIDUAL and sex in SEX_ROW:
            rows[SEX_ROW[sex]] += 1
        rows[SUBJECT_ROW.get(form, "5.1")] += 1
        rows[MEDIUM_ROW.get(medium, "6.2")] += 1
        rows[category_row(category)] += 1
        rows[SOCIAL_ROW.get(social, OTHER_SOCIAL)] += 1
        result = _result(issues.get(pk, []), pk in returned, date_to)
        if result is None:
            pending += 1
        else:
            rows[result] += 1
        head_personally += bool(personally)
    from suprovid.topics.defaults import FIRST_LEVEL

    return {
        "period": {"from": date_from.isoformat(), "to": date_to.isoformat()},
        "territory": scope.territory_code or "",
        "appeals": len(appeals),
        "rows": {code: rows.get(code, 0) for code in ROW_CODES},
        "pending": pending,
        "issues": sum(topics.values()),
        "issues_by_topic": {code: topics.get(code, 0) for code, _uk, _en in FIRST_LEVEL},
        "issues_by_classifier_topic": by_classifier_topic(topics),
        "answered_late": late,
        "extended_by_head": extended,
        "head_personally": head_personally,
        "unverified_rows": sorted(UNVERIFIED_ROWS, key=_code_key),
    }


def _code_key(code: str) -> tuple[int, ...]:
    return tuple(int(part) for part in code.split("."))


def by_classifier_topic(topics: Counter[str]) -> dict[str, int]:
    """Issues per subject area of the classifier (section ІІ), from our topic groups."""
    out = dict.fromkeys(CLASSIFIER_TOPIC_LABELS, 0)
    for group, count in topics.items():
        out[classifier_topic(group)] += count
    return out


def quarterly_sheet_rows(data: dict[str, Any]) -> list[list[Any]]:
    """The numbered form as spreadsheet rows: section headers, then "code | label | count".

    Rows numbered by us (`UNVERIFIED_ROWS`) carry «*» after their label."""
    out: list[list[Any]] = [["", "І. Характеристика звернення", ""]]
    for facet, label, rows in FACETS:
        if facet == "9":
            out.append(["", "ІІ. Результати розгляду", ""])
        out.append([facet, label, ""])
        for code, row_label in rows:
            mark = " *" if code in UNVERIFIED_ROWS else ""
            out.append([code, row_label + mark, data["rows"][code]])
    out.append(["", "Перебувають на розгляді на кінець періоду", data["pending"]])
    return out


# The summary table of the quarterly information on appeals (as hromadas and oblast
# administrations fill it: the counts by the classifier's items named in brackets).
SUMMARY_ROWS: list[tuple[str, tuple[str, ...]]] = [
    ("Кількість звернень, що надійшли поштою", ("1.1",)),
    ("Кількість звернень, що надійшли на особистому прийомі", ("1.2",)),
    ("Вирішено позитивно (виконано)", ("9.1",)),
    ("Відмовлено у задоволенні (не виконано)", ("9.2",)),
    ("Дано роз'яснення", ("9.3",)),
    ("Інше", ("9.4", "9.5", "9.6")),
    ("Повторних", ("2.2",)),
    ("Колективних", ("5.2",)),
    (
        "Від учасників та осіб з інвалідністю внаслідок війни, учасників бойових дій",
        ("7.1", "7.3", "7.4", "7.5"),
    ),
    ("Від осіб з інвалідністю I, II, III групи", ("7.7", "7.8", "7.9")),
    ("Від ветеранів праці", ("7.6",)),
    ("Від дітей війни", ("7.2",)),
    ("Від членів багатодітних сімей, одиноких матерів, матерів-героїнь", ("7.11", "7.12", "7.13")),
    (
        "Від учасників ліквідації наслідків аварії на ЧАЕС та осіб, що потерпіли від "
        "Чорнобильської катастрофи",
        ("7.14", "7.15"),
    ),
]


def summary_table(data: dict[str, Any]) -> list[tuple[str, str, int]]:
    """(indicator, classifier items, count) rows of the summary table, then the questions."""
    rows = data["rows"]
    out: list[tuple[str, str, int]] = [("Кількість усіх звернень", "", data["appeals"])]
    for label, codes in SUMMARY_ROWS:
        items = f"п. {codes[0]}" if len(codes) == 1 else "п. " + ", ".join(codes)
        out.append((label, items, sum(rows[c] for c in codes)))
    out.append(("Кількість питань, порушених у зверненнях", "", data["issues"]))
    for key, label in CLASSIFIER_TOPICS:
        out.append(("у тому числі " + label, "розділ ІІ", data["issues_by_classifier_topic"][key]))
    return out


def quarterly_xlsx(data: dict[str, Any], *, territory_name: str, year: int, quarter: int) -> bytes:
    """The form as a workbook: sheet 1 the numbered rows, sheet 2 the issues by topic (ours
    and the classifier's subject areas), sheet 3 the summary table of the quarterly
    information."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from suprovid.topics.defaults import FIRST_LEVEL

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Класифікатор"
    sheet.append([f"Інформація про звернення громадян за {quarter} квартал {year} року"])
    sheet.append(
        [f"Класифікатор звернень громадян (постанова КМУ від 24.09.2008 № 858); {territory_name}"]
    )
    sheet.append([f"Період: {data['period']['from']} – {data['period']['to']}"])
    sheet.append(["Усього звернень", "", data["appeals"]])
    sheet.append([])
    sheet.append(["Код", "Показник", "Кількість"])
    for cell in sheet[6]:
        cell.font = Font(bold=True)
    sheet["A1"].font = Font(bold=True, size=13)
    for row in quarterly_sheet_rows(data):
        sheet.append(row)
        if row[2] == "":
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
    sheet.append([])
    sheet.append(["", "Розглянуто з порушенням строку (питань)", data["answered_late"]])
    sheet.append(["", "Строк продовжено керівником (питань)", data["extended_by_head"]])
    sheet.append(
        ["", "Розглянуто керівником особисто (ст. 15 ч. 2 Закону)", data["head_personally"]]
    )
    sheet.append([])
    sheet.append(
        [
            "*",
            "Нумерацію (для 9.4–9.6 — назву) рядка відновлено за джерелами, що не містять "
            "зведеної редакції Класифікатора; звірте з чинною редакцією перед поданням.",
        ]
    )
    sheet.column_dimensions["A"].width = 8
    sheet.column_dimensions["B"].width = 70
    sheet.column_dimensions["C"].width = 12
    for row in sheet.iter_rows(min_row=7):
        row[1].alignment = Alignment(wrap_text=True)
    topics = book.create_sheet("За питаннями")
    topics.append(["Код", "Питання (тематика)", "Кількість питань"])
    for cell in topics[1]:
        cell.font = Font(bold=True)
    for code, uk, _en in FIRST_LEVEL:
        topics.append([code, uk, data["issues_by_topic"][code]])
    topics.append(["", "Усього питань", data["issues"]])
    topics.append([])
    topics.append(["", "Розділ ІІ Класифікатора (тематика питань)", ""])
    topics[topics.max_row][1].font = Font(bold=True)
    for key, label in CLASSIFIER_TOPICS:
        topics.append([key, label, data["issues_by_classifier_topic"][key]])
    topics.column_dimensions["B"].width = 60
    summary = book.create_sheet("Зведена таблиця")
    summary.append([f"Зведена інформація про звернення громадян за {quarter} квартал {year} року"])
    summary["A1"].font = Font(bold=True)
    summary.append(["Показник", "Пункти Класифікатора", "Кількість"])
    for cell in summary[2]:
        cell.font = Font(bold=True)
    for line in summary_table(data):
        summary.append(list(line))
    summary.column_dimensions["A"].width = 80
    summary.column_dimensions["B"].width = 22
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
