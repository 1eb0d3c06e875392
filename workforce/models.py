"""The core of the domain: the organisation, its staff, job roles and competencies. Every other
app hangs off these. Courses and training records are in workforce/training.py, background runs
in workforce/runs.py; both are imported at the end of this module."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from workforce import permissions
from workforce.versioning import Versioned

PATH_STEP = 6  # digits per tree level in OrgUnit.path: "000001.000007."


class ArchivableQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_archived=False)


class OrgUnitQuerySet(ArchivableQuerySet):
    def subtree(self, unit: OrgUnit):
        """The unit and everything below it (one indexed prefix match, any depth)."""
        return self.filter(path__startswith=unit.path)


class OrgUnit(Versioned):
    """A node of the organisation tree: organisation > region/division > site/home/department > team."""

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", "Organisation"
        REGION = "region", "Region"
        DIVISION = "division", "Division"
        SITE = "site", "Site"
        HOME = "home", "Care home"
        DEPARTMENT = "department", "Department"
        TEAM = "team", "Team"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Materialised path of zero-padded ids; managers' scoping relies on its prefix index.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    is_archived = models.BooleanField(default=False)
    history = HistoricalRecords(excluded_fields=["version"])

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = "organisation unit"
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="orgunit_unique_name_in_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        with transaction.atomic():
            old_path = self.path
            super().save(*args, **kwargs)
            parent_path = self.parent.path if self.parent_id else ""
            new_path = self._own_path(parent_path)
            if new_path != old_path:
                depth = new_path.count(".") - 1
                OrgUnit.objects.filter(pk=self.pk).update(path=new_path, depth=depth)
                self.path, self.depth = new_path, depth
                if old_path:
                    self._move_descendants(old_path, new_path)

    def get_absolute_url(self) -> str:
        return reverse("catalogue:orgunit_detail", args=[self.pk])

    @property
    def indented_name(self) -> str:
        return "\u2003" * self.depth + self.name

    def clean(self):
        if self.parent_id and self.pk:
            parent = OrgUnit.objects.get(pk=self.parent_id)
            if parent.path.startswith(self.path) and self.path:
                raise ValidationError({"parent": "A unit cannot sit inside itself or one of its own teams."})

    def _own_path(self, parent_path: str) -> str:
        return f"{parent_path}{self.pk:0{PATH_STEP}d}."

    def _move_descendants(self, old_path: str, new_path: str) -> None:
        shift = new_path.count(".") - old_path.count(".")
        descendants = list(OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=self.pk))
        for unit in descendants:
            unit.path = new_path + unit.path[len(old_path) :]
            unit.depth += shift
        OrgUnit.objects.bulk_update(descendants, ["path", "depth"])

    def ancestors(self):
        ids = [int(part) for part in self.path.split(".") if part][:-1]
        return OrgUnit.objects.filter(pk__in=ids).order_by("path")


class PayBand(models.TextChoices):
    """Agenda for Change pay bands."""

    BAND_1 = "1", "Band 1"
    BAND_2 = "2", "Band 2"
    BAND_3 = "3", "Band 3"
    BAND_4 = "4", "Band 4"
    BAND_5 = "5", "Band 5"
    BAND_6 = "6", "Band 6"
    BAND_7 = "7", "Band 7"
    BAND_8A = "8a", "Band 8a"
    BAND_8B = "8b", "Band 8b"
    BAND_8C = "8c", "Band 8c"
    BAND_8D = "8d", "Band 8d"
    BAND_9 = "9", "Band 9"


class StaffGroup(models.TextChoices):
    DIRECT_CARE_SUPPORT = "direct_care_support", "Direct care support"
    INDIRECT_SUPPORT = "indirect_support", "Indirect support"
    REGISTERED_PROFESSIONAL = "registered_professional", "Registered professional"
    EDUCATION_AND_TRAINING = "education_and_training", "Education and training"
    MANAGEMENT = "management", "Management"


class JobRole(Versioned):
    title = models.CharField(max_length=200, unique=True)
    pay_band = models.CharField(
        max_length=2, choices=PayBand.choices, blank=True, help_text="Agenda for Change band, if any."
    )
    staff_group = models.CharField(max_length=30, choices=StaffGroup.choices)
    occupational_group = models.CharField(
        max_length=100, blank=True, help_text="e.g. Nursing and midwifery, Administrative and clerical."
    )
    is_archived = models.BooleanField(default=False)
    history = HistoricalRecords(excluded_fields=["version"])

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        verbose_name = "job role"
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("catalogue:jobrole_detail", args=[self.pk])


def in_post_condition(on: datetime.date | None = None, prefix: str = "", archived: bool = False) -> Q:
    """The condition behind `StaffMember.objects.in_post`, for querysets of related rows.

    `prefix` is the path to the staff member ("staff_member__" from a training record).
    Archived records are never in post; `archived=True` lets them through anyway for the
    directory's "include archived records" housekeeping view, dates still applying.
    """
    on = on or datetime.date.today()
    condition = (Q(**{f"{prefix}start_date__isnull": True}) | Q(**{f"{prefix}start_date__lte": on})) & (
        Q(**{f"{prefix}leaving_date__isnull": True}) | Q(**{f"{prefix}leaving_date__gt": on})
    )
    return condition if archived else condition & Q(**{f"{prefix}is_archived": False})


class StaffMemberQuerySet(ArchivableQuerySet):
    def visible_to(self, user):
        """The staff this user may see; every staff page starts here."""
        return permissions.scope_staff(self, user)

    def in_post(self, on: datetime.date | None = None):
        """People in post on `on` (default today): the one meaning of "staff in post".

        Started on or before that day (or no start date recorded), not left by then (someone
        whose leaving date is that day has left), and not archived. The home page, the
        directory, the indicators and the plan importers all count staff through this.
        """
        return self.filter(in_post_condition(on))

    def leavers(self, on: datetime.date | None = None):
        on = on or datetime.date.today()
        return self.filter(leaving_date__lte=on)

    def left_between(self, start: datetime.date, end: datetime.date):
        """People whose leaving date falls from `start` to `end`, both days included."""
        return self.filter(leaving_date__gte=start, leaving_date__lte=end)

    def for_listing(self):
        return self.select_related("job_role", "org_unit", "line_manager")


class StaffMember(Versioned):
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    assignment_number = models.CharField("employee/assignment number", max_length=30, unique=True)
    email = models.EmailField(blank=True)
    job_role = models.ForeignKey(
        JobRole, null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        verbose_name="organisation unit",
    )
    line_manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    start_date = models.DateField(null=True, blank=True)
    # Turnover is measured from leaving dates, so they are kept, never deleted.
    leaving_date = models.DateField(null=True, blank=True)
    leaving_reason = models.CharField(max_length=200, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_member",
        verbose_name="login account",
    )
    is_archived = models.BooleanField(default=False)
    history = HistoricalRecords(excluded_fields=["version"])

    objects = StaffMemberQuerySet.as_manager()

    class Meta:
        verbose_name = "staff member"
        ordering = ["last_name", "first_name"]
        indexes = [
            # The staff directory sorts and searches by name.
            models.Index(fields=["last_name", "first_name"], name="staff_name_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("staff:detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def initials(self) -> str:
        return (self.first_name[:1] + self.last_name[:1]).upper()

    def has_left(self, on: datetime.date | None = None) -> bool:
        on = on or datetime.date.today()
        return self.leaving_date is not None and self.leaving_date <= on

    def access_has_ended(self, on: datetime.date | None = None) -> bool:
        """A leaver or an archived record: its login has no scope and is deactivated (workforce/access.py)."""
        return self.is_archived or self.has_left(on)

    def clean(self):
        errors = {}
        if self.leaving_date and self.start_date and self.leaving_date < self.start_date:
            errors["leaving_date"] = "The leaving date is before the start date."
        if self.leaving_reason and not self.leaving_date:
            errors["leaving_reason"] = "A leaving reason needs a leaving date."
        if self.pk and self.line_manager_id == self.pk:
            errors["line_manager"] = "A person cannot be their own line manager."
        if errors:
            raise ValidationError(errors)


class Competency(models.Model):
    LEVELS = [(1, "1 - Foundation"), (2, "2 - Intermediate"), (3, "3 - Advanced"), (4, "4 - Expert")]

    name = models.CharField(max_length=200, unique=True)
    category = models.CharField(max_length=100, blank=True, help_text="e.g. Training delivery, Leadership.")
    framework = models.CharField(max_length=100, blank=True, help_text="e.g. Skills for Care, in-house.")
    description = models.TextField(blank=True)
    level_1 = models.TextField("level 1 descriptor", blank=True)
    level_2 = models.TextField("level 2 descriptor", blank=True)
    level_3 = models.TextField("level 3 descriptor", blank=True)
    level_4 = models.TextField("level 4 descriptor", blank=True)
    is_archived = models.BooleanField(default=False)
    history = HistoricalRecords()

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        verbose_name = "competency"
        verbose_name_plural = "competencies"
        ordering = ["category", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalogue:competency_detail", args=[self.pk])

    def descriptor(self, level: int) -> str:
        return getattr(self, f"level_{level}", "")

    @property
    def descriptors(self) -> list[tuple[int, str]]:
        return [(level, self.descriptor(level)) for level in range(1, 5)]


class RoleRequirement(models.Model):
    job_role = models.ForeignKey(JobRole, on_delete=models.CASCADE, related_name="requirements")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="requirements")
    required_level = models.PositiveSmallIntegerField(
        choices=Competency.LEVELS, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "role requirement"
        ordering = ["competency__category", "competency__name"]
        constraints = [
            models.UniqueConstraint(fields=["job_role", "competency"], name="requirement_unique_per_role"),
            models.CheckConstraint(
                condition=Q(required_level__gte=1) & Q(required_level__lte=4),
                name="requirement_level_1_to_4",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.job_role}: {self.competency} at level {self.required_level}"


# Courses and training records live in workforce/training.py, background runs in workforce/runs.py
# and stored files in workforce/storage.py; imported here so that Django finds the models in this
# app's models.
from workforce.figure_store import FigureMark, StoredFigure  # noqa: E402, F401
from workforce.reminders import DigestSent, ReminderSettings  # noqa: E402, F401
from workforce.runs import BackgroundRun  # noqa: E402, F401
from workforce.storage import StoredFile  # noqa: E402, F401
from workforce.training import Course, TrainingRecord, TrainingRequirement, add_months  # noqa: E402, F401
