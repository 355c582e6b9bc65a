"""`import_network`: institutions, their planned positions and their specialists.

One row per specialist; a row with empty specialist columns only declares an institution
(contract.md). Rows are checked first; nothing is written unless every row is valid.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from suprovid.accounts.models import Role, User
from suprovid.core.audit import audit_record, changed, snapshot
from suprovid.core.importing import ErrorList, Row, parse_email, parse_int
from suprovid.territory.codes import is_valid_code, normalize_code
from suprovid.territory.models import Territory

from .models import SINCE_ALWAYS, Institution, InstitutionKind, Specialist, StaffingPlan

COLUMNS: dict[str, tuple[str, ...]] = {
    "institution_code": ("код закладу", "код установи"),
    "institution_name": ("назва закладу", "назва установи", "заклад", "установа"),
    "institution_kind": ("тип закладу", "тип установи", "вид закладу"),
    "territory_code": ("код території", "катоттг", "код катоттг"),
    "positions_planned": ("кількість посад", "посад за штатом", "штатні посади", "посади"),
    "specialist_full_name": ("піб фахівця", "фахівець", "піб"),
    "specialist_email": ("e-mail фахівця", "email фахівця", "електронна пошта фахівця"),
}
REQUIRED = (
    "institution_code",
    "institution_name",
    "institution_kind",
    "territory_code",
    "positions_planned",
)
_INSTITUTION_COLUMNS = ("institution_name", "institution_kind", "territory_code")


@dataclass
class InstitutionRow:
    code: str
    name: str
    kind: str
    territory_code: str
    positions: int
    row: int
    specialists: dict[str, str] = field(default_factory=dict)  # e-mail → full name


@dataclass
class NetworkImportResult:
    institutions_created: int = 0
    institutions_updated: int = 0
    plans_changed: int = 0
    specialists_created: int = 0
    specialists_updated: int = 0
    users_created: int = 0

    @property
    def changes(self) -> int:
        return sum(vars(self).values())


def network_check(rows: Sequence[Row]) -> tuple[list[InstitutionRow], ErrorList]:
    """Every row checked on its own and against the other rows of its institution."""
    errors = ErrorList()
    institutions: dict[str, InstitutionRow] = {}
    first_row: dict[tuple[str, str], int] = {}
    kinds = set(InstitutionKind.values)
    codes = {normalize_code(r["territory_code"]) for r in rows if r["territory_code"]}
    known_codes = set(Territory.objects.filter(pk__in=codes).values_list("pk", flat=True))
    for row in rows:
        before = len(errors)
        code = row["institution_code"]
        for column in REQUIRED:
            if not row[column]:
                errors.add(row.number, column, _("required"))
        kind = row["institution_kind"].lower()
        if kind and kind not in kinds:
            errors.add(
                row.number,
                "institution_kind",
                _("“%(value)s” is not one of: %(choices)s")
                % {"value": row["institution_kind"], "choices": ", ".join(InstitutionKind.values)},
            )
        territory = normalize_code(row["territory_code"]) if row["territory_code"] else ""
        if territory and not is_valid_code(territory):
            errors.add(
                row.number,
                "territory_code",
                _("“%(value)s” is not a КАТОТТГ code (UA and 17 digits)")
                % {"value": row["territory_code"]},
            )
        elif territory and territory not in known_codes:
            errors.add(
                row.number,
                "territory_code",
                _("there is no territory %(code)s in the codifier") % {"code": territory},
            )
        positions = 0
        if row["positions_planned"]:
            try:
                positions = parse_int(row["positions_planned"])
            except ValueError as exc:
                errors.add(row.number, "positions_planned", str(exc))
        full_name = " ".join(row["specialist_full_name"].split())
        email = ""
        if row["specialist_email"]:
            try:
                email = parse_email(row["specialist_email"])
            except ValueError as exc:
                errors.add(row.number, "specialist_email", str(exc))
        if full_name and not row["specialist_email"]:
            errors.add(row.number, "specialist_email", _("required with specialist_full_name"))
        if row["specialist_email"] and not full_name:
            errors.add(row.number, "specialist_full_name", _("required with specialist_email"))
        if len(errors) > before or not code:
            continue
        declared = InstitutionRow(
            code=code,
            name=" ".join(row["institution_name"].split()),
            kind=kind,
            territory_code=territory,
            positions=positions,
            row=row.number,
        )
        known = institutions.setdefault(code, declared)
        if known is not declared:
            for column, mine, theirs in (
                ("institution_name", declared.name, known.name),
                ("institution_kind", declared.kind, known.kind),
                ("territory_code", declared.territory_code, known.territory_code),
                ("positions_planned", declared.positions, known.positions),
            ):
                if mine != theirs:
                    errors.add(
                        row.number,
                        column,
                        _(
                            "“%(value)s” differs from “%(other)s” on row %(row)s for "
                            "institution %(code)s; it must be the same on every row"
                        )
                        % {"value": mine, "other": theirs, "row": known.row, "code": code},
                    )
        if email:
            key = (code, email)
            if key in first_row:
                errors.add(
                    row.number,
                    "specialist_email",
                    _("%(email)s is already listed for %(code)s on row %(row)s")
                    % {"email": email, "code": code, "row": first_row[key]},
                )
            else:
                first_row[key] = row.number
                known.specialists[email] = full_name
    return list(institutions.values()), errors


def network_apply(
    *, institutions: Sequence[InstitutionRow], actor: Any = None, today: dt.date | None = None
) -> NetworkImportResult:
    """Write checked rows; call inside a transaction (`run_atomically`).

    Staffing plan: the first import plans the positions since always (`SINCE_ALWAYS`); a
    later different number starts a new plan effective today, so reports for past periods
    keep the old number. An unchanged row writes nothing.
    """
    today = today or timezone.localdate()
    result = NetworkImportResult()
    codes = [i.code for i in institutions]
    existing = {i.code: i for i in Institution.objects.filter(code__in=codes)}
    for declared in institutions:
        institution = existing.get(declared.code)
        values = {
            "name": declared.name,
            "kind": declared.kind,
            "territory_id": declared.territory_code,
        }
        if institution is None:
            institution = Institution.objects.create(code=declared.code, **values)
            audit_record(
                actor=actor,
                action="institution.created",
                obj=institution,
                after=snapshot(institution),
            )
            result.institutions_created += 1
        elif any(getattr(institution, k) != v for k, v in values.items()):
            before = snapshot(institution)
            for key, value in values.items():
                setattr(institution, key, value)
            institution.save()
            old, new = changed(before, snapshot(institution))
            audit_record(
                actor=actor, action="institution.updated", obj=institution, before=old, after=new
            )
            result.institutions_updated += 1
        result.plans_changed += _plan(institution, declared.positions, today, actor)
        _specialists(institution, declared.specialists, actor, result)
    return result


def _plan(institution: Institution, positions: int, today: dt.date, actor: Any) -> int:
    current = institution.staffing_plans.order_by("-effective_from").first()
    if current is not None and current.positions == positions:
        return 0
    before = {"positions": current.positions} if current else None
    if current is None:
        plan = StaffingPlan.objects.create(
            institution=institution, effective_from=SINCE_ALWAYS, positions=positions
        )
    else:
        plan, _created = StaffingPlan.objects.update_or_create(
            institution=institution,
            effective_from=max(today, current.effective_from),
            defaults={"positions": positions},
        )
    audit_record(
        actor=actor,
        action="staffingplan.updated",
        obj=plan,
        before=before,
        after={"positions": positions, "effective_from": plan.effective_from.isoformat()},
    )
    return 1


def _specialists(
    institution: Institution, wanted: dict[str, str], actor: Any, result: NetworkImportResult
) -> None:
    if not wanted:
        return
    posts = {s.email.lower(): s for s in institution.specialists.filter(email__in=list(wanted))}
    users = {u.email: u for u in User.objects.filter(email__in=list(wanted))}
    for email, full_name in wanted.items():
        user = users.get(email)
        if user is None:
            user = User.objects.create_user(
                email,
                full_name=full_name,
                role=Role.SPECIALIST,
                institution=institution,
                territory_id=institution.territory_id,
            )
            audit_record(actor=actor, action="user.created", obj=user, after=snapshot(user))
            result.users_created += 1
        post = posts.get(email)
        if post is None:
            post = Specialist.objects.create(
                institution=institution, email=email, full_name=full_name, user=user
            )
            audit_record(actor=actor, action="specialist.created", obj=post, after=snapshot(post))
            result.specialists_created += 1
        elif post.full_name != full_name or post.user_id is None:
            before = snapshot(post)
            post.full_name = full_name
            post.user = post.user or user
            post.save()
            old, new = changed(before, snapshot(post))
            audit_record(actor=actor, action="specialist.updated", obj=post, before=old, after=new)
            result.specialists_updated += 1
