"""The one scope value: which territory subtree, institution and own records a user reaches.

Every `visible_to(user)` in the project starts from `Scope.of(user)` and adds only its own
policy on top (a partner sees referrals, an auditor sees no persons, …). The scope itself
never looks at the role: it says *where* a user works, the capability matrix
(`suprovid.accounts.capabilities`) says *what* they may do there.

A territory subtree is a range of КАТОТТГ codes (`suprovid.territory.codes`). In the
default "ranged" mode the filter is `code >= prefix AND code < prefix + ':'`, which a plain
B-tree index drives. `Scope.unranged()` writes the same subtree as a substring match the
planner will *not* drive an index scan with; use it where another condition of the query
is far more selective (e.g. "still open" on a partial index) and the range would mislead
the planner.

    scope = Scope.of(user)
    qs.filter(scope.q(territory="territory", institution="institution", assignee="assignee"))
    scope.contains(territory_code=obj.territory_id, institution_id=obj.institution_id)
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, Value
from django.db.models.functions import Substr
from django.db.models.lookups import Exact

from suprovid.territory.codes import prefix_q

# A filter that matches no row without touching the database (Django compiles it to
# an EmptyResultSet, so `qs.filter(NOTHING_Q)` costs no query).
NOTHING_Q = Q(pk__in=[])


@dataclass(frozen=True)
class Scope:
    """Where a user works: everything, or the union of a territory subtree (code prefix),
    an institution and the records assigned to the user themself. Immutable and cheap.

    `Scope()` (all parts empty, not unlimited) reaches nothing.
    """

    unlimited: bool = False
    prefix: str | None = None
    institution_id: int | None = None
    user_id: int | None = None
    ranged: bool = True

    # --- construction -------------------------------------------------------------------

    @classmethod
    def of(cls, user: Any) -> Scope:
        """The scope of `user`: nothing for anonymous or inactive users, everything for
        administrators, else their territory subtree + institution + own id."""
        if user is None or not getattr(user, "is_authenticated", False):
            return NOTHING
        if not getattr(user, "is_active", False):
            return NOTHING
        if getattr(user, "sees_everything", False):
            return EVERYTHING
        return cls(
            prefix=user.territory_prefix or None,
            institution_id=user.institution_id,
            user_id=user.pk,
        )

    def unranged(self) -> Scope:
        """The same scope, territory written as a substring match (see the module doc)."""
        return dataclasses.replace(self, ranged=False)

    def without_user(self) -> Scope:
        """The same scope without the "assigned to me" part (for records with no assignee)."""
        return dataclasses.replace(self, user_id=None)

    # --- reading ------------------------------------------------------------------------

    @property
    def is_nothing(self) -> bool:
        return not self.unlimited and not (
            self.prefix or self.institution_id is not None or self.user_id is not None
        )

    def q(
        self,
        *,
        territory: str | None = None,
        institution: str | None = None,
        assignee: str | None = None,
    ) -> Q:
        """Rows inside the scope, given the names of the row's fields.

        `territory`: a territory code field (or FK to Territory, whose pk is the code);
        `institution`: an FK to Institution (or its `_id`); `assignee`: an FK to the user.
        A part of the scope whose field is not given does not count; unlimited is `Q()`.
        """
        if self.unlimited:
            return Q()
        q = NOTHING_Q
        if territory is not None and self.prefix:
            q |= self.territory_q(territory)
        if institution is not None and self.institution_id is not None:
            q |= Q(**{institution: self.institution_id})
        if assignee is not None and self.user_id is not None:
            q |= Q(**{assignee: self.user_id})
        return q

    def territory_q(self, field: str) -> Q:
        """Rows whose territory code in `field` lies in the scope's subtree (only the
        territory part; unlimited is `Q()`, no prefix is nothing)."""
        if self.unlimited:
            return Q()
        if not self.prefix:
            return NOTHING_Q
        if self.ranged:
            return prefix_q(field, self.prefix)
        return startswith_q(field, self.prefix)

    def contains(
        self,
        *,
        territory_code: str | None = None,
        institution_id: int | None = None,
        assignee_id: int | None = None,
    ) -> bool:
        """The same test as `q()`, in Python, for one object already loaded (e.g. to
        confirm after a write that the record is still in the actor's scope)."""
        if self.unlimited:
            return True
        if self.prefix and territory_code and str(territory_code).startswith(self.prefix):
            return True
        if self.institution_id is not None and institution_id == self.institution_id:
            return True
        return self.user_id is not None and assignee_id == self.user_id

    def contains_territory(self, code: str) -> bool:
        """The whole subtree of `code` lies inside the scope's territory."""
        from suprovid.territory.codes import territory_prefix

        if self.unlimited:
            return True
        return bool(self.prefix) and territory_prefix(code).startswith(self.prefix or "")


EVERYTHING = Scope(unlimited=True)
NOTHING = Scope()


def startswith_q(field: str, prefix: str) -> Q:
    """`field` starts with `prefix`, written so the planner does not use a range scan."""
    column = field if field.endswith("_id") else f"{field}_id"  # the code column itself
    return Q(Exact(Substr(column, 1, len(prefix)), Value(prefix)))
