"""python manage.py render_brief <id> --out FILE [--html] [--paper a4]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hireplan.brief import render_html, render_pdf
from hireplan.models import Brief, Engagement


class Command(BaseCommand):
    help = "Write an engagement's hiring brief as PDF (or, with --html, the HTML behind it)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("engagement_id", type=int)
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument("--html", action="store_true", help="write the HTML, for layout work")
        parser.add_argument("--paper", choices=Brief.Paper.values, default=Brief.Paper.LETTER)

    def handle(self, *args, engagement_id: int, out: Path, html: bool, paper: str, **options):
        try:
            engagement = Engagement.objects.select_related("organization", "owner").get(
                pk=engagement_id
            )
        except Engagement.DoesNotExist:
            raise CommandError(f"No engagement with id {engagement_id}.") from None
        document = render_html(engagement, paper)
        if html:
            out.write_text(document, encoding="utf-8")
            self.stderr.write(f"Wrote the brief's HTML to {out}.")
            return
        pdf, pages = render_pdf(document)
        out.write_bytes(pdf)
        self.stderr.write(f"Wrote a {pages}-page brief to {out}.")
