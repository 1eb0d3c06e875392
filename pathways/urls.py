from django.urls import path

from pathways.views import (
    assessments,
    candidate,
    evidence,
    flow_nominations,
    flow_pathways,
    flow_status,
    mentees,
    plan,
    reviews,
    succession,
)

app_name = "pathways"
urlpatterns = [
    # --- flow: pathways, the ladder, nominations, status steps ---
    path("", flow_pathways.index, name="index"),
    path("add/", flow_pathways.pathway_create, name="pathway_create"),
    path("<int:pk>/", flow_pathways.pathway_detail, name="pathway"),
    path("<int:pk>/edit/", flow_pathways.pathway_edit, name="pathway_edit"),
    path("<int:pathway_pk>/stages/add/", flow_pathways.stage_create, name="stage_create"),
    path("stages/<int:pk>/edit/", flow_pathways.stage_edit, name="stage_edit"),
    path("nominate/", flow_nominations.nominate, name="nominate"),
    path("nominate/people/", flow_nominations.nominee_search, name="nominee_search"),
    path("nominations/", flow_nominations.nominations, name="nominations"),
    path("nominations/<int:pk>/accept/", flow_nominations.accept, name="accept"),
    path("nominations/<int:pk>/decline/", flow_nominations.decline, name="decline"),
    path("candidates/<int:pk>/start/", flow_status.start_development, name="start_development"),
    path("candidates/<int:pk>/readiness/", flow_status.judge_readiness, name="judge_readiness"),
    path("candidates/<int:pk>/ready/", flow_status.mark_ready, name="mark_ready"),
    path("candidates/<int:pk>/progress/", flow_status.progress_view, name="progress"),
    path("candidates/<int:pk>/mentor/", flow_status.change_mentor, name="change_mentor"),
    path("candidates/<int:pk>/withdraw/", flow_status.withdraw, name="withdraw"),
    path(
        "candidates/<int:pk>/back-to-development/",
        flow_status.back_to_development,
        name="back_to_development",
    ),
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
    # --- succession: the succession plan, a role's every candidate, its export and the talent grid ---
    path("succession/", succession.succession_page, name="succession"),
    path("succession/roles/<int:pk>/", succession.succession_candidates, name="succession_candidates"),
    path("succession/export/", succession.succession_export, name="succession_export"),
    path("succession/talent-grid/", succession.talent_grid, name="talent_grid"),
]
