"""A file whose plan title is already taken: what the import may do instead of a second copy.

The preview and `import_actionplan` both ask `choices(parsed)`: the plan of the same title (if
any), the plan a workbook of this app was exported from (if it still exists), and the title an
"import as a new plan" gets, so the two plans can be told apart.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from actionplans.models import ActionPlan
from actionplans.spreadsheets.preview import ParsedPlan

AS_NEW, UPDATE = "new", "update"


@dataclass
class Duplicate:
    same_title: ActionPlan | None
    source: ActionPlan | None  # the plan a workbook came from, while it exists
    new_title: str

    @property
    def needs_choice(self) -> bool:
        return self.same_title is not None or self.source is not None


def new_title(title: str, today: datetime.date | None = None) -> str:
    today = today or datetime.date.today()
    suffix = f" (imported {today.day} {today:%b %Y})"
    base, number = title[: 255 - len(suffix) - 4], 1
    candidate = f"{base}{suffix}"
    # A second import on the same day gets a number, so no two plans share a title.
    while ActionPlan.objects.filter(title__iexact=candidate).exists():
        number += 1
        candidate = f"{base}{suffix[:-1]}, {number})"
    return candidate


def choices(parsed: ParsedPlan, today: datetime.date | None = None) -> Duplicate:
    title = parsed.workbook.plan["title"] if parsed.workbook is not None else parsed.title
    same = ActionPlan.objects.filter(title__iexact=title.strip()).order_by("pk").first() if title else None
    source = None
    if parsed.workbook is not None and parsed.workbook.plan_id:
        source = ActionPlan.objects.filter(pk=parsed.workbook.plan_id).first()
    return Duplicate(same, source, new_title(title, today) if same or source else title)
