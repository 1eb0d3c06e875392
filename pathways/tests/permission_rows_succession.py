"""Permission-table rows for the succession pages (see test_permissions.py and
pathways/permissions.py): the L&D manager, directors and managers read them, each for the people
they see (a manager of another unit gets the page, with their own unit's people only: see
test_succession.py); mentors and action owners are refused by role. The candidate login (no
role) is refused too: test_succession_access.py."""

from workforce.tests.permission_table import DIRECTOR, LD, MANAGER, OTHER_MANAGER, SUPERUSER, Row

SUCCESSION_READERS = {LD, SUPERUSER, DIRECTOR, MANAGER, OTHER_MANAGER}

ROWS = [
    Row("pathways:succession", readers=SUCCESSION_READERS),
    # A readiness's every candidate for one role (the page's "show all"): the page's readers, each
    # for the people they see; a role no active pathway leads to is a 404.
    Row(
        "pathways:succession_candidates",
        args=["succession_role"],
        query="?readiness=not-judged",
        readers=SUCCESSION_READERS,
    ),
    Row("pathways:succession_export", query="?format=csv", readers=SUCCESSION_READERS),
    Row("pathways:succession_export", label="xlsx", query="?format=xlsx", readers=SUCCESSION_READERS),
    Row("pathways:talent_grid", readers=SUCCESSION_READERS),
]
