"""Permission rows of the figures part (see traineeships/tests/test_permissions.py): the L&D
manager and directors read every figures page (superusers too); everyone else, the placement
supervisor and life coach included, is refused by ability (403)."""

from workforce.tests.permission_table import DIRECTOR, LD, SUPERUSER, Row

FIGURE_READERS = {LD, DIRECTOR, SUPERUSER}

ROWS: list = [
    Row("traineeships:figures", readers=FIGURE_READERS),
    Row("traineeships:programme_diversity", args=["programme"], readers=FIGURE_READERS),
    Row("traineeships:programme_diversity_export", args=["programme"], readers=FIGURE_READERS),
    Row("traineeships:programme_evaluation", args=["programme"], readers=FIGURE_READERS),
    Row("traineeships:intake_diversity", args=["intake"], readers=FIGURE_READERS),
    Row(
        "traineeships:intake_diversity_export",
        args=["intake"],
        query="?format=xlsx",
        readers=FIGURE_READERS,
    ),
    Row("traineeships:intake_evaluation", args=["intake"], readers=FIGURE_READERS),
]


def world_part(cohort: dict, actors: dict) -> dict:
    """Objects this part's rows point at, beyond the cohort's (its programme and intake)."""
    return {}
