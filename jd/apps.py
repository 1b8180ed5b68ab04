from django.apps import AppConfig


class JdConfig(AppConfig):
    name = "jd"
