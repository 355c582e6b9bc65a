"""A GiST index on the span (due_on, closed_on) of closed issues, PostgreSQL only.

"Overdue at day R and closed only later" is `due_on < R < closed_on`: a point inside an
interval (empty, `greatest`, for an issue closed before its deadline). Neither column
alone narrows it (for a past year's end R, every issue closed since is `closed_on > R`:
5 M rows at national size, 3.3 s to count); a range index answers it directly
(docs/performance.md, "Reports"). SQLite has no such index; its reports are small.
"""

from django.db import migrations

INDEX = "issue_overdue_span_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON appeals_issue USING gist "
            "(daterange(due_on, greatest(due_on, closed_on), '()')) WHERE closed_on IS NOT NULL"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("appeals", "0010_topic_in_its_own_app")]

    operations = [migrations.RunPython(create, drop)]
