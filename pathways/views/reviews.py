"""Review meetings: the mentor (or L&D manager) records date, notes, agreed next steps, the next
review's date, and performance and potential (1-3) for the talent grid."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from pathways.plan_forms import ReviewForm
from pathways.views.common import candidate_url, enrolment_to_develop
from workforce.permissions import own_staff_record, requires


@requires()
@require_http_methods(["GET", "POST"])
def review_add(request, pk):
    enrolment = enrolment_to_develop(request.user, pk)
    form = ReviewForm(request.POST or None)
    if form.is_bound and form.is_valid():
        form.instance.enrolment = enrolment
        form.instance.mentor = own_staff_record(request.user)
        review = form.save()
        messages.success(request, f"Review of {review.held_on:%-d %b %Y} recorded.")
        return redirect(candidate_url(enrolment, "reviews-heading"))
    context = {"form": form, "enrolment": enrolment, "submit_label": "Record the review"}
    return render(request, "pathways/review_form.html", context)
