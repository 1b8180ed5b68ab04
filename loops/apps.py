from django.apps import AppConfig


class LoopsConfig(AppConfig):
    name = "loops"

    def ready(self) -> None:
        from hireplan import steps
        from loops.steps import LOOP, OFFER, SOURCING

        steps.register(LOOP, SOURCING, OFFER, urls="loops.urls", stylesheet="css/loops.css")
