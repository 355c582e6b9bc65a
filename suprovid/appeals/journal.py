"""Importing an appeals journal (contract.md `import_journal`): one row per issue.

Rows sharing `appeal_number` form one appeal and must agree on the appeal columns. People
are matched by РНОКПП, else by the exact normalised name and birth date (never by the lossy
Latin key alone), and created when new; possible duplicates are listed in the result.
Everything is checked before anything is written (all or nothing); appeals whose number
is already registered are left alone, so importing the same file twice changes nothing.
Reads are cached, each distinct cell value is parsed once, and rows are written as tuples
through `suprovid.core.bulk` (COPY on PostgreSQL): 100,000 rows take 15–20 s
(`make bench-import`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.ua import rntrc

from suprovid.accounts.models import User
from suprovid.core.audit import snapshot
from suprovid.core.bulk import insert_objects, insert_rows, reserve_ids
from suprovid.core.cyrillic import normalize_cyrillic
from suprovid.core.importing import ErrorList, Row, parse_date, parse_email, read_rows
from suprovid.core.models import AuditEntry
from suprovid.network.models import Institution, Specialist
from suprovid.people.duplicates import compare_to
from suprovid.people.health import HealthGround, is_health_status, is_health_topic
from suprovid.people.models import Consent, ConsentPurpose, Person, PersonStatus, StatusCode
from suprovid.people.names import name_key
from suprovid.people.reach import refresh_reach, row_tokens
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
_CHUNK = 900  # stay below SQLite's bound-parameter limit in `__in` lookups
# The codes each column accepts, as sets: `Choices.values` builds a new list on every call.
_CHANNELS = frozenset(Channel.values)
_APPEAL_TYPES = frozenset(AppealType.values)
_STATUS_CODES = frozenset(StatusCode.values)
_ISSUE_STATUSES = frozenset(IssueStatus.values)
_OUTCOMES = frozenset(Outcome.values)
_SUPPORT_KINDS = frozenset(SupportKind.values)
_HEALTH_GROUNDS = frozenset(HealthGround.values)


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
    # PostgreSQL has no such limit: fewer, larger lookups.
    size = _CHUNK if connection.vendor == "sqlite" else 20 * _CHUNK
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _person_key(rnokpp: str, exact: str, birth: dt.date | None) -> tuple[str, ...]:
    """Rows sharing a key are one person. `exact` is the normalised name (case and
    apostrophes only), never the lossy Latin `name_key`: Згурський ≠ Журський."""
    if rnokpp:
        return ("r", rnokpp)
    return ("n", exact, birth.isoformat() if birth else "")


def _exact_name(last_name: str, first_name: str, patronymic: str) -> str:
    return normalize_cyrillic(f"{last_name} {first_name} {patronymic}")


class _Caches:
    """What the rows refer to, read once, and each distinct cell value parsed once: a
    journal repeats the same dates, РНОКПП, e-mails and names on many rows."""

    def __init__(self, rows: Sequence[Row]) -> None:
        self.today = timezone.localdate()
        self._dates: dict[str, dt.date | str] = {}
        self._rnokpps: dict[str, tuple[str, str]] = {}
        self._emails: dict[str, tuple[str, str]] = {}
        self._statuses: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        self._names: dict[tuple[str, str, str], str] = {}
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

    def date(self, value: str) -> dt.date:
        """`parse_date`, once per distinct text (its ValueError, with the message, too)."""
        found = self._dates.get(value)
        if found is None:
            try:
                found = parse_date(value)
            except ValueError as exc:
                found = str(exc)
            self._dates[value] = found
        if isinstance(found, str):
            raise ValueError(found)
        return found

    def rnokpp(self, value: str) -> tuple[str, str]:
        """(the number without spaces, the error message or "") once per distinct cell."""
        found = self._rnokpps.get(value)
        if found is None:
            number = value.replace(" ", "")
            message = ""
            if number and not rntrc.is_valid(number):
                message = _("“%(value)s” is not a valid РНОКПП") % {"value": value}
            elif number:
                try:
                    check_rnokpp_plausible(number)
                except ValidationError as exc:
                    message = " ".join(exc.messages)
            found = self._rnokpps[value] = (number, message)
        return found

    def email(self, value: str) -> tuple[str, str]:
        """(`parse_email` of the cell, its error message or "") once per distinct cell."""
        found = self._emails.get(value)
        if found is None:
            try:
                found = (parse_email(value), "")
            except ValueError as exc:
                found = ("", str(exc))
            self._emails[value] = found
        return found

    def statuses(self, value: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(the status codes of the cell, those of them that are unknown)."""
        found = self._statuses.get(value)
        if found is None:
            codes = tuple(s.strip() for s in value.split(";") if s.strip())
            unknown = tuple(c for c in codes if c not in _STATUS_CODES)
            found = self._statuses[value] = (codes, unknown)
        return found

    def exact_name(self, last_name: str, first_name: str, patronymic: str) -> str:
        key = (last_name, first_name, patronymic)
        found = self._names.get(key)
        if found is None:
            found = self._names[key] = _exact_name(last_name, first_name, patronymic)
        return found


