"""The training matrix page and its export (workforce/training_matrix.py builds both).

L&D managers and directors see everyone in post, managers the staff of their own unit and below
(`StaffMember.objects.visible_to`); other roles are refused (403).
"""

from __future__ import annotations

import datetime

from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.http import require_safe

from workforce import exports
from workforce.compliance import STATUS_ORDER, Status, expiring_days, grace_months
from workforce.permissions import requires
from workforce.training_matrix import STATUS_MEANINGS, build_matrix, matrix_filter
from workforce.training_matrix_export import matrix_csv, matrix_xlsx
from workforce.views.staff import querystring_without


@require_safe
@requires("training.view_compliance")
def matrix(request):
    filterset = matrix_filter(request.GET, request.user)
    built = build_matrix(filterset)
    page = built.page(request.GET.get("page"))
    legend = [(status, Status(status).label, STATUS_MEANINGS[status]) for status in STATUS_ORDER]
    return render(
        request,
        "workforce/training_matrix.html",
        {
            "filter": filterset,
            "matrix": built,
            "rows": built.rows(page.object_list),
            "page_obj": page,
            "total": built.total(),
            "legend": legend,
            "on": filterset.on,
            "expiring_days": expiring_days(),
            "grace_months": grace_months(),
            "querystring_without_page": querystring_without(request, "page"),
            "export_query": querystring_without(request, "page", "format"),
        },
    )


@require_safe
@requires("training.view_compliance")
def matrix_export(request):
    """The filtered matrix, every page of it, as XLSX (coloured) or CSV (words)."""
    file_format = request.GET.get("format", "xlsx")
    if file_format not in {"csv", "xlsx"}:
        return HttpResponseBadRequest("Choose format=xlsx or format=csv.")
    built = build_matrix(matrix_filter(request.GET, request.user))
    filename = f"training-matrix-{datetime.date.today():%Y-%m-%d}.{file_format}"
    if file_format == "xlsx":
        return exports.download(matrix_xlsx(built), filename, exports.XLSX_CONTENT_TYPE)
    return exports.download(matrix_csv(built), filename, "text/csv; charset=utf-8")
