from django.apps import AppConfig
from django.core import checks


class HireplanConfig(AppConfig):
    name = "hireplan"
    verbose_name = "Hireplan"

    def ready(self) -> None:
        from hireplan import steps
        from hireplan.checks import check_reference_data
        from hireplan.context_step import CONTEXT
        from hireplan.review import REVIEW

        # A broken fixture stops `manage.py check`, runserver and the test run at start-up.
        checks.register(check_reference_data)
        # The hub's own steps; each step app registers its steps from its own ready().
        steps.register(CONTEXT, REVIEW)
