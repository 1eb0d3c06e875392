"""Board reports' models on the core's audit page (workforce/audit.py)."""

from workforce.audit import register_audited


def register() -> None:
    from reports import models as m

    # Baselines, targets and process changes are about an indicator, named by its key.
    register_audited(m.Baseline, name="indicator_key")
    register_audited(m.Target, name="indicator_key")
    register_audited(m.ProcessChange, name="indicator_key")
    register_audited(m.ReportSchedule, name="title", page="reports:schedule_edit")
