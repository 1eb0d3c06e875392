"""The plan page's tree at any size: priorities (themes) > areas of focus > actions.

A plan showing up to `settings.PLAN_PAGE_OPEN_UP_TO` actions (with filters on: matches) renders
open, every action at once, as it always has. A bigger one renders every priority as a heading
with its counts, collapsed; opening one loads its actions from `actionplans:plan_priority`,
`settings.PLAN_PRIORITY_PAGE_SIZE` at a time (or, without JavaScript, the plan page renders the
priority named by `?open=` open). A 500-action plan was 884 KB of HTML rendered in ~490 ms, most
of it rows nobody had scrolled to.

The counts in the headings come from one grouped query over the whole plan (and one more over the
matches when filters are on), never from rendered rows, so they cover the whole plan however
little of it is rendered. The same counts lay out a priority's pages: each page is a slice of the
priority's actions in tree order, and an area of focus cut by a page boundary is shown again,
"continued", on the next page.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q

from actionplans.models import Action, FocusArea, Output, Priority
from actionplans.rag import RAG_ORDER
from workforce.models import StaffMember
from workforce.url_patterns import UrlPattern

CLOSED = (Action.Status.COMPLETED, Action.Status.CANCELLED)


@dataclass
class Counts:
    """How many actions, how many of each RAG, how many overdue: for a priority or an area."""

    actions: int = 0
    overdue: int = 0
    rag: Counter = field(default_factory=Counter)

    def add(self, other: Counts) -> None:
        self.actions += other.actions
        self.overdue += other.overdue
        self.rag.update(other.rag)

    @property
    def rag_summary(self) -> list[tuple[str, int]]:
        return [(rag, self.rag[rag]) for rag in RAG_ORDER if self.rag[rag]]


def count_actions(actions, today: datetime.date) -> dict[tuple[int, int | None], Counts]:
    """{(priority id, area id or None): Counts} of `actions` (annotated by `with_rag()`), in one
    grouped query. Overdue is `ActionQuerySet.overdue()`'s rule, as a filtered count."""
    overdue = Q(due_date__lt=today) & ~Q(status__in=CLOSED)
    rows = (
        actions.order_by()
        .values("priority_id", "focus_area_id", "rag")
        .annotate(n=Count("pk"), late=Count("pk", filter=overdue))
    )
    counts: dict[tuple[int, int | None], Counts] = defaultdict(Counts)
    for row in rows:
        entry = counts[row["priority_id"], row["focus_area_id"]]
        entry.actions += row["n"]
        entry.overdue += row["late"]
        entry.rag[row["rag"]] += row["n"]
    return counts


@dataclass
class AreaNode:
    area: FocusArea
    counts: Counts  # what is shown: the matches when filters are on
    start: int = 0  # where its actions start among its priority's, in tree order
    actions: list[Action] = field(default_factory=list)
    continued: bool = False  # its first actions are on the page before


@dataclass
class PriorityNode:
    priority: Priority
    counts: Counts  # what is shown: the matches when filters are on
    whole: Counts  # the whole priority, filters or not
    direct: int = 0  # actions straight under it (themes), shown before its areas
    all_areas: list[AreaNode] = field(default_factory=list)
    areas: list[AreaNode] = field(default_factory=list)  # the ones on the rendered page
    actions: list[Action] = field(default_factory=list)  # straight under it, on the rendered page
    open: bool = False
    page: int = 1
    pages: int = 1

    @property
    def all_actions(self) -> list[Action]:
        """The actions rendered (none while collapsed)."""
        return self.actions + [a for node in self.areas for a in node.actions]

    @property
    def rag_summary(self) -> list[tuple[str, int]]:
        return self.counts.rag_summary

    @property
    def next_page(self) -> int | None:
        return self.page + 1 if self.page < self.pages else None

    @property
    def previous_page(self) -> int | None:
        return self.page - 1 if self.page > 1 else None


def build_nodes(priorities, areas, shown: dict, whole: dict, *, only_matches: bool) -> list[PriorityNode]:
    """Every priority with its areas and counts, no actions yet. With filters on, only the
    priorities and areas that hold a match."""
    nodes = {}
    for priority in priorities:
        node = PriorityNode(priority, counts=Counts(), whole=Counts())
        direct = shown.get((priority.pk, None))
        if direct:
            node.counts.add(direct)
            node.direct = direct.actions
        if whole.get((priority.pk, None)):
            node.whole.add(whole[priority.pk, None])
        nodes[priority.pk] = node
    for area in areas:
        node = nodes.get(area.priority_id)
        if node is None:
            continue
        counts = shown.get((node.priority.pk, area.pk)) or Counts()
        node.counts.add(counts)
        node.whole.add(whole.get((node.priority.pk, area.pk)) or Counts())
        if counts.actions or not only_matches:
            node.all_areas.append(AreaNode(area, counts))
    for node in nodes.values():
        start = node.direct
        for area_node in node.all_areas:
            area_node.start = start
            start += area_node.counts.actions
    if only_matches:
        return [node for node in nodes.values() if node.counts.actions]
    return list(nodes.values())


