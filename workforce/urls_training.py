"""/training/: training compliance (the matrix, the summary), recording a session, importing
completions."""

from django.urls import path

from workforce.views import training_import, training_matrix, training_session, training_summary

app_name = "training"
urlpatterns: list = [
    # matrix
    path("matrix/", training_matrix.matrix, name="matrix"),
    path("matrix/export/", training_matrix.matrix_export, name="matrix_export"),
    # summary
    path("compliance/", training_summary.summary, name="summary"),
    # sessions and completions import
    path("sessions/new/", training_session.record_session, name="record_session"),
    path("sessions/people/", training_session.session_people, name="session_people"),
    path("import/", training_import.upload, name="import"),
    path("import/confirm/", training_import.confirm, name="import_confirm"),
]
