"""Action plans: the list, creating and editing a plan (with its pledge), the plan page as a
tree, and the export of what the plan page shows.

The plan page costs the same number of queries for 10 actions or 300: the actions come in one
query annotated by `with_rag()` (which also carries the latest progress), and everything shown
under them (owners, outputs with their owners and targets, contributors, achievements,
dependencies) is prefetched; the tree is then assembled in Python.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from actionplans.filters import ActionFilter, PlanFilter
from actionplans.forms.structure import PlanForm, SignatoryFormSet, save_with_formsets
from actionplans.models import Action, ActionPlan, FocusArea, Output, PledgeSignatory, Priority
from actionplans.permissions import can_edit_plans
from actionplans.rag import RAG_ORDER
from actionplans.spreadsheets import export
from workforce.exports import XLSX_CONTENT_TYPE, download
from workforce.history import history_entries
from workforce.models import StaffMember
from workforce.permissions import own_staff_record, requires
from workforce.versioning import save_or_conflict


def submitted(request):
    return request.POST if request.method == "POST" else None


def query_without(request, *names: str) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


# --- The list -------------------------------------------------------------------------------


def rag_counts_by_plan(plan_ids) -> dict[int, Counter]:
    """{plan id: Counter({rag: n})} in one grouped query (RAG is derived, so it is grouped on
    the with_rag() expression, not read from a column). Cancelled actions count under None."""
    rows = (
        Action.objects.filter(plan_id__in=plan_ids)
        .with_rag()
        .order_by()
        .values("plan_id", "rag")
        .annotate(n=Count("pk"))
    )
    counts: dict[int, Counter] = defaultdict(Counter)
    for row in rows:
        counts[row["plan_id"]][row["rag"]] += row["n"]
    return counts


@require_GET
@requires()
def index(request):
    filterset = PlanFilter(request.GET or None, queryset=ActionPlan.objects.select_related("lead"))
    page_obj = Paginator(filterset.qs, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    counts = rag_counts_by_plan([plan.pk for plan in page_obj])
    rows = [
        {
            "plan": plan,
            "rag": [(rag, counts[plan.pk][rag]) for rag in RAG_ORDER],
            "total": sum(counts[plan.pk].values()),
        }
        for plan in page_obj
    ]
    return render(
        request,
        "actionplans/plan_list.html",
        {
            "filter": filterset,
            "page_obj": page_obj,
            "rows": rows,
            "querystring_without_page": query_without(request, "page"),
            "filtered": any(value for key, value in request.GET.items() if key != "page"),
            "can_edit": can_edit_plans(request.user),
        },
    )


# --- Create and edit ------------------------------------------------------------------------


def plan_form_page(request, plan: ActionPlan | None):
    form = PlanForm(submitted(request), instance=plan)
    signatories = SignatoryFormSet(submitted(request), instance=form.instance, prefix="signatories")
    if form.is_bound and form.is_valid() and signatories.is_valid():
        saved, refused = save_or_conflict(
            form,
            page=lambda **extra: plan_page(request, plan, form, signatories, **extra),
            save=lambda: save_with_formsets(form, [signatories]),
        )
        if refused:
            return refused
        messages.success(request, f"Action plan “{saved}” {'saved' if plan else 'added'}.")
        return redirect(saved)
    return plan_page(request, plan, form, signatories)


def plan_page(request, plan: ActionPlan | None, form, signatories, *, status=200, **extra):
    index_url = reverse("actionplans:index")
    breadcrumbs = [("Action plans", index_url)]
    if plan:
        breadcrumbs.append((str(plan), plan.get_absolute_url()))
    return render(
        request,
        "actionplans/plan_form.html",
        {
            "form": form,
            "formset": signatories,
            "formset_legend": "Pledge signatories",
            "formset_help": "Who signed the pledge (e.g. the chief executive, the chair of staff side, the "
            "director of education). Tick “Remove” to take one off.",
            "heading": f"Edit {plan}" if plan else "Add an action plan",
            "cancel_url": plan.get_absolute_url() if plan else index_url,
            "breadcrumbs": breadcrumbs,
            **extra,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@requires(can_edit_plans)
def plan_create(request):
    return plan_form_page(request, None)


@require_http_methods(["GET", "POST"])
@requires(can_edit_plans)
def plan_edit(request, pk):
    return plan_form_page(request, get_object_or_404(ActionPlan, pk=pk))


# --- The plan page ----------------------------------------------------------------------------


@dataclass
class AreaNode:
    area: FocusArea
    actions: list[Action] = field(default_factory=list)


@dataclass
class PriorityNode:
    priority: Priority
    actions: list[Action] = field(default_factory=list)  # straight under it (themes)
    areas: list[AreaNode] = field(default_factory=list)

    @property
    def all_actions(self) -> list[Action]:
        return self.actions + [a for node in self.areas for a in node.actions]

    @property
    def rag_summary(self) -> list[tuple[str, int]]:
        counts = Counter(action.rag for action in self.all_actions)
        return [(rag, counts[rag]) for rag in RAG_ORDER if counts[rag]]


def plan_actions(plan: ActionPlan, today: datetime.date):
    """The plan's actions with RAG and latest progress, and all the tree shows under them."""
    return (
        Action.objects.filter(plan=plan)
        .with_rag(today)
        .prefetch_related(
            Prefetch("owners", queryset=StaffMember.objects.order_by("last_name", "first_name")),
            Prefetch("outputs", queryset=Output.objects.prefetch_related("owners", "targets")),
            "contributors",
            "achievements",
            Prefetch("dependencies", queryset=Action.objects.order_by("position", "pk")),
        )
        .order_by("position", "pk")
    )


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


