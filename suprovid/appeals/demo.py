"""A synthetic year of appeals for `seed_demo`: ≈3.2 issues per appeal, the published mix
of outcomes (resolved 65 %, explained 19 %, refused 3 %, forwarded 0.5 %, open 12 %),
some overdue, referrals to partners. Reads the persons, institutions and staff made by
the earlier demo modules; writes in bulk."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.utils import timezone

from suprovid.accounts.models import Role, User
from suprovid.appeals.case_link import case_model
from suprovid.network.models import InstitutionKind
from suprovid.people.models import Consent, ConsentPurpose, Person, PersonStatus, StatusCode
from suprovid.people.reach import refresh_reach
from suprovid.topics.models import Topic

from . import deadlines
from .models import (
    CHANNEL_MEDIUM,
    Activity,
    ActivityKind,
    Appeal,
    AppealCounter,
    AppealSign,
    Channel,
    Issue,
    IssueStatus,
    Medium,
    Outcome,
    Referral,
    ReferralStatus,
    SupportKind,
)
from .services import applicant_profile

APPEALS = 3000
_OUTCOMES = [
    (Outcome.RESOLVED, 65.0),
    (Outcome.EXPLAINED, 19.0),
    (Outcome.REFUSED, 3.0),
    (Outcome.FORWARDED, 0.5),
    (Outcome.WITHDRAWN, 0.5),
    ("", 12.0),  # still open or in progress
]
# What people write, by first-level topic, so that an issue reads like its topic.
_TOPIC_TEXTS: dict[str, list[str]] = {
    "status": [
        "Прошу роз'яснити порядок отримання статусу УБД",
        "Встановлення статусу члена сім'ї загиблого",
    ],
    "documents": [
        "Потрібна допомога з відновленням посвідчення",
        "Втрачено військовий квиток, прошу допомогти",
    ],
    "payments": ["Не надійшла щомісячна виплата", "Прошу роз'яснити розмір одноразової допомоги"],
    "benefits": [
        "Консультація щодо пільг на комунальні послуги",
        "Пільговий проїзд не надається перевізником",
    ],
    "social": [
        "Потрібні соціальні послуги вдома",
        "Прошу допомогти з оформленням державної допомоги",
    ],
    "medical": ["Потрібне направлення на обстеження", "Прошу допомогти з безоплатними ліками"],
    "rehabilitation": [
        "Потрібне протезування після поранення",
        "Прошу забезпечити засобами реабілітації",
    ],
    "psychological": [
        "Прошу надати психологічну підтримку",
        "Порушення сну після повернення, потрібна консультація психолога",
    ],
    "legal": [
        "Потрібна правова консультація щодо спадщини",
        "Прошу допомогти скласти позовну заяву",
    ],
    "employment": [
        "Допомога з працевлаштуванням після демобілізації",
        "Прошу направити на перекваліфікацію",
    ],
    "education": ["Пільгове навчання у закладі вищої освіти", "Місце в дитячому садку для дитини"],
    "business": ["Грант на власну справу для ветерана", "Консультація з реєстрації ФОП"],
    "housing": ["Питання щодо компенсації за житло", "Прошу поставити на квартирний облік"],
    "land": [
        "Виділення земельної ділянки учаснику бойових дій",
        "Оформлення земельної ділянки під забудову",
    ],
    "transport": [
        "Забезпечення автомобілем як особі з інвалідністю",
        "Компенсація за невикористане пальне",
    ],
    "sport": ["Секція адаптивного спорту", "Участь у ветеранських змаганнях"],
    "family_support": [
        "Підтримка родини безвісти зниклого",
        "Оздоровлення дітей загиблого захисника",
    ],
    "other": ["Прошу надати інформацію про послуги громади", "Інше питання, потребує уточнення"],
}
# Topics that do not fit a child or an older person (a 10-year-old does not ask for a job).
_NOT_FOR_CHILDREN = {
    "employment",
    "business",
    "land",
    "housing",
    "transport",
    "status",
    "legal",
    "payments",
}
_NOT_FOR_SENIORS = {"employment", "education", "business", "sport"}
# Where an issue of a topic may be referred, by kind of institution.
_REFER_TO: dict[str, tuple[str, ...]] = {
    "legal": (InstitutionKind.PARTNER, InstitutionKind.NGO),
    "medical": (InstitutionKind.HEALTHCARE,),
    "rehabilitation": (InstitutionKind.HEALTHCARE,),
    "psychological": (InstitutionKind.HEALTHCARE, InstitutionKind.NGO),
    "employment": (InstitutionKind.PARTNER, InstitutionKind.CNAP),
    "education": (InstitutionKind.ADMINISTRATION,),
    "business": (InstitutionKind.CNAP, InstitutionKind.NGO),
    "documents": (InstitutionKind.CNAP,),
    "status": (InstitutionKind.ADMINISTRATION, InstitutionKind.CNAP),
    "payments": (InstitutionKind.SOCIAL_SERVICES,),
    "benefits": (InstitutionKind.SOCIAL_SERVICES, InstitutionKind.CNAP),
    "housing": (InstitutionKind.ADMINISTRATION,),
    "land": (InstitutionKind.ADMINISTRATION, InstitutionKind.CNAP),
}


def _age(birth: dt.date | None, on: dt.date) -> int | None:
    if birth is None:
        return None
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _fitting_topics(topics: list[Any], age: int | None) -> list[Any]:
    if age is None:
        return topics
    banned = _NOT_FOR_CHILDREN if age < 18 else _NOT_FOR_SENIORS if age >= 60 else set()
    return [t for t in topics if t.group not in banned] or topics


_TEXTS = [
    "Прошу роз'яснити порядок отримання статусу",
    "Потрібна допомога з відновленням документів",
    "Прошу надати психологічну підтримку",
    "Питання щодо компенсації за житло",
    "Консультація щодо пільг на комунальні послуги",
    "Допомога з працевлаштуванням після демобілізації",
]


def _refer_to(rng: random.Random, issue: Any, institutions: list[Any], partners: list[Any]) -> Any:
    """An institution that fits the issue's topic, in the same oblast where there is one."""
    kinds = _REFER_TO.get(issue.topic_group, (InstitutionKind.SOCIAL_SERVICES, InstitutionKind.NGO))
    oblast = (issue.territory_id or "")[:4]
    fitting = [i for i in institutions if i.kind in kinds and i.pk != issue.institution_id]
    if issue.topic_group == "legal":  # the legal-aid partners answer in the demo's inbox
        fitting = [p for p in partners if p.pk != issue.institution_id] or fitting
    near = [i for i in fitting if (i.territory_id or "")[:4] == oblast]
    return rng.choice(near or fitting or partners)


