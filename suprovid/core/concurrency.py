"""Optimistic locking for versioned models: a stale save is refused, never silently applied."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class StaleObjectError(Exception):
    """Someone else saved the record after it was read; the caller must reload and retry."""

    message = _(
        "This record was changed by someone else while you were editing it. "
        "Your changes were not saved: reload the page to see the current version."
    )


def save_versioned(obj: Any, *, expected_version: int | None, fields: list[str]) -> None:
    """Save `fields` of `obj` only if the stored version is still `expected_version`.

    `expected_version=None` means the caller has no version to compare (e.g. a system job)
    and the save goes through, still bumping the version.
    """
    model: type[models.Model] = type(obj)
    concrete = {f.name: f.attname for f in model._meta.concrete_fields}
    values = {concrete[name]: getattr(obj, concrete[name]) for name in fields}
    qs = model._default_manager.filter(pk=obj.pk)
    if expected_version is not None:
        qs = qs.filter(version=expected_version)
    if "updated_at" in {f.name for f in model._meta.concrete_fields}:
        from django.utils import timezone

        values["updated_at"] = timezone.now()
        obj.updated_at = values["updated_at"]
    updated = qs.update(version=F("version") + 1, **values)
    if not updated:
        raise StaleObjectError(str(StaleObjectError.message))
    obj.version = (expected_version if expected_version is not None else obj.version) + 1
    if expected_version is None:
        obj.refresh_from_db(fields=["version"])
