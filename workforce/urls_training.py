"""/training/: compliance (the matrix and the summary), recording a session, importing completions."""

from django.urls import path  # noqa: F401  (each page adds its path below)

app_name = "training"
urlpatterns: list = [
    # matrix
    # summary
    # sessions and completions import
]
