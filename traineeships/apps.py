from django.apps import AppConfig


class TraineeshipsConfig(AppConfig):
    name = "traineeships"
    verbose_name = "Traineeships"

    def ready(self):
        from traineeships import permissions
        from workforce.permissions import register_scope_rule

        permissions.register_abilities()

        # Starts, completions, breakdowns, job outcomes, work experience and pre-employment
        # placements, for the core's indicator registry (the reports app reads them there).
        from traineeships.indicators import register_traineeship_indicators

        register_traineeship_indicators()

        # Support meetings overdue, checks outstanding and follow-ups missing join the L&D
        # manager's weekly digest.
        from traineeships import digests

        digests.register()

        # Traineeships' change history on the core's audit page (never the confidential plans).
        from traineeships import audit

        audit.register()

        # The letter PDF background job, and the retention period's system check.
        from traineeships import letters, retention  # noqa: F401

        # A supervisor or life coach sees the staff record of a trainee of theirs employed here,
        # as a mentor sees a mentee's: the core never imports traineeships.
        register_scope_rule("traineeships.trainees", permissions.supervisors_see_their_trainees)

        # "My trainees" on the home page, for anyone who supports or oversees a trainee.
        from traineeships.views.trainees import trainees_panel
        from workforce.home_panels import register_home_panel

        register_home_panel(
            "traineeships.trainees", "traineeships/partials/_home_trainees.html", trainees_panel, order=7
        )
