from django.db import migrations


def load_topics(apps, schema_editor):
    from suprovid.topics.defaults import ensure_topics

    ensure_topics(apps.get_model("appeals", "Topic"))


class Migration(migrations.Migration):
    dependencies = [("appeals", "0001_initial")]

    operations = [migrations.RunPython(load_topics, migrations.RunPython.noop)]
