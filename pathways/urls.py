from django.urls import path

from pathways import views
from pathways.plan_views import assessments, candidate, evidence, mentees, plan, reviews

app_name = "pathways"
urlpatterns = [
    path("", views.index, name="index"),
    # --- plan part: the candidate page, assessments, the development plan, reviews, mentors ---
    path("candidates/<int:pk>/", candidate.candidate, name="candidate"),
    path("candidates/<int:pk>/assess/", assessments.assess, name="assess"),
    path("assessments/<int:pk>/confirm/", assessments.confirm, name="assessment_confirm"),
    path("candidates/<int:pk>/plan/", plan.plan_edit, name="plan_edit"),
    path("candidates/<int:pk>/objectives/add/", plan.objective_add, name="objective_add"),
    path("candidates/<int:pk>/objectives/from-gap/", plan.objective_from_gap, name="objective_from_gap"),
    path("objectives/<int:pk>/edit/", plan.objective_edit, name="objective_edit"),
    path("objectives/<int:pk>/sign-off/", plan.objective_sign_off, name="objective_sign_off"),
    path("candidates/<int:pk>/activities/add/", plan.activity_add, name="activity_add"),
    path("activities/<int:pk>/edit/", plan.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/sign-off/", plan.activity_sign_off, name="activity_sign_off"),
    path("activities/<int:pk>/evidence/", evidence.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", evidence.evidence, name="evidence"),
    path("candidates/<int:pk>/reviews/add/", reviews.review_add, name="review_add"),
    path("my-mentees/", mentees.my_mentees, name="my_mentees"),
    path("mentors/", mentees.mentor_load, name="mentor_load"),
]
