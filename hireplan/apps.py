from django.apps import AppConfig
from django.core import checks


class HireplanConfig(AppConfig):
    name = "hireplan"
    verbose_name = "Hireplan"

    def ready(self) -> None:
        from hireplan.checks import check_reference_data

        # A broken fixture stops `manage.py check`, runserver and the test run at start-up.
        checks.register(check_reference_data)
