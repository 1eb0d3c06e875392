from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "workforce"
    verbose_name = "Workforce (core)"

    def ready(self):
        from workforce import checks  # noqa: F401  (registers system checks)
        from workforce.indicators import register_core_indicators
        from workforce.jobs import staff_import  # noqa: F401  (registers the background jobs)

        register_core_indicators()

        # Writes mark the stored indicator figures they may change as stale.
        from workforce import figure_store

        figure_store.watch()

        # A sign-in counts as the session's latest save (see SessionRefreshMiddleware).
        from django.contrib.auth.signals import user_logged_in

        from workforce.middleware import stamp_on_login

        user_logged_in.connect(stamp_on_login, dispatch_uid="workforce.session_refresh")

        # The audit trail searches these models' histories; each app adds its own.
        from workforce.audit_core import register_core_audit

        register_core_audit()

        # The weekly digest's core section: a manager's staff whose required training is due.
        from workforce.digest_training import staff_training_due
        from workforce.digests import register_digest_section

        register_digest_section(
            "workforce.training",
            staff_training_due,
            title="Your staff's training",
            order=20,
            url_name="training:matrix",
            about="For managers: your staff whose required training has expired or expires within 30 days.",
        )
