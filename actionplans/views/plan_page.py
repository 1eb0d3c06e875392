"""The plan page (the tree of a plan) and one priority's actions loaded into it when opened.

The queries do not grow with the plan: the counts are grouped queries (actionplans/plan_tree.py),
the actions rendered come in one query annotated by `with_rag()` (which also carries the latest
progress), and everything shown under them is prefetched. How much is rendered is bounded too:
a big plan opens collapsed and a priority loads a page of actions at a time.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from actionplans import plan_tree
from actionplans.filters import ActionFilter
from actionplans.models import Action, ActionPlan, FocusArea, PledgeSignatory, Priority
from actionplans.permissions import can_edit_plans
from workforce.history import history_entries
from workforce.permissions import own_staff_record, requires


def query_without(request, *names: str) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def page_number(value) -> int:
    try:
        return max(int(value), 1)
    except (TypeError, ValueError):
        return 1


def plan_history(plan: ActionPlan):
    """The plan's own changes with its pledge signatories', priorities' (themes') and areas of
    focus's: renumbering shows here. Each action's changes are on the action's page."""
    priorities = Priority.history.filter(plan_id=plan.pk).values("id")
    return history_entries(
        plan,
        parts=[
            PledgeSignatory.history.filter(plan_id=plan.pk),
            (plan.priority_label, Priority.history.filter(plan_id=plan.pk)),
            FocusArea.history.filter(priority_id__in=priorities),
        ],
    )


class TreeRequest:
    """What the plan page and a priority's fragment share: the filters (the same query string
    for both), the counts, and the links a collapsed priority needs."""

    def __init__(self, request, plan: ActionPlan, priority: Priority | None = None):
        self.request, self.plan = request, plan
        self.today = datetime.date.today()
        actions = Action.objects.filter(plan=plan).with_rag(self.today)
        if priority is not None:
            actions = actions.filter(priority=priority)
        self.filterset = ActionFilter(request.GET or None, queryset=actions, plan=plan, today=self.today)
        self.filtered = self.filterset.is_active
        self.whole = plan_tree.count_actions(actions, self.today)
        self.shown = plan_tree.count_actions(self.filterset.qs, self.today) if self.filtered else self.whole
        self.query = query_without(request, "format", "open", "page")
        self.can_edit = can_edit_plans(request.user)
        self.page_size = settings.PLAN_PRIORITY_PAGE_SIZE
        self.plan_url = plan.get_absolute_url()
        self.fragment = plan_tree.UrlPattern("actionplans:plan_priority", plan.pk)

    def nodes(self, priorities, areas) -> list[plan_tree.PriorityNode]:
        nodes = plan_tree.build_nodes(priorities, areas, self.shown, self.whole, only_matches=self.filtered)
        prefix = f"?{self.query}&" if self.query else "?"
        for node in nodes:
            pk = node.priority.pk
            node.fragment_url = f"{self.fragment(pk)}{prefix}page="
            node.open_url = f"{self.plan_url}{prefix}open={pk}&page="
        return nodes

    def fill(self, nodes, *, paged: bool, page: int = 1, local_anchors: bool = False) -> list[Action]:
        """Load the actions of `nodes` (all of them in one query when not paged; else the one
        node's `page`) and open those nodes."""
        if not nodes:
            return []
        rows = plan_tree.with_row_data(self.filterset.qs)
        if paged:
            [node] = nodes
            first, last = plan_tree.page_bounds(node, self.page_size, page)
            actions = list(plan_tree.tree_order(rows.filter(priority=node.priority))[first:last])
            plan_tree.fill(node, actions, first, last)
        else:
            actions = list(rows.order_by("position", "pk"))
            by_priority: dict[int, list[Action]] = {}
            for action in actions:
                by_priority.setdefault(action.priority_id, []).append(action)
            for node in nodes:
                plan_tree.page_bounds(node, None, 1)
                plan_tree.fill(node, by_priority.get(node.priority.pk, []), 0, node.counts.actions)
        plan_tree.decorate_rows(
            actions,
            me=own_staff_record(self.request.user),
            can_edit=self.can_edit,
            today=self.today,
            local_anchors=local_anchors,
        )
        return actions

    def context(self, **extra) -> dict:
        return {
            "plan": self.plan,
            "filter": self.filterset,
            "filtered": self.filtered,
            "can_edit": self.can_edit,
            "is_themes": self.plan.layout == ActionPlan.Layout.THEMES,
            "query": self.query,
            **extra,
        }


@require_GET
@requires()
def plan_detail(request, pk):
    plan = get_object_or_404(ActionPlan.objects.select_related("lead"), pk=pk)
    tree = TreeRequest(request, plan)
    nodes = tree.nodes(plan.priorities.all(), FocusArea.objects.filter(priority__plan=plan))
    shown_count = sum(node.counts.actions for node in nodes)
    all_open = shown_count <= settings.PLAN_PAGE_OPEN_UP_TO
    if all_open:
        tree.fill(nodes, paged=False, local_anchors=True)
    else:
        # Without JavaScript a collapsed priority's link asks for it here, open (?open=<id>).
        opened = [node for node in nodes if str(node.priority.pk) == request.GET.get("open")]
        tree.fill(opened, paged=True, page=page_number(request.GET.get("page")))
    return render(
        request,
        "actionplans/plan_detail.html",
        tree.context(
            signatories=plan.signatories.all(),
            tree=nodes,
            all_open=all_open,
            shown_count=shown_count,
            whole_count=sum(node.whole.actions for node in nodes),
            export_query=tree.query,
            history=plan_history(plan),
        ),
    )


@require_GET
@requires()
def plan_priority(request, pk, priority_pk):
    """One page of a priority's actions (same filters as the plan page), for htmx to put into
    the plan page when the priority is opened or "Show the next ..." is followed."""
    plan = get_object_or_404(ActionPlan, pk=pk)
    priority = get_object_or_404(Priority, pk=priority_pk, plan=plan)
    tree = TreeRequest(request, plan, priority)
    nodes = tree.nodes([priority], priority.focus_areas.all())
    tree.fill(nodes, paged=True, page=page_number(request.GET.get("page")))
    return render(
        request,
        "actionplans/partials/_priority_page.html",
        tree.context(node=nodes[0] if nodes else None, fragment=True),
    )
