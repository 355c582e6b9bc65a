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

# (code, Ukrainian label as in the form); section headers have no count. Sources of each row
# and what is our reconstruction: `suprovid/reports/README.md` and `UNVERIFIED_ROWS` below.
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
            ("7.15", "Учасник ліквідації наслідків аварії на Чорнобильській АЕС"),
            ("7.16", "Герой України"),
            ("7.17", "Герой Радянського Союзу"),
            ("7.18", "Герой Соціалістичної Праці"),
            ("7.19", "Ветеран військової служби"),
            ("7.20", "Внутрішньо переміщена особа"),
            ("7.21", "Дитина"),
            ("7.22", "Інші категорії"),
        ],
    ),
    (
        "8",
        "За соціальним станом авторів звернень",
        [
            ("8.1", "Пенсіонер"),
            ("8.2", "Пенсіонер з числа військовослужбовців"),
            ("8.3", "Робітник"),
            ("8.4", "Селянин"),
            ("8.5", "Працівник бюджетної сфери"),
            ("8.6", "Державний службовець"),
            ("8.7", "Військовослужбовець"),
            ("8.8", "Підприємець"),
            ("8.9", "Безробітний"),
            ("8.10", "Учень, студент"),
            ("8.11", "Служитель релігійної організації"),
            ("8.12", "Журналіст"),
            ("8.13", "Особа, що позбавлена волі; особа, воля якої обмежена"),
            ("8.14", "Інші"),
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
# Rows whose existence and wording the sources show but whose number (or, for 9.4-9.6, whose
# wording) no source available to us states: our reconstruction, marked «*» in the XLSX and
# listed in the JSON, to be checked against the consolidated text before a first submission.
UNVERIFIED_ROWS: frozenset[str] = frozenset(
    {"6.4", "7.18", "7.19", "7.20", "7.21", "7.22", "9.4", "9.5", "9.6"}
    | {code for facet, _l, rows in FACETS if facet == "8" for code, _label in rows}
)

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
OTHER_CATEGORY = "7.22"
# Our status codes (domain.md §2) onto the classifier's categories: the author's category as
# recorded at registration; every other status (and none) is "Інші категорії".
CATEGORY_ROW = {
    "war_participant": "7.1",
    "war_disabled": "7.4",
    "combatant": "7.5",
}
OTHER_SOCIAL = "8.14"
SOCIAL_ROW = {
    "pensioner": "8.1",
    "military_pensioner": "8.2",
    "worker": "8.3",
    "peasant": "8.4",
    "public_sector": "8.5",
    "civil_servant": "8.6",
    "serviceman": "8.7",
    "entrepreneur": "8.8",
    "unemployed": "8.9",
    "student": "8.10",
    "clergy": "8.11",
    "journalist": "8.12",
    "deprived_of_liberty": "8.13",
    "other": OTHER_SOCIAL,
    "": OTHER_SOCIAL,
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

# Section ІІ of the classifier (the subject of the questions raised), as the summary table of
# the quarterly information lists it ("у тому числі питання: …"); our first-level topics onto
# it. Keys are ours (the classifier's own numbering of its subject areas was not available).
CLASSIFIER_TOPICS: list[tuple[str, str]] = [
    ("agrarian", "аграрної політики і земельних відносин"),
    ("transport", "транспорту і зв'язку"),
    ("finance", "фінансової, податкової, митної політики"),
    ("social_protection", "соціального захисту"),
    ("labour", "праці і заробітної плати, охорони праці, промислової безпеки"),
    ("health", "охорони здоров'я"),
    ("communal", "комунального господарства"),
    ("housing", "житлової політики"),
    ("ecology", "екології та природних ресурсів"),
    (
        "law_order",
        "забезпечення дотримання законності та охорони правопорядку, запобігання дискримінації",
    ),
    ("family", "сімейної та гендерної політики, захисту прав дітей"),
    (
        "education",
        "освіти, наукової, науково-технічної, інноваційної діяльності та інтелектуальної власності",
    ),
    ("associations", "діяльності об'єднань громадян, релігії та міжконфесійних відносин"),
    ("central_bodies", "діяльності центральних органів виконавчої влади"),
    ("local_bodies", "діяльності місцевих органів виконавчої влади"),
    ("self_government", "діяльності органів місцевого самоврядування"),
    ("state_building", "державного будівництва, адміністративно-територіального устрою"),
    ("other", "інші"),
]
TOPIC_TO_CLASSIFIER: dict[str, str] = {
    "status": "social_protection",
    "documents": "social_protection",
    "payments": "social_protection",
    "benefits": "social_protection",
    "social": "social_protection",
    "family_support": "social_protection",
    "medical": "health",
    "rehabilitation": "health",
    "psychological": "health",
    "legal": "law_order",
    "employment": "labour",
    "education": "education",
    "business": "finance",
    "housing": "housing",
    "land": "agrarian",
    "transport": "transport",
    "sport": "other",
    "other": "other",
}
CLASSIFIER_TOPIC_LABELS = dict(CLASSIFIER_TOPICS)


def classifier_topic(topic_group: str) -> str:
    """The classifier's subject area (a `CLASSIFIER_TOPICS` key) of one of our topic groups."""
    return TOPIC_TO_CLASSIFIER.get(topic_group, "other")


def category_row(author_category: str, codes: set[str] | None = None) -> str:
    if author_category in CATEGORY_ROW:
        return CATEGORY_ROW[author_category]
    for code in codes or ():
        if code in CATEGORY_ROW:
            return CATEGORY_ROW[code]
    return OTHER_CATEGORY


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
        rows[SOCIAL_ROW.get(social, OTHER_SOCIAL)] += 1
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
