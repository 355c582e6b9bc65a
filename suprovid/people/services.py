"""Writes to persons, their statuses, family links and consents; duplicate detection.

Every write runs in one transaction and leaves an audit entry with a dotted action code.
Callers (views, API, imports) authorise and fetch through `Person.objects.visible_to` first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from suprovid.accounts.scope import Scope
from suprovid.core.audit import audit_record, changed, snapshot
from suprovid.core.concurrency import save_versioned
from suprovid.core.cyrillic import clean_display

from . import duplicates
from .health import is_health_status, resolve_health_ground
from .merge import MERGE_CHECKS, MERGE_HOOKS
from .models import (
    Consent,
    FamilyLink,
    Person,
    PersonStatus,
    Relation,
    StatusCode,
)
from .reach import is_reach_model, refresh_reach
from .validators import clean_identifiers, confirm_message, rnokpp_warnings

# Fields a person's card edits; everything else is derived or bookkeeping.
PERSON_FIELDS = (
    "last_name",
    "first_name",
    "patronymic",
    "birth_date",
    "sex",
    "rnokpp",
    "rnokpp_refused",
    "passport",
    "unzr",
    "phone",
    "email",
    "territory",
    "address",
    "actual_address",
    "fate",
    "notes",
)
STATUS_FIELDS = (
    "code",
    "disability_group",
    "certificate",
    "certificate_issuer",
    "certificate_date",
    "valid_from",
    "valid_to",
    "source",
    "related_person",
    "health_ground",
)
_NAME_FIELDS = ("last_name", "first_name", "patronymic")

# The link recorded the other way round: if B is A's child, A is B's parent.
RECIPROCAL: dict[str, str] = {
    Relation.SPOUSE: Relation.SPOUSE,
    Relation.CHILD: Relation.PARENT,
    Relation.PARENT: Relation.CHILD,
    Relation.SIBLING: Relation.SIBLING,
    Relation.OTHER: Relation.OTHER,
    # A guardian has no "ward" relation to record back.
}


def _person_snapshot(person: Person) -> dict[str, Any]:
    """The person's fields for the audit log, without the derived matching key."""
    data = snapshot(person)
    data.pop("name_key", None)
    return data


def _clean_person_data(
    fields: Mapping[str, Any], *, current: Person | None, confirm_identifiers: bool = False
) -> dict[str, Any]:
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise ValueError(f"Unknown person fields: {sorted(unknown)}")
    data = dict(fields)
    for name in _NAME_FIELDS:
        if name in data:
            data[name] = clean_display(str(data[name] or ""))
    # Cross-field rules need the full picture: the stored value where not being changed.
    if current is not None:
        for name in ("rnokpp", "rnokpp_refused", "passport", "birth_date", "sex"):
            data.setdefault(name, getattr(current, name))
    clean_identifiers(data)
    errors: dict[str, Any] = {}
    birth = data.get("birth_date")
    warnings = rnokpp_warnings(
        str(data.get("rnokpp") or ""),
        birth if isinstance(birth, dt.date) else None,
        str(data.get("sex") or ""),
    )
    if warnings and not confirm_identifiers:
        errors["rnokpp"] = ValidationError(confirm_message(warnings), code="rnokpp_unconfirmed")
    data["rnokpp_mismatch"] = ",".join(w.code for w in warnings)
    for name in ("last_name", "first_name"):
        if name in data and not data[name]:
            errors[name] = _("This field is required.")
    birth_date = data.get("birth_date")
    if isinstance(birth_date, dt.date) and birth_date > dt.date.today():
        errors["birth_date"] = _("The birth date cannot be in the future.")
    rnokpp = data.get("rnokpp")
    if rnokpp:
        clash = Person.objects.active().filter(rnokpp=rnokpp)
        if current is not None:
            clash = clash.exclude(pk=current.pk)
        if clash.exists():
            errors["rnokpp"] = _(
                "A person with this РНОКПП is already registered. Search for them instead "
                "of creating a second record; if you cannot see them, ask a coordinator."
            )
    if errors:
        raise ValidationError(errors)
    return data


