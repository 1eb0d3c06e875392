"""/training/: training compliance (the matrix and the summary), recording a session,
importing completions."""

from django.urls import path

from workforce.views import training_matrix, training_summary

app_name = "training"
urlpatterns: list = [
    # matrix
    path("matrix/", training_matrix.matrix, name="matrix"),
    path("matrix/export/", training_matrix.matrix_export, name="matrix_export"),
    # summary
    path("compliance/", training_summary.summary, name="summary"),
    # sessions and completions import
]
