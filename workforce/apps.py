from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "workforce"
    verbose_name = "Workforce (core)"

    def ready(self):
        from workforce import checks  # noqa: F401  (registers system checks)
