"""One duplicate detector for every way a person comes in.

The full registration form, the quick registration inside "New appeal", the API, the
journal import and the network import all ask `find_duplicates` before creating a person,
so the same input gets the same warning everywhere (domain.md §2: "search before create,
warn on likely duplicates").

Rules, each giving a score (0–100) and a reason a front-desk worker can act on:

- the same РНОКПП (100);
- the same name, compared across scripts and spellings (Cyrillic, the official Latin
  transliteration of CMU Resolution 55/2010, Russian-based first names), with
  - the same birth date (95), or a similar name and the same birth date (90),
  - a birth date one day off (80) or with day and month swapped (80),
  - no birth date on one side (70);
- the same phone number (60; more with a similar name).

Candidates are fetched by indexed columns only (РНОКПП, birth date, name key, phone) and
that small set is compared in Python, so the check stays cheap on a national register.
Pass a scoped queryset (`visible_to(user)`) so nobody learns of persons they may not see.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from suprovid.core.cyrillic import normalize_cyrillic

from .models import Person, PersonQuerySet
from .names import canonical_skeleton, name_key
from .validators import clean_phone

# A last+first name this similar (0–100, on the script-independent key) is "similar".
NAME_SIMILARITY_THRESHOLD = 85
# How many persons of one birth date are compared by name (a birth date is selective).
_PER_DATE_LIMIT = 300


@dataclass(frozen=True)
class DuplicateCandidate:
    """A person who may be the same as the one described, with the score and why."""

    person: Person
    score: int
    reasons: tuple[str, ...] = field(default=())

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)

    def as_json(self) -> dict[str, object]:
        """The shape the API and import reports give a candidate."""
        return {
            "id": self.person.pk,
            "full_name": self.person.full_name,
            "birth_date": self.person.birth_date.isoformat() if self.person.birth_date else None,
            "score": self.score,
            "reasons": list(self.reasons),
        }


def _short(last_name: str, first_name: str) -> str:
    return canonical_skeleton(f"{last_name} {first_name}")


def _swapped(day: dt.date) -> dt.date | None:
    if day.day == day.month or day.day > 12:
        return None
    try:
        return day.replace(day=day.month, month=day.day)
    except ValueError:  # pragma: no cover - day ≤ 12 is always a valid month
        return None


def near_dates(birth_date: dt.date) -> list[dt.date]:
    """The dates a typo in `birth_date` is likely to give: ±1 day, day and month swapped."""
    dates = [birth_date - dt.timedelta(days=1), birth_date, birth_date + dt.timedelta(days=1)]
    swapped = _swapped(birth_date)
    if swapped is not None:
        dates.append(swapped)
    return dates


def _date_relation(wanted: dt.date | None, found: dt.date | None) -> str:
    if wanted is None or found is None:
        return "unknown"
    if wanted == found:
        return "same"
    if abs((wanted - found).days) == 1:
        return "one_day"
    if _swapped(wanted) == found:
        return "swapped"
    return "different"


def find_duplicates(
    *,
    queryset: PersonQuerySet | None = None,
    last_name: str = "",
    first_name: str = "",
    patronymic: str = "",
    birth_date: dt.date | None = None,
    rnokpp: str = "",
    phone: str = "",
    exclude: Iterable[int] = (),
    limit: int = 10,
) -> list[DuplicateCandidate]:
    """Likely duplicates of the described person, best first (see the module docstring)."""
    base = (queryset if queryset is not None else Person.objects.all()).active()
    excluded = [pk for pk in exclude if pk is not None]
    if excluded:
        base = base.exclude(pk__in=excluded)

    if phone:
        try:
            phone = clean_phone(phone)
        except ValidationError:
            phone = ""
    wanted_short = _short(last_name, first_name)

    fetch = Q(pk__in=[])
    if rnokpp:
        fetch |= Q(rnokpp=rnokpp)
    if phone:
        fetch |= Q(phone=phone)
    pool: dict[int, Person] = (
        {p.pk: p for p in base.filter(fetch)[: limit * 5]} if rnokpp or phone else {}
    )
    if wanted_short:
        if birth_date is not None:
            for p in base.filter(birth_date__in=near_dates(birth_date))[:_PER_DATE_LIMIT]:
                pool.setdefault(p.pk, p)
        full_key = name_key(last_name, first_name, patronymic)
        short_key = name_key(last_name, first_name)
        by_name = Q(name_key=full_key) | Q(name_key=short_key)
        by_name |= Q(name_key__startswith=short_key + " ")
        for p in base.filter(by_name)[:_PER_DATE_LIMIT]:
            pool.setdefault(p.pk, p)

    found: list[DuplicateCandidate] = []
    for person in pool.values():
        candidate = compare_persons(
            person,
            last_name=last_name,
            first_name=first_name,
            patronymic=patronymic,
            birth_date=birth_date,
            rnokpp=rnokpp,
            phone=phone,
        )
        if candidate is not None:
            found.append(candidate)
    found.sort(key=lambda c: (-c.score, c.person.last_name, c.person.first_name, c.person.pk))
    return found[:limit]


def compare_persons(
    person: Person,
    *,
    last_name: str,
    first_name: str,
    patronymic: str = "",
    birth_date: dt.date | None = None,
    rnokpp: str = "",
    phone: str = "",
) -> DuplicateCandidate | None:
    """Whether `person` is likely the one described: the candidate with reasons, or None."""
    wanted_short = _short(last_name, first_name)
    wanted_exact = normalize_cyrillic(f"{last_name} {first_name}")
    wanted_patronymic = canonical_skeleton(patronymic)
    reasons: list[str] = []
    scores: list[int] = []
    if rnokpp and person.rnokpp == rnokpp:
        reasons.append(_("the same РНОКПП"))
        scores.append(100)

    similarity = 0
    if wanted_short:
        theirs = _short(person.last_name, person.first_name)
        similarity = int(fuzz.token_sort_ratio(wanted_short, theirs))
    exact = bool(wanted_exact) and wanted_exact == normalize_cyrillic(
        f"{person.last_name} {person.first_name}"
    )
    same_key = bool(wanted_short) and similarity == 100
    similar = similarity >= NAME_SIMILARITY_THRESHOLD
    relation = _date_relation(birth_date, person.birth_date)

    if similar:
        if relation == "same":
            if exact:
                reasons.append(_("the same name and birth date"))
                scores.append(95)
            elif same_key:
                reasons.append(
                    _("the same birth date and the same name in another script or spelling")
                )
                scores.append(95)
            else:
                reasons.append(_("the same birth date and a similar name"))
                scores.append(90)
        elif relation == "one_day":
            reasons.append(_("a similar name, the birth date differs by one day"))
            scores.append(80)
        elif relation == "swapped":
            reasons.append(_("a similar name, the day and month of the birth date are swapped"))
            scores.append(80)
        elif relation == "unknown" and (exact or same_key):
            reasons.append(_("the same name, a birth date is not recorded"))
            scores.append(70)

    if phone and person.phone == phone:
        reasons.append(_("the same phone number"))
        scores.append(75 if similar else 60)

    if not scores:
        return None
    score = max(scores)
    theirs_patronymic = canonical_skeleton(person.patronymic)
    if (
        score < 100
        and wanted_patronymic
        and theirs_patronymic
        and fuzz.ratio(wanted_patronymic, theirs_patronymic) < NAME_SIMILARITY_THRESHOLD
    ):
        reasons.append(_("the patronymic differs"))
        score -= 15
    if len(scores) > 1:
        score = min(100, score + 5)
    return DuplicateCandidate(person=person, score=score, reasons=tuple(reasons))


class Described(Protocol):
    """What describes a person for matching: a registered person or a row of an import."""

    @property
    def last_name(self) -> str: ...
    @property
    def first_name(self) -> str: ...
    @property
    def patronymic(self) -> str: ...
    @property
    def birth_date(self) -> dt.date | None: ...
    @property
    def rnokpp(self) -> str: ...
    @property
    def phone(self) -> str: ...


def compare_to(person: Person, described: Described) -> DuplicateCandidate | None:
    """`compare_persons` with the description read off a record (another person, an import row)."""
    return compare_persons(
        person,
        last_name=described.last_name,
        first_name=described.first_name,
        patronymic=described.patronymic,
        birth_date=described.birth_date,
        rnokpp=described.rnokpp,
        phone=described.phone,
    )


def find_duplicates_of(
    person: Person, *, queryset: PersonQuerySet | None = None, limit: int = 10
) -> list[DuplicateCandidate]:
    """Likely duplicates of a registered person (for the review queue and merging)."""
    return find_duplicates(
        queryset=queryset,
        last_name=person.last_name,
        first_name=person.first_name,
        patronymic=person.patronymic,
        birth_date=person.birth_date,
        rnokpp=person.rnokpp,
        phone=person.phone,
        exclude=[person.pk],
        limit=limit,
    )


@dataclass(frozen=True)
class DuplicatePair:
    """Two registered persons who are likely one; `older` is kept when they are merged."""

    older: Person
    newer: Person
    score: int
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def likely_pairs(queryset: PersonQuerySet, *, limit: int = 100) -> list[DuplicatePair]:
    """The review queue: pairs of visible active persons who are likely the same, best first.

    Groups are found by the database (the same name key, the same phone), so the work is
    bounded by the number of groups, not of persons; each group's pairs are then scored
    with `compare_persons`. The lossy name key only gathers candidates: the score and its
    reasons tell the reviewer how alike the two records are.
    """
    from django.db.models import Count

    base = queryset.active()
    keys = list(
        base.exclude(name_key="")
        .values("name_key")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("-n", "name_key")
        .values_list("name_key", flat=True)[: limit * 2]
    )
    phones = list(
        base.exclude(phone="")
        .values("phone")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("-n", "phone")
        .values_list("phone", flat=True)[: limit * 2]
    )
    groups: dict[str, list[Person]] = {}
    for person in base.filter(Q(name_key__in=keys) | Q(phone__in=phones)).order_by("pk"):
        if person.name_key in keys:
            groups.setdefault("n:" + person.name_key, []).append(person)
        if person.phone in phones:
            groups.setdefault("p:" + person.phone, []).append(person)
    pairs: dict[tuple[int, int], DuplicatePair] = {}
    for members in groups.values():
        for i, older in enumerate(members[:20]):
            for newer in members[i + 1 : 20]:
                candidate = compare_to(older, newer)
                if candidate is None:
                    continue
                key = (older.pk, newer.pk)
                if key not in pairs or pairs[key].score < candidate.score:
                    pairs[key] = DuplicatePair(
                        older=older, newer=newer, score=candidate.score, reasons=candidate.reasons
                    )
    ordered = sorted(pairs.values(), key=lambda p: (-p.score, p.older.last_name, p.older.pk))
    return ordered[:limit]
