"""Traineeships' pages, one module per part of the app (each lists its PAGES and set-up)."""

from __future__ import annotations

from bench.pages import (
    traineeships_figures,
    traineeships_letters,
    traineeships_recruitment,
    traineeships_trainees,
)

PAGES = [
    *traineeships_recruitment.PAGES,
    *traineeships_trainees.PAGES,
    *traineeships_figures.PAGES,
    *traineeships_letters.PAGES,
]
