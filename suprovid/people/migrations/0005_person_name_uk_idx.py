"""The people list's Ukrainian alphabetical order, straight from an index on PostgreSQL.

Lists order persons by `last_name COLLATE "uk-x-icu"`, … (core/collation.py); the plain
`person_name_idx` is in the database's default collation, which that ORDER BY cannot use,
so every visible person was sorted before the first page (2.6 s for an oblast at 400 k
persons). This index has the same expressions, for active records only, so the first page
is read in order and each candidate checked against `PersonReach` (docs/performance.md).
SQLite orders with a collation registered per connection and gets no such index.

`person_active_id_idx` (both engines): the ids of active records, so that counting the
persons visible to a user merges two indexes without reading table rows.
"""

from django.db import migrations, models

from suprovid.core.migration_ops import PostgresOnlySQL


class Migration(migrations.Migration):
    dependencies = [("people", "0004_person_reach")]

    operations = [
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                condition=models.Q(("merged_into__isnull", True)),
                fields=["id"],
                name="person_active_id_idx",
            ),
        ),
        PostgresOnlySQL(
            "CREATE INDEX IF NOT EXISTS person_name_uk_idx ON people_person "
            '(last_name COLLATE "uk-x-icu", first_name COLLATE "uk-x-icu", '
            'patronymic COLLATE "uk-x-icu", id) WHERE merged_into_id IS NULL;',
            "DROP INDEX IF EXISTS person_name_uk_idx;",
        ),
    ]
