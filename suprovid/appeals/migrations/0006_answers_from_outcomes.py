"""Existing appeals get their registration index and type; recorded outcomes become answers.

Nothing is lost: an issue closed with a resolution text (the answer as it was recorded)
gets an answer `Letter` dated its closing day, marked `migrated`; the issue keeps its
outcome and text. Numbers of migrated answers carry "М" (they were never in a register).
"""

from django.db import migrations

CHANNEL_MEDIUM = {
    "in_person": "oral",
    "phone": "oral",
    "outreach": "oral",
    "online": "electronic",
    "email": "electronic",
}


def forwards(apps, schema_editor):
    Appeal = apps.get_model("appeals", "Appeal")
    Issue = apps.get_model("appeals", "Issue")
    Letter = apps.get_model("appeals", "Letter")
    for appeal in Appeal.objects.select_related("applicant").iterator():
        if appeal.form == "collective":
            prefix = "КО"
        elif appeal.applicant_id is None:
            prefix = "БП"
        else:
            prefix = (appeal.applicant.last_name.strip()[:1] or "?").upper()
        appeal.registration_index = f"{prefix}-{appeal.sequence}"
        appeal.medium = CHANNEL_MEDIUM.get(appeal.channel, "letter")
        appeal.save(update_fields=["registration_index", "medium"])
    closed = (
        Issue.objects.filter(status="closed", closed_on__isnull=False)
        .exclude(resolution="")
        .select_related("appeal", "institution")
    )
    letters = [
        Letter(
            appeal_id=issue.appeal_id,
            issue_id=issue.pk,
            kind="answer",
            number=f"{issue.institution.code}/{issue.closed_on.year}/В-М{issue.pk}",
            sent_on=issue.closed_on,
            channel="letter",
            signatory="—",
            body=issue.resolution,
            migrated=True,
        )
        for issue in closed.iterator()
        if not Letter.objects.filter(issue_id=issue.pk, kind="answer").exists()
    ]
    Letter.objects.bulk_create(letters, batch_size=1000)


def backwards(apps, schema_editor):
    apps.get_model("appeals", "Letter").objects.filter(migrated=True).delete()


class Migration(migrations.Migration):
    dependencies = [("appeals", "0005_answers_notices_reception_head")]

    operations = [migrations.RunPython(forwards, backwards)]
