"""DRF permission classes reading the one capability matrix (`accounts.capabilities`)."""

from __future__ import annotations

from typing import Any, ClassVar

from rest_framework import exceptions, permissions
from rest_framework.request import Request
from rest_framework.views import APIView

from suprovid.accounts.capabilities import user_can


class HasCapability(permissions.BasePermission):
    """Reads need `read_capability`, writes `write_capability` (both on the subclass, or
    as `read_capability` / `write_capability` attributes of the view).

    Row scope stays in `visible_to`: objects outside it are 404 from `get_object()`.
    """

    read_capability: ClassVar[str] = ""
    write_capability: ClassVar[str] = ""

    def has_permission(self, request: Request, view: APIView) -> bool:
        safe = request.method in permissions.SAFE_METHODS
        name = "read_capability" if safe else "write_capability"
        capability: str = getattr(view, name, "") or getattr(self, name, "")
        if not capability:
            return False  # a view that forgot to say is closed, not open
        if user_can(request.user, capability):
            return True
        lookup = getattr(view, "lookup_url_kwarg", None) or getattr(view, "lookup_field", "pk")
        if lookup in getattr(view, "kwargs", {}):
            # An address naming one record: 404, as for a record outside the scope, so a
            # role that never sees this kind cannot learn which ids exist.
            raise exceptions.NotFound
        return False


def capability_permission(read: str, write: str | None = None) -> type[HasCapability]:
    """A permission class for one pair: `permission_classes = [capability_permission(
    "people.view", "people.edit")]`."""
    attrs: dict[str, Any] = {"read_capability": read, "write_capability": write or read}
    return type(f"Can_{read.replace('.', '_')}", (HasCapability,), attrs)
