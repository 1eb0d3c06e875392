"""Downloading a whole action plan (every signed-in user reads every plan): the spreadsheet
people read (format=xlsx or csv), or the plan workbook, which imports back as the same plan in
every field and row (format=workbook)."""

from __future__ import annotations

from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from actionplans.models import ActionPlan
from actionplans.spreadsheets import export
from actionplans.spreadsheets.workbook import plan_workbook, workbook_filename
from workforce.exports import XLSX_CONTENT_TYPE, download
from workforce.permissions import requires

FORMATS = ("xlsx", "csv", "workbook")


@require_safe
@requires()
def plan_download(request, pk):
    plan = get_object_or_404(ActionPlan, pk=pk)
    export_format = request.GET.get("format", "xlsx")
    if export_format not in FORMATS:
        return HttpResponseBadRequest("Choose format=xlsx, format=csv or format=workbook.")
    if export_format == "workbook":
        return download(plan_workbook(plan), workbook_filename(plan), XLSX_CONTENT_TYPE)
    return export.plan_download(plan, export_format)
