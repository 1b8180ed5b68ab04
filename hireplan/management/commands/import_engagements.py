"""python manage.py import_engagements FILE [--add-members] [--dry-run]: all plans, or none.

Refused, with a message and nothing changed: a file that is not UTF-8, not JSON or not the
format (every problem with its path: integers beyond 2147483647, a NUL anywhere, a title with
a line break or direction override...), and a plan whose owner or recruiter is not a member of
its company, unless --add-members says to add them. What it adds is always listed first.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from pydantic import ValidationError

from hireplan.transfer import ImportRefused, TransferError, decode, import_document, parse, problems


class Command(BaseCommand):
    help = (
        "Import engagements exported by export_engagements. Validates the whole file first; "
        "adds no company, person or membership unless --add-members is given."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--add-members",
            action="store_true",
            help="add the companies, people and memberships the plans need (owner: hiring "
            "manager, recruiter: recruiter), each listed as 'Will add: ...'",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check the file and list what would be added, then change nothing",
        )

    def handle(self, *args, file: Path, add_members: bool, dry_run: bool, **options) -> None:
        try:
            raw = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}.") from None
        try:
            document = parse(decode(raw))
        except TransferError as exc:
            raise CommandError(f"{file} was not imported: {exc}. Nothing changed.") from None
        except ValidationError as exc:
            raise CommandError(self._invalid(file, exc)) from None
        try:
            imported = import_document(
                document, add_members=add_members, announce=self.stdout.write, dry_run=dry_run
            )
        except ImportRefused as exc:
            listing = "\n".join(f"  {line}" for line in exc.lines)
            adding = "\n".join(f"  {line}" for line in exc.additions)
            raise CommandError(
                f"{file} was not imported: {len(exc.lines)} person(s) it names are not members "
                f"(or have no account) here; nothing changed.\n{listing}\n"
                "Add them first, or run again with --add-members to add, as listed:"
                f"\n{adding}"
            ) from None
        if dry_run:
            self.stdout.write(
                f"Dry run: {len(imported)} plans from {file} would be imported; nothing changed."
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {len(imported)} plans from {file}."))

    @staticmethod
    def _invalid(file: Path, exc: ValidationError) -> str:
        errors = exc.errors()
        if len(errors) == 1 and errors[0]["type"] == "json_invalid":
            reason = errors[0]["msg"].removeprefix("Invalid JSON: ")
            return f"{file} was not imported: it is not valid JSON ({reason}). Nothing changed."
        found = problems(exc)
        listing = "\n".join(f"  {line}" for line in found)
        return f"{file} was not imported: {len(found)} problem(s), nothing changed.\n{listing}"
