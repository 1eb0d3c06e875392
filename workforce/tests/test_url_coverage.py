"""Every URL of every app is in a permission table.

Each app's table checks that every URL name in its own namespaces has a row
(`PermissionTable.test_every_url_has_a_row`). This closes the gap between them: a new app, or a
new namespace in an existing one, that no table claims would otherwise go untested. Django's own
admin is left out: it is open only to staff logins and checks its own permissions.
"""

from django.urls import get_resolver

# Modules, not their classes: a table class imported by name would be collected and run again here.
from actionplans.tests import test_permissions as actionplans_table
from pathways.tests import test_permissions as pathways_table
from reports.tests import test_permissions as reports_table
from traineeships.tests import test_permissions as traineeships_table
from workforce.tests import test_permissions as core_table
from workforce.tests.permission_table import url_names

TABLES = [
    core_table.TestCorePermissions,
    actionplans_table.TestActionPlanPermissions,
    pathways_table.TestPathwaysPermissions,
    traineeships_table.TestTraineeshipsPermissions,
    reports_table.TestReportsPermissions,
]
NOT_IN_A_TABLE = {"admin"}


def test_every_namespace_is_claimed_by_a_permission_table():
    claimed = [namespace for table in TABLES for namespace in table.namespaces]
    assert len(claimed) == len(set(claimed)), "a namespace is claimed by two tables"
    served = set(get_resolver().namespace_dict) - NOT_IN_A_TABLE
    assert served - set(claimed) == set(), "namespaces no permission table covers"


def test_every_url_name_has_a_row_in_some_table():
    rows = {row.name for table in TABLES for row in table.rows} | {
        name for table in TABLES for name in table.not_tested
    }
    served = set().union(
        url_names(None), *(url_names(ns) for ns in get_resolver().namespace_dict if ns not in NOT_IN_A_TABLE)
    )
    assert sorted(served - rows) == []
