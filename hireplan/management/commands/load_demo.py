"""Loads the demo companies, accounts and plans from fixtures/demo.json. Safe to run again."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from hireplan.change_requests import create_requests
from hireplan.models import Comment, Engagement, FirmBrand, Membership, Organization, User
from hireplan.plans import summary_columns
from hireplan.steps import get_step

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo.json"


def complete_answers(row: dict) -> dict:
    """The row's answers, validated by each step's schema (so demo data never drifts from the
    forms), with the steps the row lists under "drafted" written by the steps themselves (the
    guide's loop for the level, a JD drafted from the answers)."""
    answers = {
        slug: get_step(slug).schema.model_validate(data).model_dump(mode="json")
        for slug, data in row["answers"].items()
    }
    for slug in row.get("drafted", []):
        step = get_step(slug)
        drafted = {**answers.get(slug, {}), **step.draft(answers)}
        answers[slug] = step.schema.model_validate(drafted).model_dump(mode="json")
    return answers


class Command(BaseCommand):
    help = "Create or refresh the demo companies, accounts and hiring plans (demo-only passwords)."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        demo = json.loads(DEMO_FILE.read_text())
        orgs = {
            row["slug"]: Organization.objects.update_or_create(
                slug=row["slug"], defaults={"name": row["name"]}
            )[0]
            for row in demo["organizations"]
        }
        # The staffing firm that runs the demo (hireplan/branding.py): set once, like the admin.
        if "firm" in demo and not FirmBrand.objects.exists():
            FirmBrand.objects.create(**demo["firm"])
        users = {}
        for row in demo["users"]:
            user, _ = User.objects.update_or_create(
                username=row["email"],
                defaults={
                    "email": row["email"],
                    "first_name": row["first_name"],
                    "last_name": row["last_name"],
                    "is_staff": row.get("superuser", False),
                    "is_superuser": row.get("superuser", False),
                },
            )
            user.set_password(demo["password"])
            user.save(update_fields=["password"])
            for membership in row["memberships"]:
                Membership.objects.update_or_create(
                    user=user,
                    organization=orgs[membership["organization"]],
                    defaults={"role": membership["role"]},
                )
            users[row["email"]] = user
        for row in demo["engagements"]:
            answers = complete_answers(row)
            engagement, _ = Engagement.objects.update_or_create(
                organization=orgs[row["organization"]],
                title=answers["context"]["role_title"],
                defaults={
                    "owner": users[row["owner"]],
                    "recruiter": users.get(row["recruiter"]) if row["recruiter"] else None,
                    "status": row["status"],
                    "current_step": row["current_step"],
                    "answers": answers,
                    "saved_at_version": dict.fromkeys(answers, 1),
                    **summary_columns(answers),
                },
            )
            engagement.comments.all().delete()
            for comment in row.get("comments", []):
                written = Comment.objects.create(
                    engagement=engagement,
                    author=users[comment["author"]],
                    body=comment["body"],
                    step=comment.get("step", ""),
                )
                # A request for changes that points at steps (hireplan/change_requests.py).
                create_requests(written, comment.get("steps", []))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(orgs)} companies, {len(users)} accounts, "
                f"{len(demo['engagements'])} plans. Password for every demo account: "
                f"{demo['password']} (demo only)."
            )
        )
