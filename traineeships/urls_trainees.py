"""Traineeships URLs: the trainees part (see traineeships/urls.py): trainees, placements, support
meetings, feedback, outcomes, training sessions, confidential plans and their access log."""

from django.urls import path

from traineeships.views import confidential, placements, trainee_sessions, trainees

urlpatterns: list = [
    path("trainees/mine/", trainees.mine, name="my_trainees"),
    path("trainees/<int:pk>/", trainees.trainee, name="trainee"),
    path("trainees/<int:pk>/edit/", trainees.trainee_edit, name="trainee_edit"),
    path("trainees/<int:pk>/place/", placements.placement_add, name="placement_add"),
    path("trainees/<int:pk>/meetings/new/", placements.meeting_add, name="meeting_add"),
    path("trainees/<int:pk>/feedback/new/", trainees.feedback_add, name="feedback_add"),
    path("trainees/<int:pk>/outcomes/new/", trainees.outcome_add, name="outcome_add"),
    path("trainees/<int:pk>/plans/new/", confidential.plan_add, name="plan_add"),
    path("placements/<int:pk>/edit/", placements.placement_edit, name="placement_edit"),
    path("placements/<int:pk>/end/", placements.placement_end, name="placement_end"),
    path("placements/<int:pk>/breakdown/", placements.placement_breakdown, name="placement_breakdown"),
    path("meetings/<int:pk>/edit/", placements.meeting_edit, name="meeting_edit"),
    path("feedback/<int:pk>/edit/", trainees.feedback_edit, name="feedback_edit"),
    path("outcomes/<int:pk>/edit/", trainees.outcome_edit, name="outcome_edit"),
    path("intakes/<int:pk>/sessions/", trainee_sessions.intake_sessions, name="intake_sessions"),
    path("sessions/<int:pk>/", trainee_sessions.session, name="session"),
    path("plans/<int:pk>/", confidential.plan, name="plan"),
    path("plans/<int:pk>/edit/", confidential.plan_edit, name="plan_edit"),
    path("plans/access-log/", confidential.access_log, name="access_log"),
]