def _status_data(entry: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(entry) - set(STATUS_FIELDS)
    if unknown:
        raise ValueError(f"Unknown status fields: {sorted(unknown)}")
    data = {k: v for k, v in entry.items() if v is not None or k == "related_person"}
    if data.get("code") not in StatusCode.values:
        raise ValidationError(
            {"statuses": _("Unknown status code %(code)s.") % {"code": data.get("code")}}
        )
    if data.get("disability_group") and data["code"] != StatusCode.WAR_DISABLED:
        raise ValidationError(
            {
                "statuses": _(
                    "A disability group belongs only to the status of a person with disability."
                )
            }
        )
    return data


def _full_clean_status(status: PersonStatus, *, actor: Any, field: str = "health_ground") -> None:
    """Model rules, then Law 2297-VI art. 7: a disability is recorded only on a ground."""
    if is_health_status(status.code, status.disability_group):
        status.health_ground, status.health_consent = resolve_health_ground(
            person=status.person, ground=status.health_ground, actor=actor, field=field
        )
    else:
        status.health_ground, status.health_consent = "", None
    try:
        status.full_clean(exclude=["person", "related_person", "health_consent"])
    except ValidationError as error:
        raise ValidationError({"statuses": error.messages}) from None


@transaction.atomic
def person_create(
    *,
    actor: Any,
    fields: Mapping[str, Any],
    statuses: Sequence[Mapping[str, Any]] = (),
    confirm_identifiers: bool = False,
    consents: Sequence[Mapping[str, Any]] = (),
) -> Person:
    """Register a person with any statuses they hold and consents they signed doing so.

    Preconditions: the caller has looked for duplicates (`duplicates.find_duplicates`) and
    the user confirmed. Identifiers are validated again here, so no entry point can store an
    invalid РНОКПП or phone; a РНОКПП disagreeing with the birth date or sex needs
    `confirm_identifiers` and is then recorded (`rnokpp_mismatch`). The record is kept by
    the creating user's institution.
    """
    data = _clean_person_data(fields, current=None, confirm_identifiers=confirm_identifiers)
    _check_owner(actor, data.get("territory"))
    person = Person(
        **data,
        institution_id=getattr(actor, "institution_id", None),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    person.full_clean(exclude=["institution", "created_by", "merged_into", "territory"])
    person.save()
    refresh_reach([person.pk])
    # Consents first: a disability status may rest on the health consent signed now.
    for entry in consents:
        consent_record(actor=actor, person=person, **entry)
    created_statuses = []
    for entry in statuses:
        status = PersonStatus(person=person, **_status_data(entry))
        _full_clean_status(status, actor=actor, field="statuses")
        status.save()
        created_statuses.append(status)
    after = _person_snapshot(person)
    after["statuses"] = [s.code for s in created_statuses]
    audit_record(actor=actor, action="person.created", obj=person, after=after)
    return person


def _check_owner(actor: Any, territory: Any) -> None:
    """Owner rule (docs/development.md): a record always has an owner who can see it.

    The person is kept by the creating user's institution, so staff of an institution may
    register anyone. A user scoped to a territory only (e.g. an oblast coordinator) has no
    institution to keep the record: a person living outside that territory would be
    created and then be a 404 for their creator, so it is refused with a clear message.
    Trusted callers (imports, no authenticated actor) are not limited.
    """
    if not getattr(actor, "is_authenticated", False):
        return
    scope = Scope.of(actor)
    if scope.unlimited or scope.institution_id is not None:
        return
    code = str(getattr(territory, "pk", territory) or "")
    if code and scope.contains(territory_code=code):
        return
    raise ValidationError(
        {
            "territory": _(
                "This address is outside your area: you could not open the record after "
                "saving it. Ask the staff of that area to register the person."
            )
        }
    )


@transaction.atomic
def person_update(
    *,
    actor: Any,
    person: Person,
    fields: Mapping[str, Any],
    expected_version: int | None,
    confirm_identifiers: bool = False,
) -> Person:
    """Change a person's details if nobody saved them since `expected_version` was read.

    Raises `StaleObjectError` for a stale version, `ValidationError` for bad identifiers
    (and for an unconfirmed РНОКПП mismatch, see `person_create`). A mismatch confirmed
    before stays confirmed while the РНОКПП, birth date and sex are unchanged.
    """
    if not confirm_identifiers and person.rnokpp_mismatch:
        touched = {"rnokpp", "birth_date", "sex"} & set(fields)
        confirm_identifiers = all(fields[n] == getattr(person, n) for n in touched)
    data = _clean_person_data(fields, current=person, confirm_identifiers=confirm_identifiers)
    before = _person_snapshot(person)
    for name, value in data.items():
        setattr(person, name, value)
    person.full_clean(exclude=["institution", "created_by", "merged_into", "territory"])
    person.refresh_search_fields()
    save_versioned(
        person,
        expected_version=expected_version,
        fields=[*data.keys(), "search_text", "name_key"],
    )
    if {"territory", "institution"} & set(data):
        refresh_reach([person.pk])
    old, new = changed(before, _person_snapshot(person))
    audit_record(actor=actor, action="person.updated", obj=person, before=old, after=new)
    return person


@transaction.atomic
def status_add(*, actor: Any, person: Person, fields: Mapping[str, Any]) -> PersonStatus:
    """Record one more status the person holds (several may be held at once)."""
    status = PersonStatus(person=person, **_status_data(fields))
    _full_clean_status(status, actor=actor)
    status.save()
    audit_record(actor=actor, action="person.status_added", obj=person, after=snapshot(status))
    return status


@transaction.atomic
def status_remove(*, actor: Any, status: PersonStatus) -> None:
    """Delete a status recorded by mistake; the audit entry keeps what it was."""
    person = status.person
    before = snapshot(status)
    status.delete()
    audit_record(actor=actor, action="person.status_removed", obj=person, before=before)


@transaction.atomic
def family_link_add(
    *, actor: Any, person: Person, relative: Person, relation: str, reciprocal: bool = True
) -> FamilyLink:
    """Record that `relative` is the `relation` of `person`, and the reverse link.

    Preconditions: both persons are visible to the actor, and they are different persons.
    """
    if person.pk == relative.pk:
        raise ValidationError({"relative": _("A person cannot be their own relative.")})
    if relation not in Relation.values:
        raise ValidationError({"relation": _("Choose a relation from the list.")})
    if FamilyLink.objects.filter(person=person, relative=relative).exists():
        raise ValidationError({"relative": _("These two persons are already linked.")})
    link = FamilyLink.objects.create(person=person, relative=relative, relation=relation)
    back = RECIPROCAL.get(relation)
    if reciprocal and back is not None:
        FamilyLink.objects.get_or_create(
            person=relative, relative=person, defaults={"relation": back}
        )
    audit_record(actor=actor, action="person.family_link_added", obj=person, after=snapshot(link))
    return link


@transaction.atomic
def family_link_remove(*, actor: Any, link: FamilyLink) -> None:
    """Remove a family link and the reverse link recorded with it."""
    person = link.person
    before = snapshot(link)
    FamilyLink.objects.filter(person_id=link.relative_id, relative_id=link.person_id).delete()
    link.delete()
    audit_record(actor=actor, action="person.family_link_removed", obj=person, before=before)


@transaction.atomic
def consent_record(
    *, actor: Any, person: Person, purpose: str, given_on: dt.date, document: str = ""
) -> Consent:
    """Record a consent the person gave (Law 2297-VI art. 11)."""
    consent = Consent(
        person=person,
        purpose=purpose,
        given_on=given_on,
        document=document,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    consent.full_clean(exclude=["person", "recorded_by"])
    consent.save()
    audit_record(actor=actor, action="person.consent_given", obj=person, after=snapshot(consent))
    return consent


@transaction.atomic
def consent_withdraw(*, actor: Any, consent: Consent, withdrawn_on: dt.date) -> Consent:
    """Mark a consent as withdrawn; the record stays so that earlier processing is explained."""
    if consent.withdrawn_on is not None:
        raise ValidationError(_("This consent has already been withdrawn."))
    if withdrawn_on < consent.given_on:
        raise ValidationError(
            {"withdrawn_on": _("A consent cannot be withdrawn before it was given.")}
        )
    before = snapshot(consent)
    consent.withdrawn_on = withdrawn_on
    consent.save(update_fields=["withdrawn_on"])
    audit_record(
        actor=actor,
        action="person.consent_withdrawn",
        obj=consent.person,
        before=before,
        after=snapshot(consent),
    )
    return consent


# ---------------------------------------------------------------------------- merging


def person_relations() -> list[models.ForeignObjectRel]:
    """Every one-to-many relation pointing to Person, in any app, hidden ones included.

    Found from the model graph so that rows added by later apps (appeals, cases,
    deliveries, …) move on merge without this module knowing about them.
    """
    return [
        rel
        for rel in Person._meta.get_fields(include_hidden=True)
        if isinstance(rel, models.ForeignObjectRel)
        and (rel.one_to_many or rel.one_to_one)
        and not rel.many_to_many
        and not is_reach_model(rel.related_model)  # derived: recomputed after the merge
    ]


UniqueRule = tuple[tuple[str, ...], Q | None]


def _unique_rules(model: type[models.Model], field_name: str) -> list[UniqueRule]:
    """Unique field combinations of `model` that include `field_name`, with their condition."""
    rules: list[UniqueRule] = [(tuple(ut), None) for ut in model._meta.unique_together]
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
            rules.append((tuple(constraint.fields), constraint.condition))
    if getattr(model._meta.get_field(field_name), "unique", False):
        rules.append(((field_name,), None))
    return [rule for rule in rules if field_name in rule[0]]


def merge_preview(*, target: Person, duplicate: Person) -> dict[str, int]:
    """How many rows of each kind would move from `duplicate` to `target` (for confirmation)."""
    counts: dict[str, int] = {}
    for rel in person_relations():
        model = rel.related_model
        count = model._default_manager.filter(**{rel.field.name: duplicate}).count()
        if count:
            label = str(model._meta.verbose_name_plural)
            counts[label] = counts.get(label, 0) + count
    return counts


def _move_rows(
    rel: models.ForeignObjectRel, *, target: Person, duplicate: Person
) -> tuple[list[Any], list[Any]]:
    """Point the rows of one relation at `target`; returns (moved ids, dropped ids).

    A row that would become a second copy of a row `target` already has (a unique
    constraint, e.g. one case membership per case, or a family link to the target itself)
    is dropped instead: the target keeps the equivalent row.
    """
    model = rel.related_model
    field_name = rel.field.name
    manager = model._default_manager
    rules = _unique_rules(model, field_name)
    moved: list[Any] = []
    dropped: list[Any] = []
    for row in manager.filter(**{field_name: duplicate}):
        if _clashes(model, row, field_name, rules, target):
            dropped.append(row.pk)
            row.delete()
        else:
            manager.filter(pk=row.pk).update(**{field_name: target})
            moved.append(row.pk)
    return moved, dropped


def _clashes(
    model: type[models.Model],
    row: Any,
    field_name: str,
    rules: list[UniqueRule],
    target: Person,
) -> bool:
    if model is FamilyLink:
        other = row.relative_id if field_name == "person" else row.person_id
        if other == target.pk:
            return True  # the link would join the target to itself
    manager = model._default_manager
    for fields, condition in rules:
        lookup: dict[str, Any] = {}
        for name in fields:
            if name == field_name:
                lookup[field_name] = target
            else:
                attname = str(getattr(model._meta.get_field(name), "attname", name))
                lookup[attname] = getattr(row, attname)
        others = manager.exclude(pk=row.pk).filter(**lookup)
        if condition is not None:
            if not manager.filter(condition, pk=row.pk).exists():
                continue
            others = others.filter(condition)
        if others.exists():
            return True
    return False


@transaction.atomic
def person_merge(*, actor: Any, target: Person, duplicate: Person) -> dict[str, Any]:
    """Fold `duplicate` into `target`: every row anywhere that points to it moves over.

    Statuses, family links, consents, appeals, issues, cases and whatever later apps add
    follow (found via the model graph). Identifiers the target lacks are copied from the
    duplicate. The duplicate keeps its row with `merged_into` set, so history that names
    it can be followed. Preconditions: both are active, different and visible to the actor.
    """
    if target.pk == duplicate.pk:
        raise ValidationError(_("A person cannot be merged with themselves."))
    # Lock both rows so that two simultaneous merges cannot interleave.
    rows = Person.objects.select_for_update().filter(pk__in=[target.pk, duplicate.pk])
    locked = {p.pk: p for p in rows}
    target, duplicate = locked[target.pk], locked[duplicate.pk]
    if target.merged_into_id is not None or duplicate.merged_into_id is not None:
        raise ValidationError(_("One of these persons has already been merged into another."))

    for check in MERGE_CHECKS:  # e.g. the cases app: one open support case per household
        check(target, duplicate)

    before = {"target": _person_snapshot(target), "duplicate": _person_snapshot(duplicate)}
    moved: dict[str, list[Any]] = {}
    dropped: dict[str, list[Any]] = {}
    for rel in person_relations():
        if rel.related_model is Person and rel.field.name == "merged_into":
            # Earlier merges into the duplicate now resolve to the target.
            ids = list(Person.objects.filter(merged_into=duplicate).values_list("pk", flat=True))
            Person.objects.filter(pk__in=ids).update(merged_into=target)
            if ids:
                moved["people.person.merged_into"] = ids
            continue
        label = f"{rel.related_model._meta.label_lower}.{rel.field.name}"
        hook = MERGE_HOOKS.get(rel.related_model._meta.label_lower)
        if hook is not None:
            row_ids, drop_ids = hook(target, duplicate)
        else:
            row_ids, drop_ids = _move_rows(rel, target=target, duplicate=duplicate)
        if row_ids:
            moved[label] = row_ids
        if drop_ids:
            dropped[label] = drop_ids

    duplicate.merged_into = target
    save_versioned(duplicate, expected_version=None, fields=["merged_into"])

    # Keep what only the duplicate knew (its РНОКПП is free now that it is merged).
    filled = [
        name
        for name in PERSON_FIELDS
        if name not in _NAME_FIELDS
        and name != "rnokpp_refused"
        and getattr(target, name) in (None, "")
        and getattr(duplicate, name) not in (None, "")
    ]
    for name in filled:
        setattr(target, name, getattr(duplicate, name))
    if filled:
        target.refresh_search_fields()
    save_versioned(target, expected_version=None, fields=[*filled, "search_text", "name_key"])
    refresh_reach([target.pk, duplicate.pk])

    after = {
        "target": _person_snapshot(target),
        "duplicate": {"merged_into": target.pk},
        "moved": moved,
        "dropped_as_duplicates": dropped,
        "filled_from_duplicate": filled,
    }
    audit_record(actor=actor, action="person.merged", obj=target, before=before, after=after)
    audit_record(
        actor=actor,
        action="person.merged_away",
        obj=duplicate,
        before={"merged_into": None},
        after={"merged_into": target.pk},
    )
    return after


# ------------------------------------------------------------------------- duplicates

# The detector lives in `duplicates.py`; these names stay for existing callers.
DuplicateCandidate = duplicates.DuplicateCandidate
person_find_duplicates = duplicates.find_duplicates
