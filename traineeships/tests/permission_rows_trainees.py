"""Permission rows of the trainees part (see traineeships/tests/test_permissions.py)."""

ROWS: list = []


def world_part(cohort: dict, actors: dict) -> dict:
    """Objects this part's rows point at, beyond the cohort's."""
    return {}
