"""The core's models on the audit page (see workforce/audit.py)."""

from workforce.audit import register_audited

STAFF_NAME = ("staff_member__first_name", "staff_member__last_name")


def register_core_audit() -> None:
    from workforce.models import (
        Competency,
        Course,
        JobRole,
        OrgUnit,
        RoleRequirement,
        StaffMember,
        TrainingRecord,
        TrainingRequirement,
    )

    register_audited(StaffMember, name=("first_name", "last_name"), page="staff:detail")
    register_audited(OrgUnit, name="name", page="catalogue:orgunit_detail")
    register_audited(JobRole, name="title", page="catalogue:jobrole_detail")
    register_audited(Competency, name="name", page="catalogue:competency_detail")
    register_audited(Course, name="title", page="catalogue:course_detail")
    # A requirement is shown on its job role's page.
    register_audited(
        RoleRequirement,
        name=("job_role__title", "competency__name"),
        page="catalogue:jobrole_detail",
        page_id="job_role_id",
    )
    # A training record is shown on its staff member's page, named by course and person.
    register_audited(
        TrainingRecord,
        name=("course__title", *STAFF_NAME),
        page="staff:detail",
        page_id="staff_member_id",
    )
    register_audited(TrainingRequirement, name="course__title", page="catalogue:requirement_edit")
