from django.apps import AppConfig


class CompConfig(AppConfig):
    name = "comp"
