"""Competency pages: list, a competency's page (levels, roles requiring it), add/edit, archive."""

from __future__ import annotations

from django.db.models import OuterRef
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from workforce.forms.catalogue import CompetencyFilter, CompetencyForm
from workforce.history import history_entries
from workforce.models import Competency, RoleRequirement
from workforce.permissions import requires
from workforce.views.catalogue import (
    CHANGE,
    VIEW,
    archive_page,
    count_of,
    create_or_edit,
    list_page,
)

LIST_LABEL = "Competencies"


def competencies_with_counts():
    """Competencies annotated with how many active job roles require them."""
    return Competency.objects.annotate(
        role_count=count_of(
            RoleRequirement.objects.filter(competency=OuterRef("pk"), job_role__is_archived=False)
        )
    )


@require_GET
@requires(VIEW)
def competency_list(request):
    filterset = CompetencyFilter(request.GET, queryset=competencies_with_counts())
    return list_page(request, filterset, "workforce/catalogue/competency_list.html")


@require_GET
@requires(VIEW)
def competency_detail(request, pk):
    competency = get_object_or_404(Competency, pk=pk)
    return render(
        request,
        "workforce/catalogue/competency_detail.html",
        {
            "competency": competency,
            "required_by": competency.requirements.select_related("job_role").order_by(
                "job_role__is_archived", "-required_level", "job_role__title"
            ),
            "history": history_entries(competency),
        },
    )


@require_http_methods(["GET", "POST"])
@requires(CHANGE)
def competency_create(request):
    return create_or_edit(
        request,
        CompetencyForm,
        list_url=reverse("catalogue:competency_list"),
        list_label=LIST_LABEL,
        add_heading="Add a competency",
    )


@require_http_methods(["GET", "POST"])
@requires(CHANGE)
def competency_edit(request, pk):
    return create_or_edit(
        request,
        CompetencyForm,
        list_url=reverse("catalogue:competency_list"),
        list_label=LIST_LABEL,
        add_heading="",
        instance=get_object_or_404(Competency, pk=pk),
    )


@require_http_methods(["GET", "POST"])
@requires(CHANGE)
def competency_archive(request, pk):
    competency = get_object_or_404(Competency, pk=pk)
    return archive_page(request, competency, reverse("catalogue:competency_list"), LIST_LABEL)
