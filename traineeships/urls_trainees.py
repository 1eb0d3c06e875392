"""Traineeships URLs: the trainees part (see traineeships/urls.py)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
