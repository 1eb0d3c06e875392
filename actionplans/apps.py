from django.apps import AppConfig


class ActionplansConfig(AppConfig):
    name = "actionplans"
    verbose_name = "Action plans"

    def ready(self):
        from actionplans import digests
        from actionplans.home import owned_actions_panel
        from workforce.home_panels import register_home_panel

        register_home_panel(
            "actionplans.owned_actions",
            "actionplans/partials/_home_actions.html",
            owned_actions_panel,
            order=10,
        )
        # The weekly digest's sections: owners' actions and milestones, the L&D manager's plans.
        digests.register()

        # Action plans' change history on the core's audit page.
        from actionplans import audit

        audit.register()
