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

from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Min, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

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


def _appeal_states(issues: Any, date_to: dt.date) -> list[tuple[bool, int, int]]:
    """(some issue not closed by `date_to`, index in RESULT_ORDER of the best outcome held,
    appeals) — the issues grouped by appeal in the database, then the appeals by state."""
    best = Case(
        *(When(outcome=outcome, then=Value(i)) for i, (outcome, _row) in enumerate(RESULT_ORDER)),
        default=Value(len(RESULT_ORDER)),
        output_field=IntegerField(),
    )
    not_closed = (
        ~Q(status=IssueStatus.CLOSED) | Q(closed_on__isnull=True) | Q(closed_on__gt=date_to)
    )
    per_appeal = (
        issues.order_by()
        .values("appeal_id")
        .annotate(n_open=Count("id", filter=not_closed), best=Min(best))
    )
    sql, params = per_appeal.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT n_open > 0, best, count(*) FROM ({sql}) AS per_appeal GROUP BY 1, 2",  # noqa: S608 - Django's own SQL
            params,
        )
        return [(bool(o), int(b), int(n)) for o, b, n in cursor.fetchall()]


def quarterly(scope: ReportScope, date_from: dt.date, date_to: dt.date) -> dict[str, Any]:
    """Rows of the form for appeals received in [date_from, date_to] within the scope.

    Grouped reads only: the appeals by every facet combination, each appeal's state from its
    issues (grouped by appeal in the database, then counted by state), the issues by topic,
    late answers, returns and extensions. Python sorts a few hundred aggregated rows into
    the form. (Reading every appeal and issue of the quarter into Python took 2.5 s for an
    oblast and 10 s for the country at 4 M persons.)
    """
    in_period = Q(received_on__gte=date_from, received_on__lte=date_to) & scope.q(
        "territory", "institution_id"
    )
    combinations = (
        Appeal.objects.filter(in_period)
        .values_list(
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
        .annotate(n=Count("id"))
        .order_by()
    )
    # The period's appeals as a subquery, not a Python list: at national size a quarter holds
    # ~500,000 appeals, and `IN (…)` lists of that length made the report Python- and
    # parser-bound (10.7 s for one oblast at 4 M persons, README "Speed").
    ids = Appeal.objects.filter(in_period).values("pk")
    of_period = Issue.objects.filter(appeal_id__in=ids)
    topics: Counter[str] = Counter(
        dict(of_period.values_list("topic_group").annotate(n=Count("id")).order_by())
    )
    answered_on = Letter.objects.filter(issue_id=OuterRef("pk"), kind=LetterKind.ANSWER).values(
        "sent_on"
    )[:1]  # at most one answer per issue (letter_one_answer_per_issue)
    late = of_period.annotate(answered_on=Subquery(answered_on)).aggregate(
        n=Count("id", filter=Q(due_on__lt=Coalesce(F("answered_on"), F("closed_on"))))
    )["n"]
    returning = Letter.objects.filter(
        appeal_id__in=ids, kind__in=RETURN_KINDS, sent_on__lte=date_to
    ).values("appeal_id")
    returned = Appeal.objects.filter(in_period, pk__in=returning).count()
    extended = (
        HeadDecision.objects.filter(
            appeal_id__in=ids, kind=DecisionKind.EXTENSION, status=DecisionStatus.APPROVED
        )
        .values("issue_id")
        .distinct()
        .count()
    )
    states = _appeal_states(of_period.exclude(appeal_id__in=returning), date_to)

    rows: Counter[str] = Counter()
    appeals = head_personally = 0
    for channel, sign, kind, form, medium, category, social, sex, personally, n in combinations:
        appeals += n
        rows[CHANNEL_ROW.get(channel, "1.6")] += n
        if channel == "phone":
            rows["1.1.1"] += n
        rows[SIGN_ROW.get(sign, "2.1")] += n
        rows[TYPE_ROW.get(kind, "3.2")] += n
        if form == AppealForm.INDIVIDUAL and sex in SEX_ROW:
            rows[SEX_ROW[sex]] += n
        rows[SUBJECT_ROW.get(form, "5.1")] += n
        rows[MEDIUM_ROW.get(medium, "6.2")] += n
        rows[category_row(category)] += n
        rows[SOCIAL_ROW.get(social, OTHER_SOCIAL)] += n
        head_personally += n if personally else 0
    # Facet 9, the appeal's result as of `date_to`: returned (9.4); else, once every issue
    # is closed by then, the first of RESULT_ORDER among its issues' outcomes; otherwise
    # (or with no issue, or no outcome of the list) still being considered.
    rows["9.4"] += returned
    decided = 0
    for still_open, best, n in states:
        if not still_open and best < len(RESULT_ORDER):
            rows[RESULT_ORDER[best][1]] += n
            decided += n
    pending = appeals - returned - decided
    from suprovid.topics.defaults import FIRST_LEVEL

    return {
        "period": {"from": date_from.isoformat(), "to": date_to.isoformat()},
        "territory": scope.territory_code or "",
        "appeals": appeals,
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
