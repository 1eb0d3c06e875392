"""Downloading a whole action plan as Excel or CSV (every signed-in user reads every plan)."""

from __future__ import annotations

from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from actionplans.models import ActionPlan
from actionplans.spreadsheets import export
from workforce.permissions import requires

FORMATS = ("xlsx", "csv")


@require_safe
@requires()
def plan_download(request, pk):
    plan = get_object_or_404(ActionPlan, pk=pk)
    export_format = request.GET.get("format", "xlsx")
    if export_format not in FORMATS:
        return HttpResponseBadRequest("Choose format=xlsx or format=csv.")
    return export.plan_download(plan, export_format)
