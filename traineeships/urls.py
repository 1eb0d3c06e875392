"""Traineeships URLs, one module per part of the app so each part keeps its own list:
recruitment (programmes, intakes, applicants, checks, letters), trainees (placements, support
meetings, sessions, feedback, outcomes, confidential plans), figures (diversity, evaluation)."""

from django.urls import path

from traineeships import urls_figures, urls_letters, urls_recruitment, urls_trainees
from traineeships.views import index

app_name = "traineeships"
urlpatterns = [
    path("", index.index, name="index"),
    *urls_recruitment.urlpatterns,
    *urls_trainees.urlpatterns,
    *urls_figures.urlpatterns,
    *urls_letters.urlpatterns,
]
