"""Who may read reports, and over which records.

Reports count what belongs to *institutions*: an appeal belongs to the institution that
received it, an issue to that appeal's institution, a position or a specialist to their
institution. A user's report scope is therefore `Institution.visible_to(user)`: the
institutions inside the user's territory subtree plus the user's own institution.
Appeals and issues carry a copy of their institution's territory code, so the scope is a
code range on the row itself and needs no join (see `suprovid.territory.codes`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from suprovid.accounts import capabilities as caps
from suprovid.accounts.capabilities import user_can
from suprovid.accounts.scope import EVERYTHING, Scope
from suprovid.territory.codes import territory_prefix
from suprovid.territory.models import Territory


class ReportNotFound(Exception):
    """The territory does not exist or lies outside the user's scope (answered as 404)."""


def can_read_reports(user: Any) -> bool:
    """Staff who work with people's records (and administrators) read aggregate reports.

    Partners and auditors have no reports: partners see only referrals, auditors only the
    audit log.
    """
    return user_can(user, caps.REPORTS_READ)


def can_use_dashboard(user: Any) -> bool:
    """The dashboard is for coordinators and administrators."""
    return user_can(user, caps.DASHBOARD_VIEW)


@dataclass(frozen=True)
class ReportScope:
    """The rows a report may count: an optional territory subtree within the user's scope.

    `user=None` means a trusted caller (the command line run by an administrator): no
    user limit.
    """

    territory: Territory | None
    user_prefix: str | None
    user_institution_id: int | None
    unlimited: bool

    @property
    def territory_code(self) -> str | None:
        return self.territory.pk if self.territory is not None else None

    def q(self, territory_field: str, institution_field: str, *, ranged: bool = True) -> Q:
        """A filter on rows whose institution is counted.

        `territory_field` is the institution's territory code (copied on appeals and
        issues), `institution_field` the institution's id. `ranged=False` writes the
        subtree as a prefix match the planner will not drive an index scan with, for
        queries where another condition (e.g. "still open") is far more selective.
        """
        q = Q()
        if self.territory is not None:
            area = Scope(prefix=territory_prefix(self.territory.pk))
            q &= (area if ranged else area.unranged()).territory_q(territory_field)
        user_scope = self.user_scope if ranged else self.user_scope.unranged()
        if not user_scope.unlimited:
            q &= user_scope.q(territory=territory_field, institution=institution_field)
        return q

    @property
    def user_scope(self) -> Scope:
        """The reader's own scope (no "assigned to me" part: reports count institutions)."""
        if self.unlimited:
            return EVERYTHING
        return Scope(prefix=self.user_prefix, institution_id=self.user_institution_id)


def report_scope(*, territory_code: str | None, user: Any) -> ReportScope:
    """Resolve the territory against the user's scope.

    Raises `ReportNotFound` when the territory is unknown, when the user may not read
    reports, or when the territory is not inside the user's scope (an oblast coordinator
    asking for another oblast, or for an area wider than their own). Without a territory
    the report covers the whole of the user's scope.
    """
    territory = None
    if territory_code:
        territory = Territory.objects.filter(pk=territory_code).first()
        if territory is None:
            raise ReportNotFound(territory_code)
    if user is None or getattr(user, "sees_everything", False):
        return ReportScope(territory, None, None, unlimited=True)
    if not can_read_reports(user):
        raise ReportNotFound(territory_code or "")
    prefix: str | None = user.territory_prefix
    institution_id: int | None = user.institution_id
    if territory is not None and not _territory_in_scope(territory, prefix, institution_id):
        raise ReportNotFound(territory.pk)
    return ReportScope(territory, prefix, institution_id, unlimited=False)


def _territory_in_scope(
    territory: Territory, prefix: str | None, institution_id: int | None
) -> bool:
    """Inside the user's territory subtree; a wider area would publish partial figures
    under its name, so it is refused like any other area outside the scope."""
    if prefix:
        return territory.pk.startswith(prefix)
    if institution_id is None:
        return False
    # A user scoped to one institution may ask for any area that contains it.
    from suprovid.network.models import Institution

    inst_territory = (
        Institution.objects.filter(pk=institution_id).values_list("territory_id", flat=True).first()
    )
    return bool(inst_territory) and str(inst_territory).startswith(territory_prefix(territory.pk))
