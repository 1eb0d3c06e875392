"""The checks a staff import makes against the database, row by row, and the preview's wording.

`importing.plan_import` reads each row's cells itself; the questions that need what is already
in Talent Ladder (or elsewhere in the file) are here: which job role or unit a name means (and
which new ones to create), whether the dates hold on the record as it will be, whether line
managers go round in a loop, whether a row ends a leaver's login, and what changes on each row.
"""

from __future__ import annotations

from workforce.import_results import Change, ImportResult, NewJobRole, NewOrgUnit, RowPlan
from workforce.models import JobRole, OrgUnit, StaffMember
from workforce.reading import display_date, name_key, text_value


class Lookups:
    """Everything a plan compares against, read in a fixed handful of queries whatever the file's size."""

    def __init__(self):
        self.staff = {
            s.assignment_number: s for s in StaffMember.objects.select_related("job_role", "org_unit", "user")
        }
        self.number_of_id = {s.pk: number for number, s in self.staff.items()}
        self.roles: dict[str, list[JobRole]] = {}
        for role in JobRole.objects.all():
            self.roles.setdefault(name_key(role.title), []).append(role)
        self.units: dict[str, list[OrgUnit]] = {}
        for unit in OrgUnit.objects.select_related("parent"):
            self.units.setdefault(name_key(unit.name), []).append(unit)
        # job title key -> (note, rows whose band or staff group disagrees): one warning per role, not per row
        self.role_differences: dict[str, tuple[str, list[int]]] = {}


def match_role(result, lookups, raw, number, band, group, error):
    """The JobRole a row's job title means, the name key of a role to create, or None (blank or an error)."""
    title = text_value(raw["job_title"])
    if not title:
        return None
    if len(title) > 200:
        error("job_title", "The job title is longer than 200 characters.")
        return None
    key = name_key(title)
    candidates = lookups.roles.get(key, [])
    if len(candidates) > 1:
        exact = [role for role in candidates if role.title == title]
        candidates = exact if len(exact) == 1 else candidates
    if len(candidates) > 1:
        error("job_title", f"'{title}' matches {len(candidates)} job roles that differ only in capitals.")
        return None
    if candidates:
        role = candidates[0]
        if (band and band != role.pay_band) or (group and group != role.staff_group):
            band_label = role.get_pay_band_display() or "without a band"
            note = (
                f"The job role '{role.title}' is {band_label}, {role.get_staff_group_display()} in Talent "
                "Ladder, and an import does not change job roles"
            )
            lookups.role_differences.setdefault(key, (note, []))[1].append(number)
        return role
    if key in result.new_roles:
        new = result.new_roles[key]
        if (band and band != new.pay_band) or (group and group != new.staff_group):
            note = f"The new job role '{new.title}' takes its band and staff group from row {new.row}"
            lookups.role_differences.setdefault(key, (note, []))[1].append(number)
        return key
    if not group:
        error("staff_group", f"A staff group is needed to create the new job role '{title}'.")
        return None
    result.new_roles[key] = NewJobRole(title, band, group, number)
    return key


def match_unit(result, lookups, raw, number, error):
    """The OrgUnit a row's unit name means, the name key of a unit to create, or None (blank or an error)."""
    name = text_value(raw["org_unit"])
    if not name:
        return None
    if len(name) > 200:
        error("org_unit", "The unit name is longer than 200 characters.")
        return None
    key = name_key(name)
    candidates = lookups.units.get(key, [])
    active = [unit for unit in candidates if not unit.is_archived]
    candidates = active or candidates
    if len(candidates) > 1:
        where = "; ".join(
            f"{u.name} under {u.parent.name if u.parent else 'the top level'}" for u in candidates
        )
        error(
            "org_unit",
            f"'{name}' is the name of {len(candidates)} units ({where}); rename one "
            "so the file can say which it means.",
        )
        return None
    if candidates:
        return candidates[0]
    result.new_units.setdefault(key, NewOrgUnit(name, number))
    return key


def check_dates_against_record(values, existing, error):
    """The model's own rules, on the record as it will be once the file's values are applied."""
    start = values.get("start_date", existing.start_date if existing else None)
    leaving = values.get("leaving_date", existing.leaving_date if existing else None)
    reason = values.get("leaving_reason", existing.leaving_reason if existing else "")
    from_file = "start_date" in values or "leaving_date" in values
    if start and leaving and leaving < start and from_file:
        error("leaving_date", f"The leaving date is before the start date ({display_date(start)}).")
    if reason and not leaving and "leaving_reason" in values:
        error("leaving_reason", "A leaving reason needs a leaving date.")


def ends_a_login(plan: RowPlan) -> bool:
    """Whether this row, once applied, leaves an active login whose access has ended."""
    person = plan.existing
    if person is None or person.user is None or not person.user.is_active:
        return False
    leaving = plan.values.get("leaving_date", person.leaving_date)
    return StaffMember(leaving_date=leaving, is_archived=person.is_archived).access_has_ended()


def management_loop(number: str, manager_of: dict[str, str]) -> list[str]:
    """The chain of assignment numbers from `number` up its line managers and back to it; [] if no loop."""
    seen = [number]
    current = manager_of.get(number)
    while current and len(seen) <= len(manager_of):
        if current == number:
            return [*seen, number]
        if current in seen:
            return []  # a loop further up: reported on the rows that form it
        seen.append(current)
        current = manager_of.get(current)
    return []


def describe_changes(plan: RowPlan, lookups: Lookups, file_names: dict[str, str], result) -> None:
    """Set the row's action and, for someone already in Talent Ladder, the changes the preview lists."""
    existing = plan.existing
    if existing is None:
        plan.action = RowPlan.CREATE
        return
    for name, new in plan.values.items():
        if name == "line_manager":
            old_key = lookups.number_of_id.get(existing.line_manager_id, "")
            if old_key != new:
                plan.changes.append(
                    Change(
                        "line manager",
                        _person(old_key, lookups, file_names),
                        _person(new, lookups, file_names),
                    )
                )
            continue
        old = getattr(existing, name)
        if name in ("job_role", "org_unit"):
            same = (old is None and new is None) or (isinstance(new, JobRole | OrgUnit) and old == new)
            if not same:
                plan.changes.append(Change(_label(name), str(old or ""), _catalogue_label(name, new, result)))
        elif (old or "") != (new or ""):
            show = display_date if name.endswith("_date") else str
            plan.changes.append(Change(_label(name), show(old) if old else "", show(new) if new else ""))
    plan.action = RowPlan.UPDATE if plan.changes else RowPlan.UNCHANGED


def _catalogue_label(name: str, value, result: ImportResult) -> str:
    if not isinstance(value, str):
        return str(value or "")
    created = result.new_roles[value].title if name == "job_role" else result.new_units[value].name
    return f"{created} (new)"


def _label(name: str) -> str:
    return str(StaffMember._meta.get_field(name).verbose_name)


def _person(number: str, lookups: Lookups, file_names: dict[str, str]) -> str:
    if not number:
        return ""
    name = file_names.get(number) or (lookups.staff[number].full_name if number in lookups.staff else "")
    return f"{name.strip()} ({number})"
