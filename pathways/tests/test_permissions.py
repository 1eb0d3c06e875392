"""The pathways app's permission table (see workforce/tests/permission_table.py and
pathways/permissions.py). Rows live beside the pages they cover, one module per part of the app;
every URL the app has needs a row, or test_every_url_has_a_row fails."""

import pytest

from pathways.tests import permission_rows_flow, permission_rows_plan, permission_rows_succession
from pathways.tests.factories import EnrolmentFactory
from workforce.tests.factories import JobRoleFactory, StaffMemberFactory
from workforce.tests.permission_table import EVERYONE, PermissionTable, Row

ROWS = [
    Row("pathways:index", readers=EVERYONE),
    *permission_rows_flow.ROWS,
    *permission_rows_plan.ROWS,
    *permission_rows_succession.ROWS,
]


@pytest.fixture
def world(db, org, actors, enrolment, candidate, ladder, settings, tmp_path):
    """What the rows point at: Priya's enrolment (Oak House, mentored by `mentor`), the ladder;
    the plan part's parts of it (evidence stored under a MEDIA_ROOT of the test's own)."""
    settings.MEDIA_ROOT = tmp_path
    home_trainer = ladder["roles"]["home_trainer"]
    return {
        "enrolment": enrolment,
        "candidate": candidate,
        "pathway": ladder["pathway"],
        **ladder,
        # flow: a stage to edit, a role for a new stage, an Oak House carer to nominate, a nomination
        # waiting for a decision, and the mentors' staff records.
        "stage": ladder["stages"][2],
        "succession_role": ladder["roles"]["link_trainer"],
        "spare_role": JobRoleFactory(title="Training Manager"),
        "oak_carer": StaffMemberFactory(
            first_name="Cara", last_name="Oakes", org_unit=org["oak"], job_role=home_trainer
        ),
        "nomination": EnrolmentFactory(
            staff_member=StaffMemberFactory(org_unit=org["oak"], job_role=home_trainer),
            target_stage=ladder["stages"][1],
        ),
        "mentor_staff": actors["mentor"].staff_member,
        "other_mentor_staff": actors["other_mentor"].staff_member,
        **permission_rows_plan.plan_world(enrolment, candidate, actors["mentor"], ladder),
    }


class TestPathwaysPermissions(PermissionTable):
    rows = ROWS
    namespaces = ["pathways"]
    apps = ["pathways"]
