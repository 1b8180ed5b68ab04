"""Stored current grants in the statement's shape (schedule, vesting start, optional vested
figure) instead of the old cliff date and required vested figure. hireplan/legacy.py holds
the conversion, which imports of older export files use too. Migrating back leaves the new
shape in place: the old one cannot hold a quarterly or yearly schedule."""

from django.db import migrations
from django.utils import timezone

from hireplan.legacy import upgrade_answers


def upgrade_grants(apps, schema_editor) -> None:
    Engagement = apps.get_model("hireplan", "Engagement")
    today = timezone.localdate()
    for pk, answers in Engagement.objects.values_list("pk", "answers").iterator():
        upgraded = upgrade_answers(answers, today=today)
        if upgraded != answers:
            # update(), not save(): the plan's "last changed" time stays what it was.
            Engagement.objects.filter(pk=pk).update(answers=upgraded)


class Migration(migrations.Migration):
    dependencies = [
        ("hireplan", "0004_dashboard_order_index"),
    ]

    operations = [
        migrations.RunPython(upgrade_grants, migrations.RunPython.noop, elidable=False),
    ]
