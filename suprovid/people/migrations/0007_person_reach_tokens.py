"""Where a person is reached, as words on the person's own row (people/reach.py, "Tokens").

On PostgreSQL a GIN index of `string_to_array(reach_tokens, ' ')` makes "visible to me" an
index condition on the person table, which the planner ANDs with the trigram index of a
name search (docs/performance.md). SQLite keeps the column (the test suite checks it on
both engines) and reads visibility through the `PersonReach` semi-join.
"""

from typing import Any

from django.db import migrations, models

from suprovid.core.migration_ops import PostgresOnlySQL


def fill_tokens(apps: Any, schema_editor: Any) -> None:
    from suprovid.people.reach import rebuild_tokens

    rebuild_tokens()


class Migration(migrations.Migration):
    dependencies = [("people", "0006_health_ground_anonymised")]

    operations = [
        migrations.AddField(
            model_name="person",
            name="reach_tokens",
            field=models.TextField(db_default="", default="", editable=False),
        ),
        migrations.RunPython(fill_tokens, migrations.RunPython.noop, elidable=True),
        PostgresOnlySQL(
            "CREATE INDEX IF NOT EXISTS person_reach_tokens_idx ON people_person "
            "USING gin (string_to_array(reach_tokens, ' '));",
            "DROP INDEX IF EXISTS person_reach_tokens_idx;",
        ),
    ]
