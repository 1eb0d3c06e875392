"""Course pages: list, a course's page (training records by status, expired), add/edit, archive."""

from __future__ import annotations

import datetime

from django.db.models import Count, OuterRef, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from workforce.forms.catalogue import CourseFilter, CourseForm
from workforce.history import history_entries
from workforce.models import Course, TrainingRecord
from workforce.permissions import requires
from workforce.views.catalogue import (
    CHANGE,
    VIEW,
    archive_page,
    count_of,
    create_or_edit,
    list_page,
)

LIST_LABEL = "Courses"


def courses_with_counts():
    return Course.objects.annotate(
        completed_count=count_of(TrainingRecord.objects.completed().filter(course=OuterRef("pk")))
    )


def record_figures(course: Course, on: datetime.date | None = None) -> dict:
    """Training records of the course by status, and how many completions have expired: one query.

    "Expired" means what TrainingRecord.objects.expired() means: completed, expiry date passed,
    not renewed by a later completion.
    Figures are counts only, so every catalogue reader may see them without seeing anyone's record.
    """
    on = on or datetime.date.today()
    Status = TrainingRecord.Status
    figures = (
        TrainingRecord.objects.filter(course=course)
        .with_superseded()
        .aggregate(
            total=Count("pk"),
            expired=Count("pk", filter=Q(status=Status.COMPLETED, expires_on__lt=on, is_superseded=False)),
            **{status.value: Count("pk", filter=Q(status=status)) for status in Status},
        )
    )
    return {
        "total": figures["total"],
        "expired": figures["expired"],
        "by_status": [(status.label, figures[status.value]) for status in Status],
    }


@require_GET
@requires(VIEW)
def course_list(request):
    filterset = CourseFilter(request.GET, queryset=courses_with_counts())
    return list_page(request, filterset, "workforce/catalogue/course_list.html")


@require_GET
@requires(VIEW)
def course_detail(request, pk):
    course = get_object_or_404(Course, pk=pk)
    return render(
        request,
        "workforce/catalogue/course_detail.html",
        {
            "course": course,
            "figures": record_figures(course),
            "requirements": course.requirements.select_related("job_role").order_by(
                "job_role__title", "staff_group"
            ),
            "history": history_entries(course),
        },
    )


@require_http_methods(["GET", "POST"])
@requires(CHANGE)
def course_create(request):
    return create_or_edit(
        request,
        CourseForm,
        list_url=reverse("catalogue:course_list"),
        list_label=LIST_LABEL,
        add_heading="Add a course",
    )


@require_http_methods(["GET", "POST"])
@requires(CHANGE)
def course_edit(request, pk):
    return create_or_edit(
        request,
        CourseForm,
        list_url=reverse("catalogue:course_list"),
        list_label=LIST_LABEL,
        add_heading="",
        instance=get_object_or_404(Course, pk=pk),
    )


@require_http_methods(["GET", "POST"])
@requires(CHANGE)
def course_archive(request, pk):
    course = get_object_or_404(Course, pk=pk)
    return archive_page(request, course, reverse("catalogue:course_list"), LIST_LABEL)
