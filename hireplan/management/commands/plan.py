"""Prints an engagement's hiring plan as JSON: python manage.py plan <engagement id>."""

from django.core.management.base import BaseCommand, CommandError

from hireplan.models import Engagement
from hireplan.plans import plan_for


class Command(BaseCommand):
    help = "Print the computed hiring plan of one engagement as JSON."

    def add_arguments(self, parser) -> None:
        parser.add_argument("engagement_id", type=int)

    def handle(self, *args, engagement_id: int, **options) -> None:
        try:
            engagement = Engagement.objects.get(pk=engagement_id)
        except Engagement.DoesNotExist:
            raise CommandError(f"No engagement with id {engagement_id}.") from None
        self.stdout.write(plan_for(engagement).model_dump_json(indent=2))
