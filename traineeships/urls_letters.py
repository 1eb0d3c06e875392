"""Traineeships URLs: the letters and retention part (see traineeships/urls.py)."""

from django.urls import path

from traineeships.views import letters, retention

urlpatterns = [
    path("letters/", letters.letter_templates, name="letter_templates"),
    path("letters/<slug:kind>/edit/", letters.letter_template_edit, name="letter_template_edit"),
    path("letters/pdf/<int:pk>/", letters.letter_pdf_download, name="letter_pdf_download"),
    path("applicants/<int:pk>/letters/<slug:kind>/", letters.letter, name="letter"),
    path("applicants/<int:pk>/letters/<slug:kind>/pdf/", letters.letter_pdf, name="letter_pdf"),
    path("applicants/<int:pk>/letters/<slug:kind>/email/", letters.letter_email, name="letter_email"),
    path("retention/", retention.retention_runs, name="retention_runs"),
]
