"""/training/: training compliance (the matrix and the summary), recording a session,
importing completions."""

from django.urls import path

from workforce.views import training_summary

app_name = "training"
urlpatterns: list = [
    # matrix
    # summary
    path("compliance/", training_summary.summary, name="summary"),
    # sessions and completions import
]
