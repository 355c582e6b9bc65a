"""Importing an appeals journal (contract.md `import_journal`): one row per issue.

Rows sharing `appeal_number` form one appeal and must agree on the appeal columns. People
are matched by РНОКПП, else by the exact normalised name and birth date (never by the lossy
Latin key alone), and created when new; possible duplicates are listed in the result.
Everything is checked before anything is written (all or nothing); appeals whose number
is already registered are left alone, so importing the same file twice changes nothing.
Reads are cached and writes are bulk, so a year of an oblast (≈25,000 rows) takes seconds.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.ua import rntrc

from suprovid.accounts.models import User
from suprovid.core.audit import snapshot
from suprovid.core.cyrillic import normalize_cyrillic
from suprovid.core.importing import ErrorList, Row, parse_date, parse_email, read_rows
from suprovid.core.models import AuditEntry
from suprovid.network.models import Institution, Specialist
from suprovid.people.duplicates import compare_to
from suprovid.people.health import HealthGround, is_health_status, is_health_topic
from suprovid.people.models import Consent, ConsentPurpose, Person, PersonStatus, StatusCode
from suprovid.people.names import name_key
from suprovid.people.reach import refresh_reach
from suprovid.people.validators import check_rnokpp_plausible, rnokpp_warnings
from suprovid.territory.models import Territory
from suprovid.topics.models import Topic

from . import deadlines
from .models import (
    CHANNEL_MEDIUM,
    Appeal,
    AppealCounter,
    AppealForm,
    AppealType,
    Channel,
    Issue,
    IssueStatus,
    Medium,
    Outcome,
    SupportKind,
)
from .services import applicant_profile, registration_index

COLUMNS: dict[str, Sequence[str]] = {
    "appeal_number": ["номер звернення", "номер", "№ звернення"],
    "received_on": ["дата надходження", "дата звернення", "дата"],
    "channel": ["канал", "спосіб надходження"],
    "appeal_type": ["вид звернення", "вид"],
    "institution_code": ["код установи", "установа"],
    "last_name": ["прізвище"],
    "first_name": ["ім'я", "імя"],
    "patronymic": ["по батькові"],
    "birth_date": ["дата народження"],
    "rnokpp": ["рнокпп", "іпн"],
    "phone": ["телефон"],
    "statuses": ["статуси", "статус особи"],
    "territory_code": ["катоттг", "код території"],
    "topic": ["тема", "код теми"],
    "issue_text": ["зміст питання", "питання"],
    "specialist_email": ["фахівець", "email фахівця"],
    "status": ["стан"],
    "outcome": ["результат"],
    "support_kind": ["вид допомоги"],
    "closed_on": ["дата закриття"],
    "health_ground": ["підстава обробки даних про здоров'я"],
}
REQUIRED = ["appeal_number", "received_on", "institution_code", "last_name", "first_name", "topic"]
_APPEAL_COLUMNS = ["received_on", "channel", "appeal_type", "institution_code"]
_BATCH = 500
_CHUNK = 900  # stay below SQLite's bound-parameter limit in `__in` lookups


@dataclass
class PersonRow:
    key: tuple[str, ...]
    row: int
    last_name: str
    first_name: str
    patronymic: str
    birth_date: dt.date | None
    rnokpp: str
    phone: str
    territory_id: str | None
    statuses: list[str]
    health_ground: str = ""


@dataclass
class IssueRow:
    row: int
    person: PersonRow
    topic: Topic
    text: str
    assignee_id: int | None
    status: str
    outcome: str
    support_kind: str
    closed_on: dt.date | None
    health_ground: str = ""


@dataclass
class AppealRow:
    number: str
    row: int
    received_on: dt.date
    channel: str
    appeal_type: str
    institution: Institution
    values: dict[str, str]
    issues: list[IssueRow] = field(default_factory=list)


@dataclass
class PossibleDuplicate:
    """A person the import created who may be an existing one (for a data officer)."""

    row: int
    new: Person
    existing: Person
    reasons: tuple[str, ...]

    def line(self) -> str:
        return _(
            "row %(row)s: %(new)s may be the existing person %(existing)s (ID %(id)s): %(reasons)s"
        ) % {
            "row": self.row,
            "new": self.new.full_name,
            "existing": self.existing.full_name,
            "id": self.existing.pk,
            "reasons": "; ".join(self.reasons),
        }


@dataclass
class JournalResult:
    appeals: int = 0
    issues: int = 0
    persons_created: int = 0
    appeals_skipped: int = 0
    possible_duplicates: list[PossibleDuplicate] = field(default_factory=list)
    # Law 2297-VI art. 7: rows of health data with no ground in the file and no health
    # consent on record; written unmarked, and the cards ask for the consent.
    health_without_ground: int = 0


def _chunks(items: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def _person_key(rnokpp: str, exact: str, birth: dt.date | None) -> tuple[str, ...]:
    """Rows sharing a key are one person. `exact` is the normalised name (case and
    apostrophes only), never the lossy Latin `name_key`: Згурський ≠ Журський."""
    if rnokpp:
        return ("r", rnokpp)
    return ("n", exact, birth.isoformat() if birth else "")


def _exact_name(last_name: str, first_name: str, patronymic: str) -> str:
    return normalize_cyrillic(f"{last_name} {first_name} {patronymic}")


class _Caches:
    def __init__(self, rows: Sequence[Row]) -> None:
        self.institutions = {i.code: i for i in Institution.objects.all()}
        self.topics = {t.code: t for t in Topic.objects.filter(is_active=True)}
        self.users = {u.email.lower(): u.pk for u in User.objects.filter(is_active=True)}
        for email, user_id in Specialist.objects.filter(user__isnull=False).values_list(
            "email", "user_id"
        ):
            self.users.setdefault(email.lower(), user_id)
        codes = sorted({r["territory_code"] for r in rows if r["territory_code"]})
        self.territories: set[str] = set()
        for chunk in _chunks(codes):
            self.territories.update(
                Territory.objects.filter(code__in=chunk).values_list("code", flat=True)
            )
        numbers = sorted({r["appeal_number"] for r in rows})
        self.existing_numbers: set[str] = set()
        for chunk in _chunks(numbers):
            self.existing_numbers.update(
                Appeal.objects.filter(number__in=chunk).values_list("number", flat=True)
            )


def _check_row(row: Row, caches: _Caches, errors: ErrorList) -> tuple[dict[str, Any], bool]:
    """Parse one row; returns its values and whether it was valid."""
    ok = True

    def fail(column: str, message: str) -> None:
        nonlocal ok
        ok = False
        errors.add(row.number, column, message)

    out: dict[str, Any] = {}
    for column in REQUIRED:
        if not row[column]:
            fail(column, _("required"))
    try:
        out["received_on"] = parse_date(row["received_on"]) if row["received_on"] else None
        if out["received_on"] and out["received_on"] > timezone.localdate():
            fail("received_on", _("the date is in the future"))
    except ValueError as exc:
        fail("received_on", str(exc))
    out["channel"] = row["channel"] or Channel.IN_PERSON
    if out["channel"] not in Channel.values:
        fail("channel", _("unknown channel “%(value)s”") % {"value": row["channel"]})
    out["appeal_type"] = row["appeal_type"] or AppealType.REQUEST
    if out["appeal_type"] not in AppealType.values:
        fail("appeal_type", _("unknown type “%(value)s”") % {"value": row["appeal_type"]})
    out["institution"] = caches.institutions.get(row["institution_code"])
    if row["institution_code"] and out["institution"] is None:
        fail(
            "institution_code",
            _("unknown institution “%(value)s”") % {"value": row["institution_code"]},
        )
    out["birth_date"] = None
    if row["birth_date"]:
        try:
            out["birth_date"] = parse_date(row["birth_date"])
        except ValueError as exc:
            fail("birth_date", str(exc))
    rnokpp = row["rnokpp"].replace(" ", "")
    if rnokpp and not rntrc.is_valid(rnokpp):
        fail("rnokpp", _("“%(value)s” is not a valid РНОКПП") % {"value": row["rnokpp"]})
    elif rnokpp:
        try:
            check_rnokpp_plausible(rnokpp)
        except ValidationError as exc:
            fail("rnokpp", " ".join(exc.messages))
    out["rnokpp"] = rnokpp
    statuses = [s.strip() for s in row["statuses"].split(";") if s.strip()]
    for code in statuses:
        if code not in StatusCode.values:
            fail("statuses", _("unknown status “%(value)s”") % {"value": code})
    out["statuses"] = statuses
    territory = row["territory_code"]
    if territory and territory not in caches.territories:
        fail("territory_code", _("unknown КАТОТТГ code “%(value)s”") % {"value": territory})
    out["topic"] = caches.topics.get(row["topic"])
    if row["topic"] and out["topic"] is None:
        fail("topic", _("unknown topic “%(value)s”") % {"value": row["topic"]})
    out["assignee_id"] = None
    if row["specialist_email"]:
        try:
            email = parse_email(row["specialist_email"])
            out["assignee_id"] = caches.users.get(email)
            if out["assignee_id"] is None:
                fail(
                    "specialist_email",
                    _("no staff account with the e-mail “%(value)s”") % {"value": email},
                )
        except ValueError as exc:
            fail("specialist_email", str(exc))
    status = row["status"] or IssueStatus.OPEN
    if status not in IssueStatus.values:
        fail("status", _("unknown status “%(value)s”") % {"value": row["status"]})
    out["status"] = status
    outcome, kind = row["outcome"], row["support_kind"]
    if outcome and outcome not in Outcome.values:
        fail("outcome", _("unknown outcome “%(value)s”") % {"value": outcome})
    if status == IssueStatus.CLOSED and not outcome:
        fail("outcome", _("required when the issue is closed"))
    if status != IssueStatus.CLOSED and outcome:
        fail("outcome", _("only a closed issue has an outcome"))
    if kind and kind not in SupportKind.values:
        fail("support_kind", _("unknown kind of support “%(value)s”") % {"value": kind})
    elif kind and outcome != Outcome.RESOLVED:
        fail("support_kind", _("only for the outcome “resolved”"))
    out["outcome"], out["support_kind"] = outcome, kind
    out["closed_on"] = None
    if row["closed_on"]:
        try:
            out["closed_on"] = parse_date(row["closed_on"])
            if out.get("received_on") and out["closed_on"] < out["received_on"]:
                fail("closed_on", _("before the date of receipt"))
        except ValueError as exc:
            fail("closed_on", str(exc))
    elif status == IssueStatus.CLOSED:
        fail("closed_on", _("required when the issue is closed"))
    if status != IssueStatus.CLOSED and row["closed_on"]:
        fail("closed_on", _("only a closed issue has a closing date"))
    out["health_ground"] = row["health_ground"]
    if out["health_ground"] and out["health_ground"] not in HealthGround.values:
        fail(
            "health_ground",
            _("unknown legal ground “%(value)s”; use one of: %(codes)s")
            % {"value": out["health_ground"], "codes": ", ".join(HealthGround.values)},
        )
    return out, ok


def check_journal(rows: Sequence[Row], errors: ErrorList) -> tuple[list[AppealRow], _Caches]:
    """Every row checked; the appeals to create (numbers already registered are skipped)."""
    caches = _Caches(rows)
    appeals: dict[str, AppealRow] = {}
    persons: dict[tuple[str, ...], PersonRow] = {}
    for row in rows:
        values, ok = _check_row(row, caches, errors)
        number = row["appeal_number"]
        appeal = appeals.get(number)
        if appeal is not None:
            for column in _APPEAL_COLUMNS:
                if row[column] != appeal.values[column]:
                    ok = False
                    errors.add(
                        row.number,
                        column,
                        _("differs from row %(row)s of the same appeal (“%(value)s”)")
                        % {"row": appeal.row, "value": appeal.values[column]},
                    )
        if not ok:
            continue
        if appeal is None:
            appeal = appeals[number] = AppealRow(
                number=number,
                row=row.number,
                received_on=values["received_on"],
                channel=values["channel"],
                appeal_type=values["appeal_type"],
                institution=values["institution"],
                values={c: row[c] for c in _APPEAL_COLUMNS},
            )
        key = _person_key(
            values["rnokpp"],
            _exact_name(row["last_name"], row["first_name"], row["patronymic"]),
            values["birth_date"],
        )
        person = persons.get(key)
        if person is None:
            person = persons[key] = PersonRow(
                key=key,
                row=row.number,
                last_name=row["last_name"],
                first_name=row["first_name"],
                patronymic=row["patronymic"],
                birth_date=values["birth_date"],
                rnokpp=values["rnokpp"],
                phone=row["phone"],
                territory_id=row["territory_code"] or None,
                statuses=values["statuses"],
                health_ground=values["health_ground"],
            )
        else:
            person.statuses = list(dict.fromkeys([*person.statuses, *values["statuses"]]))
            person.health_ground = person.health_ground or values["health_ground"]
        appeal.issues.append(
            IssueRow(
                row=row.number,
                person=person,
                topic=values["topic"],
                text=row["issue_text"],
                assignee_id=values["assignee_id"],
                status=values["status"],
                outcome=values["outcome"],
                support_kind=values["support_kind"],
                closed_on=values["closed_on"],
                health_ground=values["health_ground"],
            )
        )
    fresh = [a for a in appeals.values() if a.number not in caches.existing_numbers]
    return fresh, caches


@dataclass
class _Resolved:
    """The persons of the file: by key, which were created, statuses held and added."""

    persons: dict[tuple[str, ...], Person]
    created: list[Person]
    held: dict[int, set[str]]
    added: dict[int, list[str]]
    possible: list[PossibleDuplicate]
    health_consents: dict[int, int]
    unmarked_statuses: int = 0


def _health_consents(ids: Sequence[int]) -> dict[int, int]:
    """Person id → their health consent in force today (Law 2297-VI art. 7 part 2 p. 1)."""
    today = timezone.localdate()
    found: dict[int, int] = {}
    for chunk in _chunks(sorted(set(ids))):
        rows = (
            Consent.objects.filter(
                person_id__in=chunk, purpose=ConsentPurpose.HEALTH, given_on__lte=today
            )
            .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=today))
            .order_by("given_on", "id")
            .values_list("person_id", "pk")
        )
        found.update(rows)  # the latest given wins
    return found


def _ground(ground: str, person_id: int, consents: dict[int, int]) -> tuple[str, int | None]:
    """The file's ground for a row of health data, else the person's health consent."""
    if ground and ground != HealthGround.CONSENT:
        return ground, None
    consent = consents.get(person_id)
    return (HealthGround.CONSENT, consent) if consent is not None else ("", None)


def _resolve_persons(appeals: Sequence[AppealRow]) -> _Resolved:
    """Persons by key (existing ones found, new ones created in bulk), statuses held."""
    wanted = {i.person.key: i.person for a in appeals for i in a.issues}
    found: dict[tuple[str, ...], Person] = {}
    rnokpps = sorted(k[1] for k in wanted if k[0] == "r")
    for chunk in _chunks(rnokpps):
        for p in Person.objects.filter(rnokpp__in=chunk, merged_into__isnull=True):
            found[("r", p.rnokpp)] = p
    # Existing persons are fetched by the (indexed, lossy) name key, but attached only on
    # the exact normalised name plus the birth date; the rest are possible duplicates.
    lossy: dict[str, list[Person]] = defaultdict(list)
    keys = sorted({name_key(d.last_name, d.first_name, d.patronymic) for d in wanted.values()})
    for chunk in _chunks(keys):
        for p in Person.objects.filter(name_key__in=chunk, merged_into__isnull=True).order_by("id"):
            lossy[p.name_key].append(p)
            if p.birth_date is not None:
                exact = _exact_name(p.last_name, p.first_name, p.patronymic)
                found.setdefault(("n", exact, p.birth_date.isoformat()), p)
    new: list[Person] = []
    possible: list[PossibleDuplicate] = []
    for key, data in wanted.items():
        if key in found:
            continue
        person = Person(
            last_name=data.last_name,
            first_name=data.first_name,
            patronymic=data.patronymic,
            birth_date=data.birth_date,
            rnokpp=data.rnokpp,
            phone=data.phone,
            territory_id=data.territory_id,
        )
        person.rnokpp_mismatch = ",".join(
            w.code for w in rnokpp_warnings(data.rnokpp, data.birth_date)
        )  # the file is taken as copied from documents: the disagreement is recorded
        person.refresh_search_fields()  # bulk_create skips save()
        new.append(person)
        found[key] = person
        for other in lossy.get(name_key(data.last_name, data.first_name, data.patronymic), []):
            candidate = compare_to(other, data)
            reasons = candidate.reasons if candidate else (_("a similar name"),)
            possible.append(
                PossibleDuplicate(row=data.row, new=person, existing=other, reasons=reasons)
            )
    Person.objects.bulk_create(new, batch_size=_BATCH)
    # Statuses the file gives that the person does not hold yet.
    ids = [found[k].pk for k in wanted]
    held: dict[int, set[str]] = defaultdict(set)
    for chunk in _chunks(ids):
        for pid, code in PersonStatus.objects.filter(person_id__in=chunk).values_list(
            "person_id", "code"
        ):
            held[pid].add(code)
    consents = _health_consents(ids)
    statuses = []
    added: dict[int, list[str]] = defaultdict(list)
    for key, data in wanted.items():
        pid = found[key].pk
        for code in data.statuses:
            if code not in held[pid]:
                held[pid].add(code)
                added[pid].append(code)
                ground, consent = (
                    _ground(data.health_ground, pid, consents)
                    if is_health_status(code)
                    else ("", None)
                )
                statuses.append(
                    PersonStatus(
                        person_id=pid, code=code, health_ground=ground, health_consent_id=consent
                    )
                )
    PersonStatus.objects.bulk_create(statuses, batch_size=_BATCH)
    return _Resolved(
        persons=found,
        created=new,
        held=held,
        added=dict(added),
        possible=possible,
        health_consents=consents,
        unmarked_statuses=sum(
            1 for st in statuses if is_health_status(st.code) and not st.health_ground
        ),
    )


def _entry(
    *,
    actor: User | None,
    actor_repr: str,
    correlation: str,
    action: str,
    obj: Person | Appeal,
    territory: str,
    institution: int | None,
    after: dict[str, Any],
) -> AuditEntry:
    return AuditEntry(
        actor=actor,
        actor_repr=actor_repr,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        after=after,
        correlation_id=correlation,
        scope_territory=territory,
        scope_institution=institution,
    )


@transaction.atomic
def journal_write(appeals: Sequence[AppealRow], *, actor: User | None = None) -> JournalResult:
    """Write checked appeals, their issues and new persons in bulk (one transaction).

    The audit log gets, in bulk, one entry per person created (`person.imported`), per
    existing person given new statuses (`person.status_added`) and per appeal
    (`appeal.imported`, naming its issues), all with `actor` (the staff account given to
    the command, else the operating-system user who ran it) and one correlation id.
    """
    result = JournalResult()
    if not appeals:
        return result
    resolved = _resolve_persons(appeals)
    persons, held = resolved.persons, resolved.held
    result.persons_created, result.possible_duplicates = len(resolved.created), resolved.possible
    by_counter: dict[tuple[int, int], list[AppealRow]] = defaultdict(list)
    for a in appeals:
        by_counter[(a.institution.pk, a.received_on.year)].append(a)
    objs: list[Appeal] = []
    for (inst_id, year), group in sorted(by_counter.items()):
        with AppealCounter.locked(institution_id=inst_id, year=year) as counter:
            taken = set(
                Appeal.objects.filter(institution_id=inst_id, year=year).values_list(
                    "sequence", flat=True
                )
            )
            rows = sorted(group, key=lambda x: (x.received_on, x.row))
            sequences = [counter.advance(taken.__contains__) for _ in rows]
        for a, sequence in zip(rows, sequences, strict=True):
            applicant = persons[a.issues[0].person.key]
            profile = applicant_profile(held.get(applicant.pk, set()))
            objs.append(
                Appeal(
                    number=a.number,
                    institution=a.institution,
                    territory_id=a.institution.territory_id,
                    year=year,
                    sequence=sequence,
                    received_on=a.received_on,
                    channel=a.channel,
                    medium=CHANNEL_MEDIUM.get(a.channel, Medium.LETTER),
                    appeal_type=a.appeal_type,
                    applicant=applicant,
                    registration_index=registration_index(
                        applicant=applicant, form=AppealForm.INDIVIDUAL, sequence=sequence
                    ),
                    author_category=profile.author_category,
                    is_privileged=profile.is_privileged,
                )
            )
    Appeal.objects.bulk_create(objs, batch_size=_BATCH)
    by_number = {o.number: o for o in objs}
    issues: list[Issue] = []
    for a in appeals:
        appeal = by_number[a.number]
        for i in a.issues:
            person = persons[i.person.key]
            ground, consent = (
                _ground(i.health_ground, person.pk, resolved.health_consents)
                if is_health_topic(i.topic.code)
                else ("", None)
            )
            issues.append(
                Issue(
                    appeal=appeal,
                    topic=i.topic,
                    topic_group=i.topic.group,
                    person=person,
                    assignee_id=i.assignee_id,
                    institution=a.institution,
                    territory_id=a.institution.territory_id,
                    received_on=a.received_on,
                    text=i.text,
                    status=i.status,
                    due_on=deadlines.due_date(a.received_on),
                    outcome=i.outcome,
                    support_kind=i.support_kind,
                    closed_on=i.closed_on,
                    health_ground=ground,
                    health_consent_id=consent,
                )
            )
    Issue.objects.bulk_create(issues, batch_size=_BATCH)
    refresh_reach({i.person_id for i in issues} | {p.pk for p in persons.values()})
    result.health_without_ground = resolved.unmarked_statuses + sum(
        1 for i in issues if is_health_topic(i.topic_id) and not i.health_ground
    )
    _audit(actor=actor, objs=objs, issues=issues, appeals=appeals, resolved=resolved)
    result.appeals, result.issues = len(objs), len(issues)
    return result


def _audit(
    *,
    actor: User | None,
    objs: Sequence[Appeal],
    issues: Sequence[Issue],
    appeals: Sequence[AppealRow],
    resolved: _Resolved,
) -> None:
    """Per-person and per-appeal entries, written in bulk (see `journal_write`)."""
    import getpass
    import uuid

    if actor is not None:
        actor_repr = actor.email
    else:
        try:
            who = getpass.getuser()
        except Exception:  # no login name in some containers
            who = "?"
        actor_repr = f"import_journal ({who})"
    correlation = uuid.uuid4().hex
    # Where a person's entry belongs: their residence, else the first receiving institution.
    first_institution: dict[int, Institution] = {}
    for a in appeals:
        for i in a.issues:
            first_institution.setdefault(resolved.persons[i.person.key].pk, a.institution)
    issue_ids: dict[int, list[int]] = defaultdict(list)
    for issue in issues:
        issue_ids[issue.appeal_id].append(issue.pk)
    entries: list[AuditEntry] = []

    def person_entry(person: Person, action: str, after: dict[str, Any]) -> AuditEntry:
        institution = first_institution[person.pk]
        return _entry(
            actor=actor,
            actor_repr=actor_repr,
            correlation=correlation,
            action=action,
            obj=person,
            territory=person.territory_id or institution.territory_id or "",
            institution=institution.pk if not person.territory_id else None,
            after=after,
        )

    created_ids = set()
    for person in resolved.created:
        created_ids.add(person.pk)
        data = snapshot(person)
        data.pop("name_key", None)
        data["statuses"] = resolved.added.get(person.pk, [])
        entries.append(person_entry(person, "person.imported", data))
    existing = {p.pk: p for p in resolved.persons.values() if p.pk not in created_ids}
    for pid, codes in resolved.added.items():
        if pid in existing:
            entries.append(
                person_entry(
                    existing[pid],
                    "person.status_added",
                    {"statuses": codes, "via": "import_journal"},
                )
            )
    for o in objs:
        entries.append(
            _entry(
                actor=actor,
                actor_repr=actor_repr,
                correlation=correlation,
                action="appeal.imported",
                obj=o,
                territory=o.territory_id,
                institution=o.institution_id,
                after={
                    "number": o.number,
                    "received_on": o.received_on.isoformat(),
                    "applicant": o.applicant_id,
                    "issues": issue_ids.get(o.pk, []),
                },
            )
        )
    AuditEntry.objects.bulk_create(entries, batch_size=_BATCH)


def journal_import(path: str | Path, errors: ErrorList) -> tuple[list[AppealRow], int]:
    """Read and check a journal file: the appeals to write and how many were already there."""
    rows = read_rows(path, COLUMNS, required=REQUIRED)
    appeals, caches = check_journal(rows, errors)
    skipped = len({r["appeal_number"] for r in rows} & caches.existing_numbers)
    return appeals, skipped
