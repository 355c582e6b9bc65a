"""The mark on Latin-spelt skeletons in `search_text` is now `qx` instead of `~`
(people/names.py, LATIN_MARK): recompute the column of the records that carry one."""

from typing import Any

from django.db import migrations

_BATCH = 1000


def remark(apps: Any, schema_editor: Any) -> None:
    from suprovid.people.names import build_search_text

    Person = apps.get_model("people", "Person")
    marked = Person.objects.filter(search_text__contains="~").order_by("pk")
    batch = []
    for person in marked.iterator(chunk_size=_BATCH):
        person.search_text = build_search_text(
            last_name=person.last_name,
            first_name=person.first_name,
            patronymic=person.patronymic,
            rnokpp=person.rnokpp,
            passport=person.passport,
            phone=person.phone,
        )
        batch.append(person)
        if len(batch) == _BATCH:
            Person.objects.bulk_update(batch, ["search_text"])
            batch = []
    Person.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("people", "0007_person_reach_tokens")]

    operations = [migrations.RunPython(remark, migrations.RunPython.noop, elidable=True)]
