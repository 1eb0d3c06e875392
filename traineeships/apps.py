from django.apps import AppConfig


class TraineeshipsConfig(AppConfig):
    name = "traineeships"
    verbose_name = "Traineeships"

    def ready(self):
        from traineeships import permissions
        from workforce.permissions import register_scope_rule

        permissions.register_abilities()
        from traineeships import letters  # noqa: F401  (registers the letter PDF background job)

        # A supervisor or life coach sees the staff record of a trainee of theirs employed here,
        # as a mentor sees a mentee's: the core never imports traineeships.
        register_scope_rule("traineeships.trainees", permissions.supervisors_see_their_trainees)
