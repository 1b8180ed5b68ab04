"""Prints the JSON Schema of the engine's input and output: `{"input": ..., "plan": ...}`.

docs/plan-schema.json holds this command's output; a test fails when the two drift apart.
Regenerate with: python manage.py plan_schema > docs/plan-schema.json
"""

import json

from django.core.management.base import BaseCommand

from hireplan.engine import EngagementInput, HiringPlan


def plan_schema_json() -> str:
    document = {
        "input": EngagementInput.model_json_schema(),
        "plan": HiringPlan.model_json_schema(mode="serialization"),
    }
    return json.dumps(document, indent=2, ensure_ascii=False)


class Command(BaseCommand):
    help = "Print the JSON Schema of the advice engine's input and of the hiring plan it returns."
    requires_system_checks = []

    def handle(self, *args, **options) -> None:
        self.stdout.write(plan_schema_json())
