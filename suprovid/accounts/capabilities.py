"""What each role may do: ONE table, read by navigation, the start page, view guards and
API permission classes alike, so no menu shows a page that then refuses.

*Where* a user may do it is the scope (`suprovid.accounts.scope.Scope`), applied by every
`visible_to(user)`; this module only answers *what*.

    from suprovid.accounts.capabilities import user_can, require_capability
    if user_can(request.user, "people.edit"): ...

    @require_capability("dashboard.view", not_found=True)
    def dashboard(request): ...

Answers (docs/development.md, "Who sees what"):
- an object outside the user's scope, or of a kind the role never sees: **404**;
- a page or an action the role may not use, on something it may look at: **403**.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from .models import Role

# --- the capabilities --------------------------------------------------------------------

PEOPLE_VIEW = "people.view"  # people list, search, person card
PEOPLE_EDIT = "people.edit"  # register, edit, statuses, family links, consents
PEOPLE_MERGE = "people.merge"  # merge two records of one person
# Law 2297-VI art. 8: the report of everything held on a person, incl. who viewed the record
PEOPLE_SUBJECT_ACCESS = "people.subject_access"
APPEALS_VIEW = "appeals.view"  # appeal and issue pages, attachments
APPEALS_REGISTER = "appeals.register"  # register a new appeal
ISSUES_WORK = "issues.work"  # take, close, reopen, extend, activities, referrals out
ISSUES_REASSIGN = "issues.reassign"  # give anybody's issues to another specialist
APPEALS_DECIDE_AS_HEAD = "appeals.decide_as_head"  # Law 393/96 art. 20, 15: head's decisions
REFERRALS_VIEW = "referrals.view"  # referrals sent by the user's scope
REFERRALS_INBOX = "referrals.inbox"  # referrals received by the user's institution
REFERRALS_ANSWER = "referrals.answer"  # accept / decline / report (own institution only)
CASES_VIEW = "cases.view"
CASES_EDIT = "cases.edit"
CASES_CASELOAD = "cases.caseload"  # the caseload table of a territory
PROGRAMMES_VIEW = "programmes.view"
PROGRAMMES_MANAGE = "programmes.manage"  # directions, services, waves, budgets, events
DELIVERIES_RECORD = "deliveries.record"  # deliveries, check-ins, registrations, enrolments
NETWORK_VIEW = "network.view"
REPORTS_READ = "reports.read"  # aggregate reports (API, command line)
DASHBOARD_VIEW = "dashboard.view"  # the dashboard and its drill-down lists and exports
AUDIT_READ = "audit.read"
ADMIN = "admin"  # user management, the admin site

# Roles that handle appeals, issues and cases.
_CASEWORK = {
    PEOPLE_VIEW,
    PEOPLE_EDIT,
    APPEALS_VIEW,
    APPEALS_REGISTER,
    ISSUES_WORK,
    REFERRALS_VIEW,
    CASES_VIEW,
    CASES_EDIT,
    PROGRAMMES_VIEW,
    DELIVERIES_RECORD,
    NETWORK_VIEW,
    REPORTS_READ,
}

MATRIX: dict[str, frozenset[str]] = {
    Role.SPECIALIST: frozenset(_CASEWORK | {REFERRALS_ANSWER}),
    Role.INTAKE: frozenset(_CASEWORK),
    Role.COORDINATOR: frozenset(
        _CASEWORK
        | {ISSUES_REASSIGN, PEOPLE_MERGE, PEOPLE_SUBJECT_ACCESS, CASES_CASELOAD, DASHBOARD_VIEW}
    ),
    Role.PROGRAMME_MANAGER: frozenset(
        {
            PEOPLE_VIEW,
            PROGRAMMES_VIEW,
            PROGRAMMES_MANAGE,
            DELIVERIES_RECORD,
            NETWORK_VIEW,
            REPORTS_READ,
        }
    ),
    Role.PARTNER: frozenset({REFERRALS_INBOX, REFERRALS_ANSWER, NETWORK_VIEW}),
    Role.AUDITOR: frozenset({AUDIT_READ, NETWORK_VIEW}),
    Role.ADMIN: frozenset(
        _CASEWORK
        | {
            PEOPLE_MERGE,
            PEOPLE_SUBJECT_ACCESS,
            ISSUES_REASSIGN,
            REFERRALS_INBOX,
            REFERRALS_ANSWER,
            CASES_CASELOAD,
            PROGRAMMES_MANAGE,
            DASHBOARD_VIEW,
            AUDIT_READ,
            APPEALS_DECIDE_AS_HEAD,  # administrators stand in for an absent head
            ADMIN,
        }
    ),
}

# Capabilities a user holds through a personal flag rather than their role, and the roles
# that may hold them that way: `User.is_head` (head or deputy head of their institution,
# who extends deadlines and decides under Law 393/96) on a casework account.
FLAG_CAPABILITIES: dict[str, tuple[str, frozenset[str]]] = {
    APPEALS_DECIDE_AS_HEAD: (
        "is_head",
        frozenset({Role.SPECIALIST, Role.INTAKE, Role.COORDINATOR, Role.ADMIN}),
    ),
}

ALL_CAPABILITIES: frozenset[str] = frozenset().union(*MATRIX.values()) | frozenset(
    FLAG_CAPABILITIES
)


def capabilities_of(user: Any) -> frozenset[str]:
    """Everything `user` may do; nothing for anonymous or inactive users."""
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    if not getattr(user, "is_active", False):
        return frozenset()
    role = Role.ADMIN if getattr(user, "is_superuser", False) else getattr(user, "role", "")
    caps = set(MATRIX.get(role, frozenset()))
    for cap, (flag, roles) in FLAG_CAPABILITIES.items():
        if role in roles and getattr(user, flag, False):
            caps.add(cap)
    return frozenset(caps)


def user_can(user: Any, capability: str) -> bool:
    """Whether `user`'s role (or personal flag) grants `capability` (a name from this
    module). An unknown name is a programming error, not a silent "no"."""
    if capability not in ALL_CAPABILITIES:
        raise ValueError(f"Unknown capability {capability!r}")
    return capability in capabilities_of(user)


def check(user: Any, capability: str, *, not_found: bool = False) -> None:
    """Raise 403 (or 404 with `not_found`) unless `user` holds `capability`."""
    if not user_can(user, capability):
        if not_found:
            raise Http404
        raise PermissionDenied


F = TypeVar("F", bound=Callable[..., Any])


def require_capability(capability: str, *, not_found: bool = False) -> Callable[[F], F]:
    """View decorator: 403 when the role lacks `capability` (404 with `not_found`, for
    sections whose very existence is not the user's business, e.g. the audit log)."""
    if capability not in ALL_CAPABILITIES:
        raise ValueError(f"Unknown capability {capability!r}")

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            check(request.user, capability, not_found=not_found)
            return view(request, *args, **kwargs)

        wrapped.capability = capability  # type: ignore[attr-defined]
        return cast(F, wrapped)

    return decorator


class CapabilityRequiredMixin:
    """Class-based view guard: set `capability` (and optionally `capability_not_found`)."""

    capability: str = ""
    capability_not_found: bool = False

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        check(request.user, self.capability, not_found=self.capability_not_found)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
