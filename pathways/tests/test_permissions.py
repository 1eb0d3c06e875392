"""The pathways app's permission table (see workforce/tests/permission_table.py): its one page
today, the index, is read by everyone signed in. Every URL the app adds needs a row here."""

from workforce.tests.permission_table import EVERYONE, PermissionTable, Row

ROWS = [
    Row("pathways:index", readers=EVERYONE),
]


class TestPathwaysPermissions(PermissionTable):
    rows = ROWS
    namespaces = ["pathways"]
    apps = ["pathways"]
    world_fixture = "db"  # nothing to point at yet
