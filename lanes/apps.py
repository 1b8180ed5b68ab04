from django.apps import AppConfig


class LanesConfig(AppConfig):
    name = "lanes"

    def ready(self) -> None:
        from hireplan import steps
        from lanes.steps import LANE

        steps.register(LANE, urls="lanes.urls", stylesheet="css/lanes.css")
