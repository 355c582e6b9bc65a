"""The quarterly report by the Classifier of citizens' appeals (CMU 858/2008) in its numbered form.

The form's rows and their codes are in `FORM`; how each of our codes maps onto them is
below and in `suprovid/reports/README.md` (with the sources the numbering was taken from).
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

# (code, Ukrainian label as in the form); section headers have no count.
FACETS: list[tuple[str, str, list[tuple[str, str]]]] = [
    (
        "1",
        "За формою надходження",
        [
            ("1.1", "Поштою (електронною поштою)"),
            ("1.1.1", "з них за допомогою засобів телефонного зв'язку"),
            ("1.2", "На особистому прийомі"),
            ("1.3", "Через уповноважену особу"),
            ("1.4", "Через органи влади"),
            ("1.5", "Через засоби масової інформації"),
            ("1.6", "Від інших органів, установ, організацій"),
        ],
    ),
    (
        "2",
        "За ознакою надходження",
        [
            ("2.1", "Первинне"),
            ("2.2", "Повторне"),
            ("2.3", "Дублетне"),
            ("2.4", "Неодноразове"),
            ("2.5", "Масове"),
        ],
    ),
    (
        "3",
        "За видами",
        [("3.1", "Пропозиція (зауваження)"), ("3.2", "Заява (клопотання)"), ("3.3", "Скарга")],
    ),
    ("4", "За статтю авторів звернень", [("4.1", "Чоловіча"), ("4.2", "Жіноча")]),
    ("5", "За суб'єктом", [("5.1", "Індивідуальне"), ("5.2", "Колективне"), ("5.3", "Анонімне")]),
    (
        "6",
        "За типом",
        [("6.1", "Телеграма"), ("6.2", "Лист"), ("6.3", "Усне"), ("6.4", "Електронне")],
    ),
    (
        "7",
        "За категоріями авторів звернень",
        [
            ("7.1", "Учасник війни"),
            ("7.2", "Дитина війни"),
            ("7.3", "Особа з інвалідністю внаслідок Другої світової війни"),
            ("7.4", "Особа з інвалідністю внаслідок війни"),
            ("7.5", "Учасник бойових дій"),
            ("7.6", "Ветеран праці"),
            ("7.7", "Особа з інвалідністю I групи"),
            ("7.8", "Особа з інвалідністю II групи"),
            ("7.9", "Особа з інвалідністю III групи"),
            ("7.10", "Дитина з інвалідністю"),
            ("7.11", "Одинока мати"),
            ("7.12", "Мати-героїня"),
            ("7.13", "Багатодітна сім'я"),
            ("7.14", "Особа, що потерпіла від Чорнобильської катастрофи"),
            ("7.15", "Учасник ліквідації наслідків аварії на ЧАЕС"),
            ("7.16", "Герой України"),
            ("7.17", "Герой Радянського Союзу"),
            ("7.18", "Герой Соціалістичної Праці"),
            ("7.19", "Інші категорії"),
        ],
    ),
    (
        "8",
        "За соціальним станом авторів звернень",
        [
            ("8.1", "Пенсіонер"),
            ("8.2", "Робітник"),
            ("8.3", "Селянин"),
            ("8.4", "Державний службовець"),
            ("8.5", "Військовослужбовець"),
            ("8.6", "Працівник бюджетної сфери"),
            ("8.7", "Підприємець"),
            ("8.8", "Безробітний"),
            ("8.9", "Учень, студент"),
            ("8.10", "Особа, яка позбавлена волі"),
            ("8.11", "Інші"),
        ],
    ),
    (
        "9",
        "Результати розгляду звернень",
        [
            ("9.1", "Вирішено позитивно"),
            ("9.2", "Відмовлено у задоволенні"),
            ("9.3", "Дано роз'яснення"),
            ("9.4", "Повернуто автору (статті 5, 7 Закону)"),
            ("9.5", "Надіслано за належністю (стаття 7 Закону)"),
            ("9.6", "Не підлягає розгляду або розгляд припинено (стаття 8 Закону)"),
        ],
    ),
]

ROW_CODES: list[str] = [code for _f, _l, rows in FACETS for code, _label in rows]
ROW_LABELS: dict[str, str] = {code: label for _f, _l, rows in FACETS for code, label in rows}
# Facets whose rows classify every appeal once (1.1.1 is a "з них" sub-row of 1.1).
ADDITIVE_FACETS = ("1", "2", "3", "5", "6", "7", "8")

CHANNEL_ROW = {
    "post": "1.1",
    "email": "1.1",
    "online": "1.1",
    "phone": "1.1",
    "in_person": "1.2",
    "outreach": "1.2",
    "authorised": "1.3",
    "forwarded": "1.4",
    "media": "1.5",
    "forwarded_other": "1.6",
}
SIGN_ROW = {"first": "2.1", "repeated": "2.2", "duplicate": "2.3", "multiple": "2.4", "mass": "2.5"}
TYPE_ROW = {"proposal": "3.1", "request": "3.2", "complaint": "3.3"}
SEX_ROW = {"M": "4.1", "F": "4.2"}
SUBJECT_ROW = {"individual": "5.1", "collective": "5.2", "anonymous": "5.3"}
MEDIUM_ROW = {"telegram": "6.1", "letter": "6.2", "oral": "6.3", "electronic": "6.4"}
# Our status codes (domain.md §2) onto the classifier's categories; one row per appeal, the
# author's first status in this order, the others under 7.19.
CATEGORY_ROW = {
    "war_disabled": "7.4",
    "combatant": "7.5",
    "war_participant": "7.1",
}
SOCIAL_ROW = {
    "pensioner": "8.1",
    "worker": "8.2",
    "peasant": "8.3",
    "civil_servant": "8.4",
    "serviceman": "8.5",
    "public_sector": "8.6",
    "entrepreneur": "8.7",
    "unemployed": "8.8",
    "student": "8.9",
    "deprived_of_liberty": "8.10",
    "other": "8.11",
    "": "8.11",
}
# An appeal's result: the best outcome among its issues, in this order.
RESULT_ORDER = [
    ("resolved", "9.1"),
    ("refused", "9.2"),
    ("explained", "9.3"),
    ("forwarded", "9.5"),
    ("not_considered", "9.6"),
    ("withdrawn", "9.6"),
]


def category_row(author_category: str, codes: set[str] | None = None) -> str:
    if author_category in CATEGORY_ROW:
        return CATEGORY_ROW[author_category]
    for code in codes or ():
        if code in CATEGORY_ROW:
            return CATEGORY_ROW[code]
    return "7.19"


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
    ids = [a[0] for a in appeals]
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
        rows[SOCIAL_ROW.get(social, "8.11")] += 1
        result = _result(issues.get(pk, []), pk in returned, date_to)
        if result is None:
            pending += 1
        else:
            rows[result] += 1
        head_personally += bool(personally)
    from suprovid.appeals.topics import FIRST_LEVEL

    return {
        "period": {"from": date_from.isoformat(), "to": date_to.isoformat()},
        "territory": scope.territory_code or "",
        "appeals": len(appeals),
        "rows": {code: rows.get(code, 0) for code in ROW_CODES},
        "pending": pending,
        "issues": sum(topics.values()),
        "issues_by_topic": {code: topics.get(code, 0) for code, _uk, _en in FIRST_LEVEL},
        "answered_late": late,
        "extended_by_head": extended,
        "head_personally": head_personally,
    }


def quarterly_sheet_rows(data: dict[str, Any]) -> list[list[Any]]:
    """The numbered form as spreadsheet rows: section headers, then "code | label | count"."""
    out: list[list[Any]] = [["", "І. Характеристика звернення", ""]]
    for facet, label, rows in FACETS:
        if facet == "9":
            out.append(["", "ІІ. Результати розгляду", ""])
        out.append([facet, label, ""])
        for code, row_label in rows:
            out.append([code, row_label, data["rows"][code]])
    out.append(["", "Перебувають на розгляді на кінець періоду", data["pending"]])
    return out


def quarterly_xlsx(data: dict[str, Any], *, territory_name: str, year: int, quarter: int) -> bytes:
    """The form as a workbook: sheet 1 the numbered rows, sheet 2 the issues by topic."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from suprovid.appeals.topics import FIRST_LEVEL

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
    topics.column_dimensions["B"].width = 60
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