def _check_row(row: Row, caches: _Caches, errors: ErrorList) -> tuple[dict[str, Any], bool]:
    """Parse one row; returns its values and whether it was valid."""
    ok = True
    cell = row.values.get

    def fail(column: str, message: str) -> None:
        nonlocal ok
        ok = False
        errors.add(row.number, column, message)

    out: dict[str, Any] = {}
    for column in REQUIRED:
        if not cell(column, ""):
            fail(column, _("required"))
    received = cell("received_on", "")
    try:
        out["received_on"] = caches.date(received) if received else None
        if out["received_on"] and out["received_on"] > caches.today:
            fail("received_on", _("the date is in the future"))
    except ValueError as exc:
        fail("received_on", str(exc))
    channel = cell("channel", "")
    out["channel"] = channel or Channel.IN_PERSON
    if out["channel"] not in _CHANNELS:
        fail("channel", _("unknown channel “%(value)s”") % {"value": channel})
    appeal_type = cell("appeal_type", "")
    out["appeal_type"] = appeal_type or AppealType.REQUEST
    if out["appeal_type"] not in _APPEAL_TYPES:
        fail("appeal_type", _("unknown type “%(value)s”") % {"value": appeal_type})
    institution = cell("institution_code", "")
    out["institution"] = caches.institutions.get(institution)
    if institution and out["institution"] is None:
        fail(
            "institution_code",
            _("unknown institution “%(value)s”") % {"value": institution},
        )
    out["birth_date"] = None
    birth = cell("birth_date", "")
    if birth:
        try:
            out["birth_date"] = caches.date(birth)
        except ValueError as exc:
            fail("birth_date", str(exc))
    rnokpp, message = caches.rnokpp(cell("rnokpp", ""))
    if message:
        fail("rnokpp", message)
    out["rnokpp"] = rnokpp
    statuses, unknown = caches.statuses(cell("statuses", ""))
    for code in unknown:
        fail("statuses", _("unknown status “%(value)s”") % {"value": code})
    out["statuses"] = list(statuses)
    territory = cell("territory_code", "")
    if territory and territory not in caches.territories:
        fail("territory_code", _("unknown КАТОТТГ code “%(value)s”") % {"value": territory})
    topic = cell("topic", "")
    out["topic"] = caches.topics.get(topic)
    if topic and out["topic"] is None:
        fail("topic", _("unknown topic “%(value)s”") % {"value": topic})
    out["assignee_id"] = None
    specialist = cell("specialist_email", "")
    if specialist:
        email, message = caches.email(specialist)
        if message:
            fail("specialist_email", message)
        else:
            out["assignee_id"] = caches.users.get(email)
            if out["assignee_id"] is None:
                fail(
                    "specialist_email",
                    _("no staff account with the e-mail “%(value)s”") % {"value": email},
                )
    raw_status = cell("status", "")
    status = raw_status or IssueStatus.OPEN
    if status not in _ISSUE_STATUSES:
        fail("status", _("unknown status “%(value)s”") % {"value": raw_status})
    out["status"] = status
    outcome, kind = cell("outcome", ""), cell("support_kind", "")
    if outcome and outcome not in _OUTCOMES:
        fail("outcome", _("unknown outcome “%(value)s”") % {"value": outcome})
    if status == IssueStatus.CLOSED and not outcome:
        fail("outcome", _("required when the issue is closed"))
    if status != IssueStatus.CLOSED and outcome:
        fail("outcome", _("only a closed issue has an outcome"))
    if kind and kind not in _SUPPORT_KINDS:
        fail("support_kind", _("unknown kind of support “%(value)s”") % {"value": kind})
    elif kind and outcome != Outcome.RESOLVED:
        fail("support_kind", _("only for the outcome “resolved”"))
    out["outcome"], out["support_kind"] = outcome, kind
    out["closed_on"] = None
    closed = cell("closed_on", "")
    if closed:
        try:
            out["closed_on"] = caches.date(closed)
            if out.get("received_on") and out["closed_on"] < out["received_on"]:
                fail("closed_on", _("before the date of receipt"))
        except ValueError as exc:
            fail("closed_on", str(exc))
    elif status == IssueStatus.CLOSED:
        fail("closed_on", _("required when the issue is closed"))
    if status != IssueStatus.CLOSED and closed:
        fail("closed_on", _("only a closed issue has a closing date"))
    out["health_ground"] = cell("health_ground", "")
    if out["health_ground"] and out["health_ground"] not in _HEALTH_GROUNDS:
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
            caches.exact_name(row["last_name"], row["first_name"], row["patronymic"]),
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
    names: dict[tuple[str, str, str], str] = {}
    # A new person's reach words as refresh_reach will find them (residence, and where and
    # by whom each of their issues is handled), so that its UPDATE leaves their row alone:
    # writing every new person twice cost about 4 s of a 100,000-row journal. Only a hint:
    # refresh_reach still recomputes and corrects them.
    words: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for a in appeals:
        handled = (a.institution.territory_id, a.institution.pk)
        for i in a.issues:
            words[i.person.key] |= row_tokens(*handled, i.assignee_id)

    def lossy_key(last_name: str, first_name: str, patronymic: str) -> str:
        key = (last_name, first_name, patronymic)
        found = names.get(key)
        if found is None:
            found = names[key] = name_key(last_name, first_name, patronymic)
        return found

    found: dict[tuple[str, ...], Person] = {}
    rnokpps = sorted(k[1] for k in wanted if k[0] == "r")
    for chunk in _chunks(rnokpps):
        for p in Person.objects.filter(rnokpp__in=chunk, merged_into__isnull=True):
            found[("r", p.rnokpp)] = p
    # Existing persons are fetched by the (indexed, lossy) name key, but attached only on
    # the exact normalised name plus the birth date; the rest are possible duplicates.
    lossy: dict[str, list[Person]] = defaultdict(list)
    keys = sorted({lossy_key(d.last_name, d.first_name, d.patronymic) for d in wanted.values()})
    for chunk in _chunks(keys):
        for p in Person.objects.filter(name_key__in=chunk, merged_into__isnull=True).order_by("id"):
            lossy[p.name_key].append(p)
            if p.birth_date is not None:
                exact = _exact_name(p.last_name, p.first_name, p.patronymic)
                found.setdefault(("n", exact, p.birth_date.isoformat()), p)
    new: list[Person] = []
    possible: list[PossibleDuplicate] = []
    missing = [(key, data) for key, data in wanted.items() if key not in found]

    def created() -> Iterator[Person]:
        """Built while the database inserts the ones before (no query in here)."""
        for key, data in missing:
            person = Person(
                last_name=data.last_name,
                first_name=data.first_name,
                patronymic=data.patronymic,
                birth_date=data.birth_date,
                rnokpp=data.rnokpp,
                phone=data.phone,
                territory_id=data.territory_id,
                reach_tokens=" ".join(
                    sorted(words[key] | row_tokens(data.territory_id, None, None))
                ),
            )
            person.rnokpp_mismatch = ",".join(
                w.code for w in rnokpp_warnings(data.rnokpp, data.birth_date)
            )  # the file is taken as copied from documents: the disagreement is recorded
            person.refresh_search_fields()  # no save() runs
            new.append(person)
            found[key] = person
            for other in lossy.get(lossy_key(data.last_name, data.first_name, data.patronymic), []):
                candidate = compare_to(other, data)
                reasons = candidate.reasons if candidate else (_("a similar name"),)
                possible.append(
                    PossibleDuplicate(row=data.row, new=person, existing=other, reasons=reasons)
                )
            yield person

    insert_objects(Person, created(), count=len(missing))
    # Statuses the file gives that the person does not hold yet.
    ids = [found[k].pk for k in wanted]
    held: dict[int, set[str]] = defaultdict(set)
    for chunk in _chunks(ids):
        for pid, code in PersonStatus.objects.filter(person_id__in=chunk).values_list(
            "person_id", "code"
        ):
            held[pid].add(code)
    consents = _health_consents(ids)
    statuses: list[tuple[int, str, str, int | None]] = []
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
                statuses.append((pid, code, ground, consent))
    insert_rows(PersonStatus, ["person_id", "code", "health_ground", "health_consent_id"], statuses)
    return _Resolved(
        persons=found,
        created=new,
        held=held,
        added=dict(added),
        possible=possible,
        health_consents=consents,
        unmarked_statuses=sum(
            1 for _pid, code, ground, _c in statuses if is_health_status(code) and not ground
        ),
    )


