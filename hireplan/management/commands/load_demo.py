"""Loads the demo companies, accounts and plans from fixtures/demo.json. Safe to run again."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from hireplan.models import Engagement, Membership, Organization, User
from hireplan.steps import STEPS_BY_SLUG

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo.json"


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
            # Validate through each step's schema so demo data can never drift from the forms.
            answers = {
                slug: STEPS_BY_SLUG[slug].schema.model_validate(data).model_dump(mode="json")
                for slug, data in row["answers"].items()
            }
            Engagement.objects.update_or_create(
                organization=orgs[row["organization"]],
                title=answers["context"]["role_title"],
                defaults={
                    "owner": users[row["owner"]],
                    "recruiter": users.get(row["recruiter"]) if row["recruiter"] else None,
                    "status": row["status"],
                    "current_step": row["current_step"],
                    "answers": answers,
                    "saved_at_version": dict.fromkeys(answers, 1),
                },
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(orgs)} companies, {len(users)} accounts, "
                f"{len(demo['engagements'])} plans. Password for every demo account: "
                f"{demo['password']} (demo only)."
            )
        )
