"""The pathway list with pipeline figures, the pathway page (the ladder), and the L&D manager's
pathway and stage forms.

Everyone signed in reads the pathways (like the catalogue of roles); the people shown on them
are those in the reader's scope, and the pipeline figures count the enrolments they may see.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from pathways import permissions
from pathways.flow_forms import PathwayForm, StageForm
from pathways.ladder import build_ladder
from pathways.models import CareerPathway, Enrolment, PathwayStage
from pathways.pipeline import pathway_pipeline, pipelines
from workforce.history import history_entries
from workforce.permissions import requires
from workforce.versioning import save_or_conflict


def submitted(request):
    return request.POST if request.method == "POST" else None


def pathways_for(user):
    """Active pathways for everyone; the L&D manager also sees the inactive ones."""
    stages = Prefetch("stages", queryset=PathwayStage.objects.select_related("job_role").order_by("position"))
    pathways = CareerPathway.objects.prefetch_related(stages).order_by("name")
    return pathways if permissions.can_manage(user) else pathways.active()


@require_safe
@requires()
def index(request):
    page_obj = Paginator(pathways_for(request.user), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    figures = pipelines(Enrolment.objects.visible_to(request.user), [p.pk for p in page_obj], today)
    rows = [{"pathway": pathway, "pipeline": figures[pathway.pk]} for pathway in page_obj]
    return render(
        request,
        "pathways/index.html",
        {
            "page_obj": page_obj,
            "rows": rows,
            "year": today.year,
            "sees_all": permissions.can(request.user, permissions.VIEW_ALL),
            "can_manage": permissions.can_manage(request.user),
            "can_nominate": permissions.can_nominate(request.user),
        },
    )


@require_safe
@requires()
def pathway_detail(request, pk):
    pathway = get_object_or_404(pathways_for(request.user), pk=pk)
    today = timezone.localdate()
    return render(
        request,
        "pathways/pathway_detail.html",
        {
            "pathway": pathway,
            "breadcrumbs": [("Career pathways", reverse("pathways:index"))],
            "rungs": build_ladder(pathway, request.user),
            "pipeline": pathway_pipeline(pathway, Enrolment.objects.visible_to(request.user), today),
            "year": today.year,
            "sees_all": permissions.can(request.user, permissions.VIEW_ALL),
            "can_manage": permissions.can_manage(request.user),
            "can_nominate": permissions.can_nominate(request.user),
            "history": history_entries(
                pathway, parts=[("Stage", PathwayStage.history.filter(pathway_id=pathway.pk))]
            )
            if permissions.can_manage(request.user)
            else None,
        },
    )


# --- The L&D manager's forms ------------------------------------------------------------------


def form_page(request, form, *, heading, cancel_url, status=200, **extra):
    breadcrumbs = [("Career pathways", reverse("pathways:index"))]
    pathway = extra.pop("pathway", None)
    if pathway is not None:
        breadcrumbs.append((str(pathway), pathway.get_absolute_url()))
    return render(
        request,
        "pathways/form.html",
        {"form": form, "heading": heading, "cancel_url": cancel_url, "breadcrumbs": breadcrumbs, **extra},
        status=status,
    )


def _save(request, form, page, done: str):
    if form.is_bound and form.is_valid():
        saved, refused = save_or_conflict(form, page=page)
        if refused:
            return refused
        messages.success(request, done.format(saved))
        return redirect(saved if isinstance(saved, CareerPathway) else saved.pathway)
    return page()


@require_http_methods(["GET", "POST"])
@requires(permissions.MANAGE)
def pathway_create(request):
    form = PathwayForm(submitted(request))
    cancel = reverse("pathways:index")

    def page(**extra):
        return form_page(request, form, heading="Add a career pathway", cancel_url=cancel, **extra)

    return _save(request, form, page, "Pathway “{}” added. Now add its stages, from the first rung up.")


@require_http_methods(["GET", "POST"])
@requires(permissions.MANAGE)
def pathway_edit(request, pk):
    pathway = get_object_or_404(CareerPathway, pk=pk)
    form = PathwayForm(submitted(request), instance=pathway)

    def page(**extra):
        return form_page(
            request,
            form,
            heading=f"Edit {pathway}",
            cancel_url=pathway.get_absolute_url(),
            pathway=pathway,
            **extra,
        )

    return _save(request, form, page, "Pathway “{}” saved.")


@require_http_methods(["GET", "POST"])
@requires(permissions.MANAGE)
def stage_create(request, pathway_pk):
    pathway = get_object_or_404(CareerPathway, pk=pathway_pk)
    next_position = (pathway.stages.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    form = StageForm(submitted(request), pathway=pathway, initial={"position": next_position})

    def page(**extra):
        return form_page(
            request,
            form,
            heading=f"Add a stage to {pathway}",
            cancel_url=pathway.get_absolute_url(),
            pathway=pathway,
            **extra,
        )

    return _save(request, form, page, "Stage “{}” added.")


@require_http_methods(["GET", "POST"])
@requires(permissions.MANAGE)
def stage_edit(request, pk):
    stage = get_object_or_404(PathwayStage.objects.select_related("pathway", "job_role"), pk=pk)
    form = StageForm(submitted(request), instance=stage, pathway=stage.pathway)

    def page(**extra):
        return form_page(
            request,
            form,
            heading=f"Edit stage {stage.position}: {stage.job_role}",
            cancel_url=stage.pathway.get_absolute_url(),
            pathway=stage.pathway,
            **extra,
        )

    return _save(request, form, page, "Stage “{}” saved.")
