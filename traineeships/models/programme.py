"""Programmes (a traineeship, work experience, a pre-employment placement run with partners) and
their intakes: the cohorts that are recruited, placed and followed to an outcome together."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from workforce.models import StaffMember
from workforce.versioning import Versioned


class PartnerOrganisation(models.Model):
    """Someone a programme is run with: a college, a Jobcentre, a supported-employment charity."""

    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Programme(Versioned):
    class Kind(models.TextChoices):
        SERVICE_USER_TRAINEESHIP = "service_user_traineeship", "Service-user traineeship"
        PRE_EMPLOYMENT = "pre_employment", "Pre-employment placement"
        WORK_EXPERIENCE = "work_experience", "Work experience"
        APPRENTICESHIP = "apprenticeship", "Apprenticeship"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    description = models.TextField(blank=True)
    partners = models.ManyToManyField(PartnerOrganisation, blank=True, related_name="programmes")
    coordinator = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="programmes_coordinated"
    )
    typical_length_weeks = models.PositiveSmallIntegerField("typical length (weeks)", null=True, blank=True)
    active = models.BooleanField(default=True)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("traineeships:programme", args=[self.pk])


class Intake(Versioned):
    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        RECRUITING = "recruiting", "Recruiting"
        IN_PLACEMENT = "in_placement", "In placement"
        FINISHED = "finished", "Finished"
        CANCELLED = "cancelled", "Cancelled"

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="intakes")
    name = models.CharField(max_length=200, help_text='For example "October 2026 intake".')
    recruitment_opens_on = models.DateField("recruitment opens")
    recruitment_closes_on = models.DateField("recruitment closes")
    starts_on = models.DateField("starts")
    ends_on = models.DateField("ends")
    places = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["programme", "-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="intake_name_unique_in_programme"),
            models.CheckConstraint(
                condition=models.Q(recruitment_closes_on__gte=models.F("recruitment_opens_on")),
                name="intake_recruitment_closes_after_it_opens",
                violation_error_message="Recruitment cannot close before it opens.",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="intake_ends_after_it_starts",
                violation_error_message="The intake cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme}: {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("traineeships:intake", args=[self.pk])


class TrainingSession(models.Model):
    """An induction or training day for an intake, and who it is for."""

    class Kind(models.TextChoices):
        INDUCTION = "induction", "Induction"
        TRAINING_DAY = "training_day", "Training day"
        OTHER = "other", "Other"

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TRAINING_DAY)
    held_on = models.DateField("date")
    for_trainees = models.BooleanField(default=True)
    for_supervisors = models.BooleanField(default=False)
    for_life_coaches = models.BooleanField(default=False)
    for_team_managers = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["intake", "held_on"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d %b %Y})"

    @property
    def audience(self) -> list[str]:
        pairs = [
            (self.for_trainees, "trainees"),
            (self.for_supervisors, "placement supervisors"),
            (self.for_life_coaches, "life coaches"),
            (self.for_team_managers, "team managers"),
        ]
        return [words for wanted, words in pairs if wanted]


class SessionAttendance(models.Model):
    """One person at one session: a trainee, or a member of staff (supervisor, coach, manager)."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendance")
    trainee = models.ForeignKey(
        "traineeships.Trainee", null=True, blank=True, on_delete=models.CASCADE, related_name="attendance"
    )
    staff_member = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    attended = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(trainee__isnull=True) ^ models.Q(staff_member__isnull=True),
                name="attendance_is_a_trainee_or_a_staff_member",
            ),
            models.UniqueConstraint(fields=["session", "trainee"], name="attendance_once_per_trainee"),
            models.UniqueConstraint(fields=["session", "staff_member"], name="attendance_once_per_staff"),
        ]

    def __str__(self) -> str:
        return f"{self.trainee or self.staff_member} at {self.session}"
