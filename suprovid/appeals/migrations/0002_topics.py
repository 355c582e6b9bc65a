from django.db import migrations


def load_topics(apps, schema_editor):
    from suprovid.appeals.topics import FIRST_LEVEL, SECOND_LEVEL

    Topic = apps.get_model("appeals", "Topic")
    for position, (code, uk, en) in enumerate(FIRST_LEVEL, start=1):
        Topic.objects.update_or_create(
            code=code, defaults={"name_uk": uk, "name_en": en, "position": position * 10}
        )
    for position, (code, uk, en) in enumerate(SECOND_LEVEL, start=1):
        parent = code.split(".", 1)[0]
        Topic.objects.update_or_create(
            code=code,
            defaults={"name_uk": uk, "name_en": en, "parent_id": parent, "position": position},
        )


class Migration(migrations.Migration):
    dependencies = [("appeals", "0001_initial")]

    operations = [migrations.RunPython(load_topics, migrations.RunPython.noop)]
