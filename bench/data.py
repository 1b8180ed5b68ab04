"""The bench's database: the demo data, one complete draft plan to edit, and two recruiters'
dashboards (one company with `small` plans, one with `large`), built in a temporary SQLite file.
"""

import random
from dataclasses import dataclass
from datetime import timedelta

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from hireplan.models import Engagement, Membership, Organization, User
from hireplan.plans import summary_columns

COMPLETE_DEMO_TITLE = "ML Platform Engineer"  # a demo plan with every step saved
MANAGER = "manager@acme.example"
STATUSES = [s.value for s in Engagement.Status]


@dataclass
class BenchData:
    manager: User
    engagement: Engagement  # a complete plan, in draft, that the manager may edit
    small_recruiter: User
    large_recruiter: User
    small: int
    large: int


def _complete_answers() -> dict:
    demo = Engagement.objects.get(title=COMPLETE_DEMO_TITLE)
    return demo.answers


def _dashboard_org(slug: str, count: int, templates: list[dict], rng: random.Random) -> User:
    """A company with `count` plans and a recruiter who serves only it."""
    org = Organization.objects.create(name=f"Bench {slug.title()} Co", slug=f"bench-{slug}")
    manager = User.objects.create_user(
        username=f"manager@{slug}.bench", email=f"manager@{slug}.bench", first_name="Bench"
    )
    recruiter = User.objects.create_user(
        username=f"recruiter@{slug}.bench", email=f"recruiter@{slug}.bench"
    )
    Membership.objects.create(user=manager, organization=org, role="hiring_manager")
    Membership.objects.create(user=recruiter, organization=org, role="recruiter")
    columns = [summary_columns(answers) for answers in templates]
    today = timezone.localdate()
    rows = []
    for index in range(count):
        pick = index % len(templates)
        answers = templates[pick]
        summary = dict(columns[pick])
        summary["search_opened_on"] = today - timedelta(days=rng.randint(0, 120))
        rows.append(
            Engagement(
                organization=org,
                owner=manager,
                title=f"{answers['context']['role_title']} #{index + 1}",
                status=rng.choice(STATUSES),
                current_step=rng.choice(["lane", "comp", "jd", "review"]),
                answers=answers,
                saved_at_version=dict.fromkeys(answers, 1),
                **summary,
            )
        )
    Engagement.objects.bulk_create(rows, batch_size=1000)
    # Spread the update times (bulk_create stamps them all "now"), so sorting is real work.
    now = timezone.now()
    for row in rows:
        row.updated_at = now - timedelta(minutes=rng.randint(0, 60 * 24 * 90))
    Engagement.objects.bulk_update(rows, ["updated_at"], batch_size=500)
    return recruiter


def build(*, small: int = 100, large: int = 10_000, seed: int = 10) -> BenchData:
    """Migrates the empty database and fills it; takes a few seconds for 10,000 plans."""
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", verbosity=0)
    rng = random.Random(seed)
    with transaction.atomic():
        manager = User.objects.get(email=MANAGER)
        acme = Organization.objects.get(slug="acme")
        answers = _complete_answers()
        engagement = Engagement.objects.create(
            organization=acme,
            owner=manager,
            title=answers["context"]["role_title"] + " (bench)",
            current_step="review",
            answers=answers,
            saved_at_version=dict.fromkeys(answers, 1),
            **summary_columns(answers),
        )
        templates = [e.answers for e in Engagement.objects.exclude(pk=engagement.pk)]
        templates = [t for t in templates if "context" in t]
        small_recruiter = _dashboard_org("small", small, templates, rng)
        large_recruiter = _dashboard_org("large", large, templates, rng)
    return BenchData(manager, engagement, small_recruiter, large_recruiter, small, large)
