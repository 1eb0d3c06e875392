"""The traineeships app's permission table (see workforce/tests/permission_table.py and
traineeships/permissions.py). Rows live beside the pages they cover, one module per part of the
app; every URL the app has needs a row, or test_every_url_has_a_row fails. The supervisor and the
life coach of the cohort's placement take part as actors of their own."""

import pytest

from traineeships.tests import (
    permission_rows_figures,
    permission_rows_letters,
    permission_rows_recruitment,
    permission_rows_trainees,
)
from workforce.tests import permission_table
from workforce.tests.permission_table import EVERYONE, LIFE_COACH, SUPERVISOR, PermissionTable, Row

ROWS = [
    Row("traineeships:index", readers=EVERYONE | {SUPERVISOR, LIFE_COACH}),
    *permission_rows_recruitment.ROWS,
    *permission_rows_trainees.ROWS,
    *permission_rows_figures.ROWS,
    *permission_rows_letters.ROWS,
]


@pytest.fixture
def world(db, org, actors, cohort, supervisor, life_coach, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # files rows point at (a letter's PDF) are the test's own
    actors = {**actors, "supervisor": supervisor, "life_coach": life_coach}
    return {
        **cohort,
        **permission_rows_recruitment.world_part(cohort, actors),
        **permission_rows_trainees.world_part(cohort, actors),
        **permission_rows_figures.world_part(cohort, actors),
        **permission_rows_letters.world_part(cohort, actors),
    }


class TestTraineeshipsPermissions(PermissionTable):
    rows = ROWS
    namespaces = ["traineeships"]
    apps = ["traineeships"]
    extra_actors = (SUPERVISOR, LIFE_COACH)

    @pytest.fixture(autouse=True)
    def _refused_plan_openings_are_logged(self, monkeypatch):
        # A refused attempt at a confidential plan writes a "refused" access-log entry by design.
        monkeypatch.setattr(permission_table, "snapshot", permission_rows_trainees.snapshot_but_refusals)