def build_tree(plan: ActionPlan, actions, *, only_matches: bool) -> list[PriorityNode]:
    """Priorities > areas > actions. With filters on, only the branches that hold a match."""
    nodes = {p.pk: PriorityNode(p) for p in plan.priorities.all()}
    areas = {a.pk: AreaNode(a) for a in FocusArea.objects.filter(priority__plan=plan)}
    for node in areas.values():
        nodes[node.area.priority_id].areas.append(node)
    for action in actions:
        if action.focus_area_id in areas:
            areas[action.focus_area_id].actions.append(action)
        else:
            nodes[action.priority_id].actions.append(action)
    if only_matches:
        for node in nodes.values():
            node.areas = [a for a in node.areas if a.actions]
        return [node for node in nodes.values() if node.all_actions]
    return list(nodes.values())


@require_GET
@requires()
def plan_detail(request, pk):
    plan = get_object_or_404(ActionPlan.objects.select_related("lead"), pk=pk)
    today = datetime.date.today()
    filterset = ActionFilter(request.GET or None, queryset=plan_actions(plan, today), plan=plan, today=today)
    actions = list(filterset.qs)
    me = own_staff_record(request.user)
    for action in actions:
        action.is_overdue = bool(
            action.due_date
            and action.due_date < today
            and action.status not in (Action.Status.COMPLETED, Action.Status.CANCELLED)
        )
        action.is_mine = me is not None and (
            any(o.pk == me.pk for o in action.owners.all())
            or any(o.pk == me.pk for out in action.outputs.all() for o in out.owners.all())
        )
    filtered = filterset.is_active
    return render(
        request,
        "actionplans/plan_detail.html",
        {
            "plan": plan,
            "signatories": plan.signatories.all(),
            "tree": build_tree(plan, actions, only_matches=filtered),
            "filter": filterset,
            "filtered": filtered,
            "shown_count": len(actions),
            "can_edit": can_edit_plans(request.user),
            "is_themes": plan.layout == ActionPlan.Layout.THEMES,
            "export_query": query_without(request, "format"),
            "history": plan_history(plan),
        },
    )


@require_GET
@requires()
def plan_export(request, pk):
    """The plan page's current view (same filters) as XLSX or CSV."""
    plan = get_object_or_404(ActionPlan, pk=pk)
    export_format = request.GET.get("format", "xlsx")
    writers = {
        "xlsx": (export.plan_xlsx, XLSX_CONTENT_TYPE),
        "csv": (export.plan_csv, "text/csv; charset=utf-8"),
    }
    if export_format not in writers:
        return HttpResponseBadRequest("Choose format=xlsx or format=csv.")
    filterset = ActionFilter(request.GET, queryset=Action.objects.filter(plan=plan).with_rag(), plan=plan)
    write, content_type = writers[export_format]
    stem = slugify(plan.title)[:80] or "action-plan"
    filename = f"{stem}{'-filtered' if filterset.is_active else ''}.{export_format}"
    return download(write(plan, actions=filterset.qs), filename, content_type)
