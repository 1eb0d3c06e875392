from django.apps import AppConfig


class TraineeshipsConfig(AppConfig):
    name = "traineeships"
    verbose_name = "Traineeships"

    def ready(self):
        from traineeships import permissions
        from workforce.permissions import register_scope_rule

        permissions.register_abilities()
        # A supervisor or life coach sees the staff record of a trainee of theirs employed here,
        # as a mentor sees a mentee's: the core never imports traineeships.
        register_scope_rule("traineeships.trainees", permissions.supervisors_see_their_trainees)

        # "My trainees" on the home page, for anyone who supports or oversees a trainee.
        from traineeships.views.trainees import trainees_panel
        from workforce.home_panels import register_home_panel

        register_home_panel(
            "traineeships.trainees", "traineeships/partials/_home_trainees.html", trainees_panel, order=7
        )
