"""Traineeships: programmes, intakes, the applicant board, trainees."""

from __future__ import annotations

from bench.pages import Page  # noqa: F401

PAGES: list = []
