from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Board reports"

    def ready(self):
        from workforce.permissions import Role, register_ability

        # The measuring-success pages: figures for the whole organisation, read by those who
        # answer to the board; baselines, targets and process changes are the L&D manager's.
        register_ability("reports.view", {Role.LD_MANAGER, Role.DIRECTOR})
        register_ability("reports.manage_indicators", {Role.LD_MANAGER})