@transaction.atomic
def seed(*, rng: random.Random, stdout: Any) -> None:
    if Appeal.objects.exists():
        stdout.write("appeals: appeals already exist, skipped")
        return
    staff = list(
        User.objects.filter(
            role=Role.SPECIALIST, institution__isnull=False, is_active=True
        ).select_related("institution")
    )
    persons = list(
        Person.objects.filter(merged_into__isnull=True, fate="").values_list("pk", flat=True)
    )
    if not staff or not persons:
        stdout.write("appeals: no specialists or persons, skipped")
        return
    held: dict[int, set[str]] = defaultdict(set)
    for pid, code in PersonStatus.objects.values_list("person_id", "code"):
        held[pid].add(code)
    # The cases seed ran before (seed_demo); appeals do not import the cases app.
    cases = dict(case_model()._default_manager.values_list("primary_person_id", "pk"))
    topics = list(Topic.objects.filter(is_active=True))
    births = dict(Person.objects.values_list("pk", "birth_date"))
    from suprovid.network.models import Institution

    institutions = list(Institution.objects.filter(is_active=True))
    partners = list(
        {
            u.institution
            for u in User.objects.filter(
                role=Role.PARTNER, institution__isnull=False
            ).select_related("institution")
        }
    ) or [
        i for s in staff if (i := s.institution) is not None and i.kind == InstitutionKind.PARTNER
    ]
    today = timezone.localdate()
    start = today - dt.timedelta(days=365)
    counters: dict[tuple[int, int], int] = defaultdict(int)
    appeals, plans = [], []
    for _ in range(APPEALS):
        specialist = rng.choice(staff)
        inst = specialist.institution
        assert inst is not None
        received = start + dt.timedelta(days=rng.randrange(365))
        counters[(inst.pk, received.year)] += 1
        seq = counters[(inst.pk, received.year)]
        applicant = rng.choice(persons)
        profile = applicant_profile(held.get(applicant, set()))
        appeals.append(
            Appeal(
                number=f"{inst.code}/{received.year}/{seq:05d}",
                institution=inst,
                territory_id=inst.territory_id,
                year=received.year,
                sequence=seq,
                received_on=received,
                channel=(channel := rng.choice(Channel.values)),
                medium=CHANNEL_MEDIUM.get(channel, Medium.LETTER),
                sign=AppealSign.REPEATED if rng.random() < 0.05 else AppealSign.FIRST,
                applicant_id=applicant,
                author_category=profile.author_category,
                is_privileged=profile.is_privileged,
                text=rng.choice(_TEXTS),
                case_id=cases.get(applicant),
                registered_by=specialist,
            )
        )
        n_issues = rng.choices([1, 2, 3, 4, 5, 6], weights=[15, 20, 25, 20, 12, 8])[0]
        plans.append((specialist, n_issues))
    Appeal.objects.bulk_create(appeals, batch_size=500)
    AppealCounter.objects.bulk_create(
        [AppealCounter(institution_id=i, year=y, last=n) for (i, y), n in counters.items()]
    )
    outcomes, weights = zip(*_OUTCOMES, strict=True)
    issues = []
    for appeal, (specialist, n_issues) in zip(appeals, plans, strict=True):
        fitting = _fitting_topics(
            topics, _age(births.get(appeal.applicant_id or 0), appeal.received_on)
        )
        for _ in range(n_issues):
            topic = rng.choice(fitting)
            outcome = rng.choices(outcomes, weights=weights)[0]
            due = deadlines.due_date(appeal.received_on)
            closed_on = None
            if outcome:
                closed_on = min(appeal.received_on + dt.timedelta(days=rng.randrange(1, 40)), today)
            elif due >= today and rng.random() < 0.5:
                pass
            elif rng.random() < 0.85:  # old open issues: most closed late, some overdue
                outcome = Outcome.RESOLVED
                closed_on = min(due + dt.timedelta(days=rng.randrange(1, 10)), today)
            issues.append(
                Issue(
                    appeal=appeal,
                    topic=topic,
                    topic_group=topic.group,
                    person_id=appeal.applicant_id,
                    assignee=specialist,
                    institution_id=appeal.institution_id,
                    territory_id=appeal.territory_id,
                    received_on=appeal.received_on,
                    text=rng.choice(_TOPIC_TEXTS.get(topic.group) or _TEXTS),
                    status=IssueStatus.CLOSED
                    if outcome
                    else rng.choice([IssueStatus.OPEN, IssueStatus.IN_PROGRESS]),
                    due_on=due,
                    outcome=outcome,
                    support_kind=rng.choice(SupportKind.values)
                    if outcome == Outcome.RESOLVED
                    else "",
                    closed_on=closed_on,
                )
            )
    Issue.objects.bulk_create(issues, batch_size=1000)
    refresh_reach(i.person_id for i in issues)
    activities = _timelines(rng, issues, today)
    Activity.objects.bulk_create(activities, batch_size=1000)
    referrals: list[Referral] = []
    consents: list[Consent] = []
    if partners:
        for issue in rng.sample(issues, k=min(150, len(issues))):
            if issue.person_id is None:
                continue
            consents.append(
                Consent(
                    person_id=issue.person_id,
                    purpose=ConsentPurpose.SHARING,
                    given_on=issue.received_on,
                )
            )
        Consent.objects.bulk_create(consents, batch_size=500)
        by_person = {c.person_id: c for c in consents}
        for issue in issues:
            consent = by_person.get(issue.person_id) if issue.person_id else None
            if consent is None or len(referrals) >= 150:
                continue
            status = rng.choice(ReferralStatus.values)
            referrals.append(
                Referral(
                    issue=issue,
                    institution=_refer_to(rng, issue, institutions, partners),
                    due_on=issue.received_on + dt.timedelta(days=14),
                    consent=consent,
                    shared_note="Прошу надати консультацію за темою звернення",
                    status=status,
                    decline_reason="Не належить до профілю установи"
                    if status == ReferralStatus.DECLINED
                    else "",
                    outcome_text="Консультацію надано"
                    if status == ReferralStatus.COMPLETED
                    else "",
                    completed_on=min(issue.received_on + dt.timedelta(days=10), today)
                    if status == ReferralStatus.COMPLETED
                    else None,
                )
            )
        Referral.objects.bulk_create(referrals, batch_size=500)
    health = _health_consents(rng, issues, today)
    stdout.write(
        f"appeals: {len(appeals)} appeals, {len(issues)} issues, "
        f"{len(activities)} timeline entries, {len(referrals)} referrals, "
        f"{health} health consents"
    )


