"""Action plans' models on the core's audit page (workforce/audit.py): a plan's structure is shown
on the plan's page, an action's parts on the action's page."""

from workforce.audit import register_audited


def register() -> None:
    from actionplans import models as m

    register_audited(m.ActionPlan, name="title", page="actionplans:plan_detail")
    on_plan = {"page": "actionplans:plan_detail", "page_id": "plan_id"}
    register_audited(m.PledgeSignatory, name="name", **on_plan)
    register_audited(m.Priority, name=("number", "title"), **on_plan)
    register_audited(
        m.FocusArea, name=("number", "title"), page="actionplans:plan_detail", page_id="priority__plan_id"
    )
    register_audited(m.Action, name=("number", "description"), page="actionplans:action_detail")
    on_action = {"page": "actionplans:action_detail", "page_id": "action_id"}
    register_audited(m.Contributor, name="name", **on_action)
    register_audited(m.ExpectedAchievement, name="description", **on_action)
    register_audited(m.Output, name=("letter", "description"), **on_action)
    register_audited(
        m.OutputTarget,
        name="output__description",
        page="actionplans:action_detail",
        page_id="output__action_id",
    )
    register_audited(m.Milestone, name="description", **on_action)
    register_audited(m.Risk, name="description", **on_action)
    register_audited(m.ProgressUpdate, name=("action__number", "date"), **on_action)
    register_audited(m.ResponsibilityMapping, name="written", page="actionplans:mapping_edit")
