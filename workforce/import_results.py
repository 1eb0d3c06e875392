"""What a staff import would do, or did: the plan of each row, the catalogue entries it creates,
its errors and warnings.

`importing.plan_import` fills an ImportResult without writing anything; the upload page and the
import command show it as the preview, and `importing.apply_import` writes it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from workforce.models import PayBand, StaffGroup, StaffMember
from workforce.reading import RowError


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class NewJobRole:
    title: str
    pay_band: str
    staff_group: str
    row: int

    @property
    def pay_band_label(self) -> str:
        return PayBand(self.pay_band).label if self.pay_band else ""

    @property
    def staff_group_label(self) -> str:
        return StaffGroup(self.staff_group).label if self.staff_group else ""


@dataclass
class NewOrgUnit:
    name: str
    row: int


@dataclass
class RowPlan:
    """One staff row: what it will do (create / update / unchanged) and, for updates, what changes."""

    CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"

    row: int
    assignment_number: str
    name: str
    # StaffMember field -> value; job_role/org_unit hold a JobRole/OrgUnit or a name key of a new one,
    # line_manager holds an assignment number (or "").
    values: dict[str, object]
    existing: StaffMember | None = None
    action: str = CREATE
    changes: list[Change] = field(default_factory=list)

    @property
    def action_label(self) -> str:
        return {self.CREATE: "New", self.UPDATE: "Updated", self.UNCHANGED: "Unchanged"}[self.action]


@dataclass
class ImportResult:
    filename: str = ""
    rows: list[RowPlan] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    new_roles: dict[str, NewJobRole] = field(default_factory=dict)
    new_units: dict[str, NewOrgUnit] = field(default_factory=dict)
    ignored_columns: list[str] = field(default_factory=list)
    # line managers named in the file who are only in the database: assignment number -> id
    manager_ids: dict[str, int] = field(default_factory=dict)
    # ids of the active logins of rows that leave (or are archived): deactivated on apply
    logins_to_end: list[int] = field(default_factory=list)
    saved: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def _count(self, action: str) -> int:
        return sum(1 for plan in self.rows if plan.action == action)

    @property
    def created(self) -> int:
        return self._count(RowPlan.CREATE)

    @property
    def updated(self) -> int:
        return self._count(RowPlan.UPDATE)

    @property
    def unchanged(self) -> int:
        return self._count(RowPlan.UNCHANGED)

    @property
    def roles_created(self) -> int:
        return len(self.new_roles)

    @property
    def units_created(self) -> int:
        return len(self.new_units)

    @property
    def changed_rows(self) -> list[RowPlan]:
        return [plan for plan in self.rows if plan.action != RowPlan.UNCHANGED]

    @property
    def logins_ended(self) -> int:
        return len(self.logins_to_end)

    def summary(self) -> str:
        verb = "Imported" if self.saved else "Would import"
        text = (
            f"{verb} {len(self.rows)} rows: {self.created} new, {self.updated} updated, "
            f"{self.unchanged} unchanged; {self.roles_created} job roles and {self.units_created} "
            f"organisation units {'created' if self.saved else 'to create'}."
        )
        if self.logins_ended:
            logins = "login" if self.logins_ended == 1 else "logins"
            text += f" {self.logins_ended} leavers' {logins} {'ended' if self.saved else 'to end'}."
        return text

    def fingerprint(self) -> str:
        """A digest of what would be written: a confirm compares it with the preview's."""
        digest = hashlib.sha256()
        for plan in self.rows:
            digest.update(repr((plan.row, plan.assignment_number, plan.action)).encode())
            digest.update(repr([(c.field, c.old, c.new) for c in plan.changes]).encode())
        digest.update(repr(sorted(self.new_roles)).encode() + repr(sorted(self.new_units)).encode())
        return digest.hexdigest()
