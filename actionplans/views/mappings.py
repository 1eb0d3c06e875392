"""The remembered responsibility names (actionplans/responsibility.py): list, change, delete.

Plan editors only, like the import that fills them. Deleting one only stops it being proposed:
owners already set on plans stay.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actionplans.forms.mappings import MappingForm
from actionplans.models import ResponsibilityMapping
from actionplans.permissions import can_edit_plans
from workforce.permissions import requires
from workforce.versioning import save_or_conflict

TEMPLATES = "actionplans/mappings"


def _breadcrumbs(*more):
    return [("Action plans", reverse("actionplans:index")), *more]


def mappings_matching(query: str):
    """Remembered names whose name or person matches `query`, with what the list shows."""
    mappings = ResponsibilityMapping.objects.select_related("staff_member", "confirmed_by")
    if query:
        mappings = mappings.annotate(
            person=Concat("staff_member__first_name", Value(" "), "staff_member__last_name")
        ).filter(Q(written__icontains=query) | Q(token__icontains=query) | Q(person__icontains=query))
    return mappings.order_by("token", "pk")


@require_GET
@requires(can_edit_plans)
def mapping_list(request):
    query = request.GET.get("q", "").strip()[:100]
    page_obj = Paginator(mappings_matching(query), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        f"{TEMPLATES}/list.html",
        {
            "page_obj": page_obj,
            "query": query,
            "querystring_without_page": params.urlencode(),
            "breadcrumbs": _breadcrumbs(),
        },
    )


@require_http_methods(["GET", "POST"])
@requires(can_edit_plans)
def mapping_edit(request, pk):
    mapping = get_object_or_404(ResponsibilityMapping.objects.select_related("staff_member"), pk=pk)
    form = MappingForm(request.POST or None, instance=mapping, user=request.user)

    def page(status=200, **extra):
        crumbs = _breadcrumbs(("Remembered responsibility names", reverse("actionplans:mapping_list")))
        context = {"form": form, "mapping": mapping, "breadcrumbs": crumbs, **extra}
        return render(request, f"{TEMPLATES}/edit.html", context, status=status)

    if form.is_bound and form.is_valid():
        saved, refused = save_or_conflict(form, page=page)
        if refused:
            return refused
        messages.success(request, f"“{saved.written}” now maps to {saved.staff_member.full_name}.")
        return redirect("actionplans:mapping_list")
    return page(status=400 if form.is_bound else 200)


@require_POST
@requires(can_edit_plans)
def mapping_delete(request, pk):
    mapping = get_object_or_404(ResponsibilityMapping, pk=pk)
    written = mapping.written
    mapping.delete()
    messages.success(request, f"“{written}” is forgotten: the next import will not propose anyone from it.")
    return redirect("actionplans:mapping_list")
