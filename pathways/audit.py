"""Pathways' models on the core's audit page (workforce/audit.py): each part of a candidate's
development is shown on the candidate's page."""

from workforce.audit import register_audited

CANDIDATE = ("staff_member__first_name", "staff_member__last_name")


def register() -> None:
    from pathways import models as m

    register_audited(m.CareerPathway, name="name", page="pathways:pathway")
    register_audited(m.PathwayStage, name="job_role__title", page="pathways:pathway", page_id="pathway_id")
    register_audited(m.TemplateObjective, name="title", page="pathways:pathway", page_id="stage__pathway_id")
    register_audited(
        m.TemplateActivity, name="title", page="pathways:pathway", page_id="objective__stage__pathway_id"
    )
    register_audited(m.Enrolment, name=(*CANDIDATE, "pathway__name"), page="pathways:candidate")
    by_enrolment = {"page": "pathways:candidate", "page_id": "enrolment_id"}
    enrolment_name = tuple(f"enrolment__{part}" for part in CANDIDATE)
    register_audited(m.MentorAssignment, name=("mentor__first_name", "mentor__last_name"), **by_enrolment)
    register_audited(m.Review, name=enrolment_name, **by_enrolment)
    register_audited(m.SkillsAssessment, name=enrolment_name, **by_enrolment)
    register_audited(m.DevelopmentPlan, name=enrolment_name, **by_enrolment)
    register_audited(
        m.SkillRating, name="competency__name", page="pathways:candidate", page_id="assessment__enrolment_id"
    )
    register_audited(m.Objective, name="title", page="pathways:candidate", page_id="plan__enrolment_id")
    register_audited(
        m.Activity, name="title", page="pathways:candidate", page_id="objective__plan__enrolment_id"
    )
    register_audited(
        m.Evidence,
        name="original_name",
        page="pathways:candidate",
        page_id="activity__objective__plan__enrolment_id",
    )
