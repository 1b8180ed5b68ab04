from django.apps import AppConfig


class HireplanConfig(AppConfig):
    name = "hireplan"
    verbose_name = "Hireplan"
