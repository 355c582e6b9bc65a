"""Backfill the scope of existing audit entries from the records they mention.

Entries whose record is gone or lies in no territory follow where their actor works; entries by "system" about nothing stay unscoped (only
administrators read them).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import connection as db_connection
from django.db import migrations

_CHUNK = 500


def _scopes(apps: Any) -> dict[str, Any]:
    """object_type -> function(ids) -> {id: (territory, institution)}."""

    def direct(label: str, territory: str, institution: str | None) -> Any:
        def read(ids: list[int]) -> dict[int, tuple[str, int | None]]:
            model = apps.get_model(label)
            fields = ["pk", territory] + ([institution] if institution else [])
            out = {}
            for row in model.objects.filter(pk__in=ids).values_list(*fields):
                out[row[0]] = (row[1] or "", row[2] if institution else None)
            return out

        return read

    def institution_itself(ids: list[int]) -> dict[int, tuple[str, int | None]]:
        model = apps.get_model("network.Institution")
        return {pk: (t or "", pk) for pk, t in model.objects.filter(pk__in=ids).values_list("pk", "territory_id")}

    return {
        "people.person": direct("people.Person", "territory_id", "institution_id"),
        "appeals.appeal": direct("appeals.Appeal", "territory_id", "institution_id"),
        "appeals.issue": direct("appeals.Issue", "territory_id", "institution_id"),
        "appeals.referral": direct("appeals.Referral", "issue__territory_id", "issue__institution_id"),
        "cases.supportcase": direct("cases.SupportCase", "institution__territory_id", "institution_id"),
        "network.institution": institution_itself,
        "network.specialist": direct("network.Specialist", "institution__territory_id", "institution_id"),
        "accounts.user": direct("accounts.User", "territory_id", "institution_id"),
        "programmes.direction": direct("programmes.Direction", "territory_id", "institution_id"),
        "programmes.service": direct("programmes.Service", "direction__territory_id", "direction__institution_id"),
    }


def backfill(apps: Any, schema_editor: Any) -> None:
    """Fill the two new columns. On PostgreSQL the log refuses UPDATE (append-only
    trigger, core 0002); this one-time fill of derived columns, which changes nothing an
    entry recorded, lifts the trigger for its own transaction only."""
    connection = schema_editor.connection if schema_editor is not None else db_connection
    guarded = connection.vendor == "postgresql"
    if guarded:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_append_only")
    try:
        _fill(apps)
    finally:
        if guarded:
            with connection.cursor() as cursor:
                cursor.execute(
                    "ALTER TABLE core_auditentry ENABLE TRIGGER core_auditentry_append_only"
                )


def _fill(apps: Any) -> None:
    AuditEntry = apps.get_model("core", "AuditEntry")
    User = apps.get_model("accounts", "User")
    readers = _scopes(apps)
    entries = AuditEntry.objects.filter(scope_territory="", scope_institution__isnull=True)
    for object_type, read in readers.items():
        ids = [
            int(i)
            for i in entries.filter(object_type=object_type)
            .values_list("object_id", flat=True)
            .distinct()
            if str(i).isdigit()
        ]
        for start in range(0, len(ids), _CHUNK):
            groups: dict[tuple[str, int | None], list[str]] = defaultdict(list)
            for pk, scope in read(ids[start : start + _CHUNK]).items():
                groups[scope].append(str(pk))
            for (territory, institution), pks in groups.items():
                entries.filter(object_type=object_type, object_id__in=pks).update(
                    scope_territory=territory, scope_institution=institution
                )
    # What is left is about no record in any territory: it follows where the actor works.
    Institution = apps.get_model("network", "Institution")
    lends = dict(Institution.objects.values_list("pk", "territory_id"))
    for pk, territory, institution in User.objects.values_list(
        "pk", "territory_id", "institution_id"
    ):
        territory = territory or lends.get(institution) or ""
        if territory or institution is not None:
            entries.filter(actor_id=pk).update(
                scope_territory=territory, scope_institution=institution
            )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_audit_entry_scope"),
        ("people", "0002_trigram_search"),
        ("appeals", "0004_report_indexes"),
        ("cases", "0003_one_open_case_per_person"),
        ("network", "0001_initial"),
        ("accounts", "0004_user_is_head"),
        ("programmes", "0002_catalogue_version"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