@dataclass(frozen=True)
class _Written:
    """An appeal as inserted: what its audit entry names."""

    pk: int
    number: str
    institution_id: int
    territory_id: str
    received_on: dt.date
    applicant_id: int


_APPEAL_FIELDS = [
    "id", "number", "institution_id", "territory_id", "year", "sequence", "received_on",
    "channel", "medium", "appeal_type", "applicant_id", "registration_index",
    "author_category", "is_privileged",
]  # fmt: skip
_ISSUE_FIELDS = [
    "id", "appeal_id", "topic_id", "topic_group", "person_id", "assignee_id",
    "institution_id", "territory_id", "received_on", "text", "status", "due_on", "outcome",
    "support_kind", "closed_on", "health_ground", "health_consent_id",
]  # fmt: skip
_AUDIT_FIELDS = [
    "actor_id", "actor_repr", "action", "object_type", "object_id", "object_repr", "after",
    "correlation_id", "scope_territory", "scope_institution",
]  # fmt: skip


@transaction.atomic
def journal_write(appeals: Sequence[AppealRow], *, actor: User | None = None) -> JournalResult:
    """Write checked appeals, their issues and new persons in bulk (one transaction).

    Rows go in as tuples through `suprovid.core.bulk` (COPY on PostgreSQL), with primary
    keys reserved first, so no model instance is built per issue. The audit log gets, in
    bulk, one entry per person created (`person.imported`), per existing person given new
    statuses (`person.status_added`) and per appeal (`appeal.imported`, naming its issues),
    all with `actor` (the staff account given to the command, else the operating-system
    user who ran it) and one correlation id.
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
    numbered: list[tuple[AppealRow, int, int]] = []  # (appeal, year, sequence)
    for (inst_id, year), group in sorted(by_counter.items()):
        with AppealCounter.locked(institution_id=inst_id, year=year) as counter:
            taken = set(
                Appeal.objects.filter(institution_id=inst_id, year=year).values_list(
                    "sequence", flat=True
                )
            )
            rows = sorted(group, key=lambda x: (x.received_on, x.row))
            numbered.extend((a, year, counter.advance(taken.__contains__)) for a in rows)
    written: list[_Written] = []
    appeal_ids = iter(reserve_ids(Appeal, len(numbered)))
    by_number: dict[str, int] = {}

    def appeal_rows() -> Iterator[tuple[Any, ...]]:
        """Streamed into the insert, like the issues below."""
        for (a, year, sequence), pk in zip(numbered, appeal_ids, strict=True):
            applicant = persons[a.issues[0].person.key]
            profile = applicant_profile(held.get(applicant.pk, set()))
            by_number[a.number] = pk
            inst_id, territory = a.institution.pk, a.institution.territory_id
            written.append(_Written(pk, a.number, inst_id, territory, a.received_on, applicant.pk))
            yield (
                pk,
                a.number,
                inst_id,
                territory,
                year,
                sequence,
                a.received_on,
                a.channel,
                CHANNEL_MEDIUM.get(a.channel, Medium.LETTER),
                a.appeal_type,
                applicant.pk,
                registration_index(
                    applicant=applicant, form=AppealForm.INDIVIDUAL, sequence=sequence
                ),
                profile.author_category,
                profile.is_privileged,
            )

    insert_rows(Appeal, _APPEAL_FIELDS, appeal_rows())
    issue_ids = iter(reserve_ids(Issue, sum(len(a.issues) for a in appeals)))
    per_appeal: dict[int, list[int]] = defaultdict(list)
    due_on: dict[dt.date, dt.date] = {}  # one deadline per day of receipt
    health_topics: dict[str, bool] = {}
    unmarked: list[int] = []
    issue_persons: set[int] = set()

    def issue_rows() -> Iterator[tuple[Any, ...]]:
        """Streamed into the insert, so the database works while the rows are built."""
        for a in appeals:
            appeal_id = by_number[a.number]
            institution_id, territory = a.institution.pk, a.institution.territory_id
            due = due_on.get(a.received_on)
            if due is None:
                due = due_on[a.received_on] = deadlines.due_date(a.received_on)
            for i in a.issues:
                person_id = persons[i.person.key].pk
                topic = i.topic.code
                health = health_topics.get(topic)
                if health is None:
                    health = health_topics[topic] = is_health_topic(topic)
                ground, consent = (
                    _ground(i.health_ground, person_id, resolved.health_consents)
                    if health
                    else ("", None)
                )
                if health and not ground:
                    unmarked.append(person_id)
                pk = next(issue_ids)
                per_appeal[appeal_id].append(pk)
                issue_persons.add(person_id)
                yield (
                    pk,
                    appeal_id,
                    topic,
                    i.topic.group,
                    person_id,
                    i.assignee_id,
                    institution_id,
                    territory,
                    a.received_on,
                    i.text,
                    i.status,
                    due,
                    i.outcome,
                    i.support_kind,
                    i.closed_on,
                    ground,
                    consent,
                )

    issues = insert_rows(Issue, _ISSUE_FIELDS, issue_rows())
    refresh_reach(issue_persons | {p.pk for p in persons.values()})
    entries = _audit_entries(
        actor=actor, written=written, issues=per_appeal, appeals=appeals, resolved=resolved
    )
    insert_rows(AuditEntry, _AUDIT_FIELDS, entries)
    result.health_without_ground = resolved.unmarked_statuses + len(unmarked)
    result.appeals, result.issues = len(written), issues
    return result


def _audit_entries(
    *,
    actor: User | None,
    written: Sequence[_Written],
    issues: dict[int, list[int]],
    appeals: Sequence[AppealRow],
    resolved: _Resolved,
) -> list[tuple[Any, ...]]:
    """Per-person and per-appeal entries as rows of `_AUDIT_FIELDS` (see `journal_write`).
    Reads only what is in memory (no query)."""
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
    actor_id = actor.pk if actor is not None else None
    correlation = uuid.uuid4().hex
    # Where a person's entry belongs: their residence, else the first receiving institution.
    first_institution: dict[int, Institution] = {}
    for a in appeals:
        for i in a.issues:
            first_institution.setdefault(resolved.persons[i.person.key].pk, a.institution)
    person_type = Person._meta.label_lower

    def person_entry(person: Person, action: str, after: dict[str, Any]) -> tuple[Any, ...]:
        institution = first_institution[person.pk]
        return (
            actor_id,
            actor_repr,
            action,
            person_type,
            str(person.pk),
            str(person)[:255],
            after,
            correlation,
            person.territory_id or institution.territory_id or "",
            institution.pk if not person.territory_id else None,
        )

    def entries() -> Iterator[tuple[Any, ...]]:
        """Persons created, existing persons given statuses, appeals."""
        created_ids = set()
        for person in resolved.created:
            created_ids.add(person.pk)
            data = snapshot(person)
            data.pop("name_key", None)
            data["statuses"] = resolved.added.get(person.pk, [])
            yield person_entry(person, "person.imported", data)
        existing = {p.pk: p for p in resolved.persons.values() if p.pk not in created_ids}
        for pid, codes in resolved.added.items():
            if pid in existing:
                yield person_entry(
                    existing[pid],
                    "person.status_added",
                    {"statuses": codes, "via": "import_journal"},
                )
        appeal_type = Appeal._meta.label_lower
        for o in written:
            yield (
                actor_id,
                actor_repr,
                "appeal.imported",
                appeal_type,
                str(o.pk),
                o.number[:255],  # str(appeal) is its number
                {
                    "number": o.number,
                    "received_on": o.received_on.isoformat(),
                    "applicant": o.applicant_id,
                    "issues": issues.get(o.pk, []),
                },
                correlation,
                o.territory_id,
                o.institution_id,
            )

    return list(entries())


def journal_import(path: str | Path, errors: ErrorList) -> tuple[list[AppealRow], int]:
    """Read and check a journal file: the appeals to write and how many were already there."""
    rows = read_rows(path, COLUMNS, required=REQUIRED)
    appeals, caches = check_journal(rows, errors)
    skipped = len({r["appeal_number"] for r in rows} & caches.existing_numbers)
    return appeals, skipped
