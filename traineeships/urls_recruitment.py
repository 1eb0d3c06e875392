"""Traineeships URLs: the recruitment part (see traineeships/urls.py): programmes and intakes
with their figures, the applicant board, applicants, their checks and their start."""

from django.urls import path

from traineeships.views import recruitment_applicants as applicants
from traineeships.views import recruitment_board as board
from traineeships.views import recruitment_programmes as programmes

urlpatterns: list = [
    path("programmes/new/", programmes.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", programmes.programme, name="programme"),
    path("programmes/<int:pk>/edit/", programmes.programme_edit, name="programme_edit"),
    path("programmes/<int:programme_pk>/intakes/new/", programmes.intake_create, name="intake_create"),
    path("intakes/<int:pk>/", programmes.intake, name="intake"),
    path("intakes/<int:pk>/edit/", programmes.intake_edit, name="intake_edit"),
    path("intakes/<int:pk>/applicants/", board.board, name="board"),
    path("intakes/<int:pk>/applicants/column/", board.board_column, name="board_column"),
    path("intakes/<int:intake_pk>/applicants/new/", applicants.applicant_create, name="applicant_create"),
    path("applicants/<int:pk>/", applicants.applicant, name="applicant"),
    path("applicants/<int:pk>/edit/", applicants.applicant_edit, name="applicant_edit"),
    path("applicants/<int:pk>/move/", board.move, name="applicant_move"),
    path("applicants/<int:pk>/checks/", applicants.checks, name="applicant_checks"),
    path("applicants/<int:pk>/start/", applicants.start, name="applicant_start"),
]
