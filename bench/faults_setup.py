"""Data for bench/faults.py, run in a subprocess against the scratch database: one L&D manager
(who may update every action and record anyone's training), a plan of `--clients` actions with a
milestone each, a staff member per client and a course. Prints the URLs and ids as JSON."""

from __future__ import annotations

import json
import sys

import django

django.setup()

from django.urls import reverse  # noqa: E402

from actionplans.tests.factories import ActionFactory, ActionPlanFactory, MilestoneFactory  # noqa: E402
from workforce.permissions import Role  # noqa: E402
from workforce.tests.factories import CourseFactory, StaffMemberFactory, UserFactory  # noqa: E402

PASSWORD = "faults-bench-password-1"


def main(clients: int) -> dict:
    from django.contrib.auth.models import Group

    for role in Role:
        Group.objects.get_or_create(name=role)
    user = UserFactory(username="faults-ld", roles=[Role.LD_MANAGER])
    user.set_password(PASSWORD)
    user.save()
    StaffMemberFactory(user=user, first_name="Lena", last_name="Dawes")
    plan = ActionPlanFactory(title="Faults bench plan")
    course = CourseFactory(title="Fire safety (faults bench)")
    slots = []
    for n in range(clients):
        action = ActionFactory(plan=plan, number=f"1.{n + 1}", description=f"Bench action {n + 1}")
        milestone = MilestoneFactory(action=action)
        person = StaffMemberFactory(first_name="Bench", last_name=f"Person {n + 1}")
        slots.append(
            {
                "action": reverse("actionplans:action_detail", args=[action.pk]),
                "progress": reverse("actionplans:progress_add", args=[action.pk]),
                "milestone_id": milestone.pk,
                "milestone": reverse("actionplans:milestone_toggle", args=[milestone.pk]),
                "training": reverse("staff:training_add", args=[person.pk]),
                "person": reverse("staff:detail", args=[person.pk]),
            }
        )
    return {
        "username": user.username,
        "password": PASSWORD,
        "course_id": course.pk,
        "login": reverse("login"),
        "reads": [reverse("home"), reverse("staff:list"), reverse("actionplans:plan_detail", args=[plan.pk])],
        "slots": slots,
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]))))
