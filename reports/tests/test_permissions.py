"""The reports app's permission table (see workforce/tests/permission_table.py): its one page
today, the index, is read by everyone signed in. Every URL the app adds needs a row here."""

from workforce.tests.permission_table import EVERYONE, PermissionTable, Row

ROWS = [
    Row("reports:index", readers=EVERYONE),
]


class TestReportsPermissions(PermissionTable):
    rows = ROWS
    namespaces = ["reports"]
    apps = ["reports"]
    world_fixture = "db"  # nothing to point at yet