def _health_consents(rng: random.Random, issues: list[Issue], today: dt.date) -> int:
    """Most persons with health data signed the health consent (Law 2297-VI art. 7); the
    rest show on their cards as recorded before the rule. Returns consents made."""
    from suprovid.people.health import HEALTH_TOPIC_GROUPS, backfill_grounds

    who = {i.person_id for i in issues if i.person_id and i.topic_group in HEALTH_TOPIC_GROUPS}
    who |= set(
        PersonStatus.objects.filter(code=StatusCode.WAR_DISABLED).values_list(
            "person_id", flat=True
        )
    )
    consents = [
        Consent(
            person_id=pid,
            purpose=ConsentPurpose.HEALTH,
            given_on=today - dt.timedelta(days=rng.randrange(370, 400)),
            document="Згода на обробку даних про здоров'я (бланк)",
        )
        for pid in sorted(who)
        if rng.random() < 0.9
    ]
    Consent.objects.bulk_create(consents, batch_size=500)
    backfill_grounds(consent=Consent, person_status=PersonStatus)
    backfill_grounds(consent=Consent, issue=Issue)
    return len(consents)


_STEPS = [
    (ActivityKind.CALL, "Зателефонував(ла) заявникові, уточнив(ла) обставини"),
    (ActivityKind.NOTE, "Запит до управління соціального захисту надіслано"),
    (ActivityKind.MEETING, "Зустріч у ЦНАП: перевірено документи"),
    (ActivityKind.VISIT, "Виїзд за місцем проживання"),
]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _timelines(rng: random.Random, issues: list[Issue], today: dt.date) -> list[Activity]:
    """What a specialist's timeline looks like: registration, a step or two, the closing."""
    entries: list[Activity] = []
    for issue in issues:
        common = {"appeal_id": issue.appeal_id, "issue": issue, "author": issue.assignee}
        entries.append(
            Activity(
                kind=ActivityKind.STATUS_CHANGE,
                occurred_at=_at(issue.received_on, 9),
                text="Питання зареєстровано",
                **common,
            )
        )
        end = issue.closed_on or today
        for _ in range(rng.randrange(0, 3)):
            span = max((end - issue.received_on).days, 0)
            day = issue.received_on + dt.timedelta(days=rng.randrange(0, span + 1))
            kind, text = rng.choice(_STEPS)
            entries.append(Activity(kind=kind, occurred_at=_at(day, 11), text=text, **common))
        if issue.closed_on:
            entries.append(
                Activity(
                    kind=ActivityKind.STATUS_CHANGE,
                    occurred_at=_at(issue.closed_on, 16),
                    text="Питання закрито",
                    **common,
                )
            )
    return entries
