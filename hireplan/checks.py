"""System checks for Hireplan's reference data (register `check_reference_data` in apps.py)."""

from typing import Any

from django.conf import settings
from django.core.checks import Error

from hireplan.engine.reference import reference_errors


def check_reference_data(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """One error per problem in fixtures/reference/*.json: a broken fixture stops the app."""
    directory = settings.REFERENCE_DIRECTORY
    return [
        Error(
            problem,
            hint=f"Fix the named field in {directory}.",
            obj="fixtures/reference",
            id="hireplan.E100",
        )
        for problem in reference_errors(directory)
    ]
