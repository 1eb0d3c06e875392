"""Retention runs: when the retention rule ran, its cutoff, how many it anonymised and what ran it;
and how many applicants the next run will anonymise. The L&D manager's."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from traineeships import retention
from traineeships.models import RetentionRun
from traineeships.permissions import MANAGE
from workforce.permissions import requires


@require_safe
@requires(MANAGE)
def retention_runs(request):
    today = timezone.localdate()
    page_obj = Paginator(RetentionRun.objects.all(), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page_obj,
        "months": retention.retention_months(),
        "cutoff": retention.cutoff_for(today),
        "due": retention.due(today).count(),
    }
    return render(request, "traineeships/letters/retention_runs.html", context)
