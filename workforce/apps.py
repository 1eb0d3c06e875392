from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "workforce"
    verbose_name = "Workforce (core)"

    def ready(self):
        from workforce import checks  # noqa: F401  (registers system checks)
        from workforce.indicators import register_core_indicators
        from workforce.jobs import staff_import  # noqa: F401  (registers the background jobs)

        register_core_indicators()
