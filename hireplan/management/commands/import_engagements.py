"""python manage.py import_engagements FILE: all plans in the file, or none."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from pydantic import ValidationError

from hireplan.transfer import import_document, parse, problems


class Command(BaseCommand):
    help = "Import engagements exported by export_engagements. Validates the whole file first."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options) -> None:
        try:
            text = file.read_text()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from None
        try:
            document = parse(text)
        except ValidationError as exc:
            found = problems(exc)
            listing = "\n".join(f"  {line}" for line in found)
            raise CommandError(
                f"{file} was not imported: {len(found)} problem(s), nothing changed.\n{listing}"
            ) from None
        imported = import_document(document)
        self.stdout.write(self.style.SUCCESS(f"Imported {len(imported)} plans from {file}."))
