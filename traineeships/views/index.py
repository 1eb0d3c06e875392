"""The traineeships index: for those who read the figures (the L&D manager, a director) the
programmes with their intakes and headline figures (applicants, started, active placements);
the L&D manager also adds and edits them. Everyone else signed in gets a short text and, where
the trainees part offers one, the way to their trainees. No person is named on this page."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render
from django.views.decorators.http import require_safe

from traineeships import permissions
from traineeships.models import Intake, Programme
from traineeships.recruitment_figures import headline_by_intake
from workforce.permissions import requires


def programmes_for(user):
    """Programmes with their intakes (newest first): active ones, and for the L&D manager the
    inactive ones too."""
    intakes = Prefetch("intakes", queryset=Intake.objects.order_by("-starts_on", "pk"))
    programmes = Programme.objects.prefetch_related(intakes, "partners").order_by("name")
    return programmes if permissions.can_manage(user) else programmes.filter(active=True)


@require_safe
@requires()
def index(request):
    user = request.user
    context = {"can_manage": permissions.can_manage(user)}
    if permissions.can_read_figures(user):
        page_obj = Paginator(programmes_for(user), settings.PAGE_SIZE).get_page(request.GET.get("page"))
        intake_ids = [intake.pk for programme in page_obj for intake in programme.intakes.all()]
        figures = headline_by_intake(intake_ids)
        context["page_obj"] = page_obj
        context["programmes"] = [
            {
                "programme": programme,
                "intakes": [(intake, figures[intake.pk]) for intake in programme.intakes.all()],
            }
            for programme in page_obj
        ]
    return render(request, "traineeships/index.html", context)
