"""The programme evaluation page, for a programme or one of its intakes: funnel, placements and
breakdowns, outcomes and follow-ups, retention of those employed here, feedback. The L&D manager
sees whose feedback a comment is; a director reads the comments without names."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from traineeships import permissions
from traineeships.evaluation import evaluate
from traineeships.permissions import FIGURES
from traineeships.views.figures import breadcrumbs, scope_for, scope_urls
from workforce.permissions import requires


@require_safe
@requires(FIGURES)
def evaluation_page(request, programme_pk=None, intake_pk=None):
    scope = scope_for(programme_pk, intake_pk)
    intakes = []
    if scope.intake is None:
        intakes = list(scope.programme.intakes.order_by("-starts_on", "pk"))
    return render(
        request,
        "traineeships/figures/evaluation.html",
        {
            "scope": scope,
            "evaluation": evaluate(scope, timezone.localdate()),
            "with_names": permissions.can_manage(request.user),
            "intakes": intakes,
            "urls": scope_urls(scope),
            "breadcrumbs": breadcrumbs(scope),
        },
    )
