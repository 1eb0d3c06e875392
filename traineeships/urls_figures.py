"""Traineeships URLs: the figures part (see traineeships/urls.py): the diversity of applicants and
the programme evaluation, each for a programme or one of its intakes."""

from django.urls import path

from traineeships.views import figures, figures_evaluation

urlpatterns = [
    path("figures/", figures.index, name="figures"),
    path(
        "figures/programmes/<int:programme_pk>/diversity/", figures.diversity_page, name="programme_diversity"
    ),
    path(
        "figures/programmes/<int:programme_pk>/diversity/export/",
        figures.diversity_export,
        name="programme_diversity_export",
    ),
    path(
        "figures/programmes/<int:programme_pk>/evaluation/",
        figures_evaluation.evaluation_page,
        name="programme_evaluation",
    ),
    path("figures/intakes/<int:intake_pk>/diversity/", figures.diversity_page, name="intake_diversity"),
    path(
        "figures/intakes/<int:intake_pk>/diversity/export/",
        figures.diversity_export,
        name="intake_diversity_export",
    ),
    path(
        "figures/intakes/<int:intake_pk>/evaluation/",
        figures_evaluation.evaluation_page,
        name="intake_evaluation",
    ),
]
