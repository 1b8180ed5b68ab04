"""python manage.py export_engagements [--organization SLUG] [--out FILE]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hireplan.models import Engagement, Organization
from hireplan.transfer import export_document


class Command(BaseCommand):
    help = "Write engagements as JSON (format hireplan.engagements, version 1; docs/transfer.md)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--organization", help="only this company's plans (its slug)")
        parser.add_argument("--out", type=Path, help="write to this file instead of stdout")

    def handle(self, *args, organization: str | None, out: Path | None, **options) -> None:
        engagements = Engagement.objects.all()
        if organization:
            if not Organization.objects.filter(slug=organization).exists():
                raise CommandError(f"No company with the slug {organization!r}.")
            engagements = engagements.filter(organization__slug=organization)
        text = export_document(engagements).model_dump_json(indent=2)
        if out:
            out.write_text(text + "\n", encoding="utf-8")  # what the import reads
            self.stderr.write(f"Wrote {engagements.count()} plans to {out}.")
        else:
            self.stdout.write(text)
