from django.apps import AppConfig


class JdConfig(AppConfig):
    name = "jd"

    def ready(self) -> None:
        from hireplan import steps
        from jd.steps import JD

        steps.register(JD, urls="jd.urls", stylesheet="css/jd.css")
