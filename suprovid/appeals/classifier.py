"""The Classifier of citizens' appeals (CMU 858/2008): its numbered rows and how our codes map
onto them.

It lives beside the appeals because it is a description of an appeal (the registration card,
the registration journal and the letters print its rows); the quarterly report that counts
appeals by it is `suprovid.reports.classifier`. Sources of each row and what is our
reconstruction: `suprovid/reports/README.md` and `UNVERIFIED_ROWS` below.
"""

from __future__ import annotations

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
