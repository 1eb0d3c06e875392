"""/catalogue/: organisation units, job roles, competencies, courses (read by all, changed by L&D)."""

from django.urls import path

from workforce.views import (
    catalogue_competencies as competencies,
)
from workforce.views import (
    catalogue_courses as courses,
)
from workforce.views import (
    catalogue_jobroles as jobroles,
)
from workforce.views import (
    catalogue_orgunits as orgunits,
)
from workforce.views import (
    catalogue_requirements as requirements,
)

app_name = "catalogue"
urlpatterns = [
    path("units/", orgunits.orgunit_list, name="orgunit_list"),
    path("units/new/", orgunits.orgunit_create, name="orgunit_create"),
    path("units/<int:pk>/", orgunits.orgunit_detail, name="orgunit_detail"),
    path("units/<int:pk>/edit/", orgunits.orgunit_edit, name="orgunit_edit"),
    path("units/<int:pk>/archive/", orgunits.orgunit_archive, name="orgunit_archive"),
    path("roles/", jobroles.jobrole_list, name="jobrole_list"),
    path("roles/new/", jobroles.jobrole_create, name="jobrole_create"),
    path("roles/<int:pk>/", jobroles.jobrole_detail, name="jobrole_detail"),
    path("roles/<int:pk>/edit/", jobroles.jobrole_edit, name="jobrole_edit"),
    path("roles/<int:pk>/archive/", jobroles.jobrole_archive, name="jobrole_archive"),
    path("competencies/", competencies.competency_list, name="competency_list"),
    path("competencies/new/", competencies.competency_create, name="competency_create"),
    path("competencies/<int:pk>/", competencies.competency_detail, name="competency_detail"),
    path("competencies/<int:pk>/edit/", competencies.competency_edit, name="competency_edit"),
    path("competencies/<int:pk>/archive/", competencies.competency_archive, name="competency_archive"),
    path("courses/", courses.course_list, name="course_list"),
    path("courses/new/", courses.course_create, name="course_create"),
    path("courses/<int:pk>/", courses.course_detail, name="course_detail"),
    path("courses/<int:pk>/edit/", courses.course_edit, name="course_edit"),
    path("courses/<int:pk>/archive/", courses.course_archive, name="course_archive"),
    path("training-requirements/", requirements.requirement_list, name="requirement_list"),
    path("training-requirements/new/", requirements.requirement_create, name="requirement_create"),
    path("training-requirements/<int:pk>/edit/", requirements.requirement_edit, name="requirement_edit"),
    path(
        "training-requirements/<int:pk>/remove/", requirements.requirement_remove, name="requirement_remove"
    ),
]
