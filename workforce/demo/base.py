"""`DemoCore`: what the core demo built, and the helpers every app's demo loader uses."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models

from workforce.models import Competency, Course, JobRole, OrgUnit, StaffMember

SEED = "northshire-care-group"
# Printed by load_demo; demo only. With DEBUG off the command refuses to run without --force.
DEMO_PASSWORD = "ladder-demo-2026"
_LOOK = object()  # upsert(): "fetch the row yourself"


# ensure_login's role for a login with no role at all (not a superuser either).
NO_ROLE = ""


@dataclass
class DemoLogin:
    username: str
    password: str
    role: str
    person: StaffMember | None


@dataclass
class DemoCore:
    """What the core built, handed to every app's `demo.load(core)`."""

    today: datetime.date
    organisation: OrgUnit | None = None
    head_office: OrgUnit | None = None
    regions: dict[str, OrgUnit] = field(default_factory=dict)
    homes: list[OrgUnit] = field(default_factory=list)
    job_roles: dict[str, JobRole] = field(default_factory=dict)
    competencies: dict[str, Competency] = field(default_factory=dict)
    courses: dict[str, Course] = field(default_factory=dict)
    staff: list[StaffMember] = field(default_factory=list)
    people: dict[str, StaffMember] = field(default_factory=dict)
    logins: dict[str, DemoLogin] = field(default_factory=dict)
    created: dict[str, int] = field(default_factory=dict)

    def random(self, label: str) -> random.Random:
        """A generator seeded for one caller only (string seeds do not depend on PYTHONHASHSEED)."""
        return random.Random(f"{SEED}:{label}")

    def staff_in(self, unit: OrgUnit, *, current: bool = True) -> list[StaffMember]:
        return [s for s in self.staff if s.org_unit_id == unit.pk and (not current or not s.leaving_date)]

    def holders(self, job_title: str, *, current: bool = True) -> list[StaffMember]:
        role = self.job_roles[job_title]
        return [s for s in self.staff if s.job_role_id == role.pk and (not current or not s.leaving_date)]

    def upsert(
        self, model: type[models.Model], lookup: dict, values: dict, history_date=None, *, found=_LOOK
    ):
        """Create the row or bring it up to date; saves only when a value differs, so reruns write nothing.

        `found`: the existing row (or None) when the caller has already fetched it in bulk.
        """
        obj = model._default_manager.filter(**lookup).order_by().first() if found is _LOOK else found
        if obj is None:
            obj = model(**lookup, **values)
            if history_date is not None:
                obj._history_date = history_date  # read by django-simple-history
            obj.save()
            obj.__dict__.pop("_history_date", None)  # later saves of this object happen today
            self.count_created(model, 1)
            return obj, True
        changed = False
        for name, value in values.items():
            model_field = model._meta.get_field(name)
            if model_field.is_relation:
                current, wanted = getattr(obj, model_field.attname), (value.pk if value else None)
                name = model_field.attname
                value = wanted
            else:
                current = getattr(obj, name)
            if current != value:
                setattr(obj, name, value)
                changed = True
        if changed:
            if history_date is not None:
                obj._history_date = history_date
            obj.save()
            obj.__dict__.pop("_history_date", None)
        return obj, False

    def count_created(self, model: type[models.Model], number: int) -> None:
        if not number:
            return
        name = str(model._meta.verbose_name_plural)
        self.created[name] = self.created.get(name, 0) + number

    def ensure_login(
        self,
        username: str,
        role: str | None,
        person: StaffMember | None = None,
        password: str = DEMO_PASSWORD,
        described_as: str | None = None,
    ):
        """A login with exactly this role (None: superuser; NO_ROLE: a plain login, such as a
        placement supervisor whose rights come from what they are named on), its password reset
        to the demo one. `described_as` words the README's and the command's list of logins."""
        user_model = get_user_model()
        is_admin = role is None
        user, _ = user_model.objects.get_or_create(username=username)
        user.first_name = person.first_name if person else "Demo"
        user.last_name = person.last_name if person else "Administrator"
        user.email = person.email if person else f"{username}@northshire-care.example"
        user.is_staff = user.is_superuser = is_admin
        user.is_active = True
        user.set_password(password)
        user.save()
        user.groups.set([] if is_admin or role == NO_ROLE else [Group.objects.get_or_create(name=role)[0]])
        if person is not None and person.user_id != user.pk:
            StaffMember.objects.filter(user=user).exclude(pk=person.pk).update(user=None)
            person.user = user
            person.save(update_fields=["user"])
        words = described_as or ("Superuser" if is_admin else role)
        self.logins[username] = DemoLogin(username, password, words, person)
        return user
