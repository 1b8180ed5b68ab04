from django.apps import AppConfig


class CompConfig(AppConfig):
    name = "comp"

    def ready(self) -> None:
        from comp.steps import COMP
        from hireplan import steps

        steps.register(COMP, stylesheet="css/comp.css")
