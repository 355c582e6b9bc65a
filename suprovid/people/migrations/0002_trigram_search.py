"""pg_trgm and a trigram index so `search_text LIKE '%…%'` stays fast on PostgreSQL.

SQLite has no trigram index; there the normalised column is scanned, which is fine at the
scale of one community.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from suprovid.core.migration_ops import PostgresOnlySQL


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [
        TrigramExtension(),
        PostgresOnlySQL(
            "CREATE INDEX IF NOT EXISTS person_search_trgm ON people_person "
            "USING gin (search_text gin_trgm_ops);",
            "DROP INDEX IF EXISTS person_search_trgm;",
        ),
        PostgresOnlySQL(
            "CREATE INDEX IF NOT EXISTS territory_name_trgm ON territory_territory "
            "USING gin (name_norm gin_trgm_ops);",
            "DROP INDEX IF EXISTS territory_name_trgm;",
        ),
    ]
