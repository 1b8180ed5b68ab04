"""Titles stored before they refused line breaks, control codes, direction overrides and
invisible-only text, cleaned so that every plan still opens (hireplan/legacy.py says how).
Migrating back leaves the cleaned titles: the old ones were never wanted."""

from django.db import migrations

from hireplan.legacy import upgrade_titles


def clean_titles(apps, schema_editor) -> None:
    Engagement = apps.get_model("hireplan", "Engagement")
    rows = Engagement.objects.values_list("pk", "title", "answers")
    for pk, title, answers in rows.iterator():
        new_title, new_answers = upgrade_titles(title, answers)
        if (new_title, new_answers) != (title, answers):
            # update(), not save(): the plan's "last changed" time stays what it was.
            Engagement.objects.filter(pk=pk).update(title=new_title, answers=new_answers)


class Migration(migrations.Migration):
    dependencies = [
        ("hireplan", "0006_password_reset_requests"),
    ]

    operations = [
        migrations.RunPython(clean_titles, migrations.RunPython.noop, elidable=False),
    ]
