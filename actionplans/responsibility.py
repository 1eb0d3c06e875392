"""Remembered responsibility mappings: "SB" in this organisation's plans means Sarah Bennett.

A mapping is stored only when a user confirms it at an import (and ticks "remember"), and is
then the proposal for that name at the next import: pre-selected and shown as "remembered", the
user can still pick someone else or leave the name as text. One deployment is one organisation,
so mappings are not scoped further. They are listed, changed and deleted on their own page
(views/mappings.py). Imported from actionplans/models.py, so Django sees the model there.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from simple_history.models import HistoricalRecords

from actionplans.spreadsheets.owners import normalise_token
from actionplans.spreadsheets.preview import Token
from workforce.models import StaffMember
from workforce.versioning import Versioned, move_on


class ResponsibilityMapping(Versioned):
    token = models.CharField(
        max_length=255, unique=True, help_text="The responsibility name, normalised (owners.normalise_token)."
    )
    written = models.CharField("as written", max_length=255)
    staff_member = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="responsibility_mappings"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = "remembered responsibility name"
        # The mapping page lists them by name; `token` is unique, so its index serves that order
        # and the importer's lookup by key.
        ordering = ["token"]

    def __str__(self) -> str:
        return f"{self.written} → {self.staff_member.full_name}"


def remember(tokens: list[Token], chosen: Mapping[str, StaffMember], user) -> int:
    """Store the confirmed choices (`chosen`: token key -> person) for the next import; a name
    left as text keeps whatever was remembered for it. Returns how many were added or changed."""
    written = {token.key: token.written for token in tokens}
    changed = 0
    with transaction.atomic():
        existing = {m.token: m for m in ResponsibilityMapping.objects.filter(token__in=list(chosen))}
        for key, person in chosen.items():
            mapping = existing.get(key)
            if mapping is not None and mapping.staff_member_id == person.pk:
                continue
            if mapping is None:
                mapping = ResponsibilityMapping(token=key, written=written.get(key, key))
            else:
                move_on(mapping)  # not a form's edit: a mapping page opened before it goes stale
            mapping.staff_member, mapping.confirmed_by, mapping.confirmed_at = person, user, timezone.now()
            mapping._change_reason = "Confirmed at an import"
            mapping.save()
            changed += 1
    return changed


class MappingFileError(ValueError):
    """The --initials file has lines that cannot be used; the message names each one."""


def read_mapping_file(text: str) -> dict[str, StaffMember]:
    """A CSV of token,assignment_number (an optional header row "token,assignment_number") ->
    {token key: the member of staff in post with that number}. Every bad line is named at once."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if rows and [cell.strip().lower() for cell in rows[0][:2]] == ["token", "assignment_number"]:
        rows[0] = []
    wanted: dict[str, tuple[int, str]] = {}
    problems = []
    for line, row in enumerate(rows, start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if len(cells) < 2 or not cells[0] or not cells[1]:
            problems.append(f"line {line}: expected “token,assignment_number”")
            continue
        key = normalise_token(cells[0])
        if key in wanted and wanted[key][1] != cells[1]:
            problems.append(f"line {line}: “{cells[0]}” is mapped twice")
        wanted[key] = (line, cells[1])
    numbers = {number for _, number in wanted.values()}
    people = {
        p.assignment_number: p for p in StaffMember.objects.in_post().filter(assignment_number__in=numbers)
    }
    for line, number in wanted.values():
        if number not in people:
            problems.append(f"line {line}: no member of staff in post has assignment number “{number}”")
    if problems:
        raise MappingFileError("; ".join(problems))
    return {key: people[number] for key, (_, number) in wanted.items()}