def page_bounds(node: PriorityNode, page_size: int | None, page: int) -> tuple[int, int]:
    """[first, last) of the node's actions on `page` (clamped), and sets the node's page numbers."""
    total = node.counts.actions
    if not page_size:
        node.page, node.pages = 1, 1
        return 0, total
    node.pages = max(1, -(-total // page_size))
    node.page = min(max(page, 1), node.pages)
    first = (node.page - 1) * page_size
    return first, min(first + page_size, total)


def fill(node: PriorityNode, actions, first: int, last: int) -> None:
    """Open the node on the slice [first, last) of its actions (given in tree order): the areas
    that slice touches, an empty area at its place in order (the last page takes those after
    the last action)."""
    node.open = True
    is_last = last >= node.counts.actions
    by_area = {a.area.pk: a for a in node.all_areas}
    node.areas = []
    for area_node in node.all_areas:
        size = area_node.counts.actions
        end = area_node.start + size
        if size:
            if area_node.start < last and end > first:
                area_node.continued = area_node.start < first
                node.areas.append(area_node)
        elif first <= area_node.start < last or (is_last and area_node.start >= first):
            node.areas.append(area_node)
    for action in actions:
        area_node = by_area.get(action.focus_area_id)
        if area_node is not None:
            area_node.actions.append(action)
        elif action.priority_id == node.priority.pk:
            node.actions.append(action)


def tree_order(actions):
    """A priority's actions in the order the tree shows them: straight under it first, then by
    area of focus (in the areas' own order), then by position; the page slices follow it."""
    return actions.order_by(
        F("focus_area__position").asc(nulls_first=True), "focus_area_id", "position", "pk"
    )


def with_row_data(actions):
    """What a row shows under an action, prefetched: a handful of queries for any number of rows.
    Dependencies are only linked by number, so only what the link needs is loaded."""
    return actions.prefetch_related(
        Prefetch("owners", queryset=StaffMember.objects.order_by("last_name", "first_name")),
        Prefetch("outputs", queryset=Output.objects.prefetch_related("owners", "targets")),
        "contributors",
        "achievements",
        Prefetch(
            "dependencies",
            queryset=Action.objects.only("pk", "number", "description").order_by("position", "pk"),
        ),
    )


def decorate_rows(actions, *, me, can_edit: bool, today: datetime.date, local_anchors: bool) -> None:
    """What each row needs beyond its fields: overdue, whether it is the viewer's, its links.
    `local_anchors`: the whole plan is on the page, so a dependency links to its row there;
    otherwise to its own page (its row may not be loaded)."""
    detail = UrlPattern("actionplans:action_detail")
    if can_edit:
        edit, delete = UrlPattern("actionplans:action_edit"), UrlPattern("actionplans:action_delete")
        add_output = UrlPattern("actionplans:output_create")
        output_edit = UrlPattern("actionplans:output_edit")
        output_delete = UrlPattern("actionplans:output_delete")
    for action in actions:
        # The prefetched rows as plain lists, read once: each `x.all` in the template built a
        # related manager and a queryset clone, twice per row and list (if, then for).
        outputs = action.output_list = list(action.outputs.all())
        for output in outputs:
            output.owner_list = list(output.owners.all())
            output.target_list = list(output.targets.all())
        action.dependency_list = list(action.dependencies.all())
        action.contributor_list = list(action.contributors.all())
        action.achievement_list = list(action.achievements.all())
        # Action.all_owners() and responsibility_as_written(), from the lists above.
        people = {person.pk: person for person in action.owners.all()}
        for output in outputs:
            for person in output.owner_list:
                people.setdefault(person.pk, person)
        action.owner_list = list(people.values())
        action.written = action.responsibility or "; ".join(
            dict.fromkeys(o.responsibility for o in outputs if o.responsibility)
        )
        action.url = detail(action.pk)
        action.is_overdue = bool(action.due_date and action.due_date < today and action.status not in CLOSED)
        action.is_mine = me is not None and me.pk in people
        for dep in action.dependency_list:
            dep.href = f"#action-{dep.pk}" if local_anchors else detail(dep.pk)
        if can_edit:
            action.edit_url, action.delete_url = edit(action.pk), delete(action.pk)
            action.add_output_url = add_output(action.pk)
            for output in outputs:
                output.edit_url, output.delete_url = output_edit(output.pk), output_delete(output.pk)
