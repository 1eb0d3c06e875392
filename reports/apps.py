from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Board reports"

    def ready(self):
        from reports import board_progress, kinds, training_compliance, workforce_indicators
        from workforce.permissions import Role, register_ability

        # Board reports are the Board's papers: directors and the L&D manager ask for them and
        # download them; everyone else is refused (a report shows every unit and plan).
        register_ability(kinds.REQUEST_ABILITY, {Role.DIRECTOR, Role.LD_MANAGER})
        kinds.register(board_progress.KIND)
        kinds.register(training_compliance.KIND)
        kinds.register(workforce_indicators.KIND)
        # The board pack builds from its section registry: reports adds its three parts here, and
        # each later app's part is registered here too (apps never import reports).
        from reports import board_pack

        board_pack.register_own_sections()
        kinds.register(board_pack.KIND)

        # The pathways and succession report reads pathways (reports -> pathways, never back).
        from reports import pathways_succession

        kinds.register(pathways_succession.KIND)
        kinds.register_pack_section(
            "pathways_succession", "Pathways and succession", pathways_succession.pack_sections, order=40
        )

        # The traineeship report reads traineeships (reports -> traineeships, never back); its
        # board pack part sits after pathways and before any test-only part (order 99).
        from reports import traineeships_report

        kinds.register(traineeships_report.KIND)
        kinds.register_pack_section(
            "traineeships", traineeships_report.PACK_PART, traineeships_report.pack_sections, order=50
        )

        # The measuring-success pages: figures for the whole organisation, read by those who
        # answer to the board; baselines, targets and process changes are the L&D manager's.
        register_ability("reports.view", {Role.LD_MANAGER, Role.DIRECTOR})
        register_ability("reports.manage_indicators", {Role.LD_MANAGER})

        # Report schedules: the L&D manager sets up reports sent again and again by Celery beat;
        # when a scheduled report's run finishes, its recipients are emailed the link.
        from reports import schedule_mail
        from workforce import runs

        register_ability("reports.schedule", {Role.LD_MANAGER})
        runs.run_finished.connect(schedule_mail.on_run_finished, dispatch_uid="reports.schedule_mail")

        # Board reports' change history on the core's audit page.
        from reports import audit

        audit.register()
