"""Permission-table rows for the pathways pages of this part (see test_permissions.py)."""

ROWS = []
