"""Action plans: the list, creating and editing a plan (with its pledge), and the export of what
the plan page shows. The plan page itself is views/plan_page.py."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from actionplans.filters import ActionFilter, PlanFilter
from actionplans.forms.structure import PlanForm, SignatoryFormSet, save_with_formsets
from actionplans.models import Action, ActionPlan
from actionplans.permissions import can_edit_plans
from actionplans.rag import RAG_ORDER
from actionplans.spreadsheets import export
from workforce.exports import XLSX_CONTENT_TYPE, download
from workforce.permissions import requires
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


# --- The export of the plan page's view (the page itself: views/plan_page.py) -----------------


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
