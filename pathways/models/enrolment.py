"""A staff member on a pathway, heading for a stage: nominated by a manager, accepted (or
declined) by the L&D manager, developed with a mentor, judged ready, and finally progressed."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from pathways.models.pathway import CareerPathway, PathwayStage
from workforce.models import JobRole, StaffMember
from workforce.versioning import Versioned


class Readiness(models.TextChoices):
    """How soon someone could step into the stage they aim for (the succession judgement)."""

    READY_NOW = "ready_now", "Ready now"
    WITHIN_1_YEAR = "within_1_year", "Ready within 1 year"
    ONE_TO_TWO_YEARS = "1_to_2_years", "Ready in 1-2 years"
    NOT_YET = "not_yet", "Not yet"


class EnrolmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The enrolments this user may read; every pathways page starts here."""
        from pathways import permissions

        return permissions.enrolments_visible_to(self, user)

    def open(self):
        """Enrolments still going somewhere: not declined, withdrawn or progressed."""
        return self.filter(status__in=Enrolment.OPEN)

    def with_current_mentor(self):
        """Prefetch each enrolment's current mentor assignment (the one not ended): read it with
        `enrolment.current_mentor` at no further query."""
        return self.prefetch_related(
            models.Prefetch(
                "mentor_assignments",
                queryset=MentorAssignment.objects.current().select_related("mentor"),
                to_attr="current_assignments",
            )
        )

    def mentored_by(self, staff_member):
        """Enrolments whose current mentor is this person."""
        return self.filter(
            mentor_assignments__mentor=staff_member, mentor_assignments__ended_on__isnull=True
        ).distinct()


class Enrolment(Versioned):
    class Status(models.TextChoices):
        NOMINATED = "nominated", "Nominated"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        IN_DEVELOPMENT = "in_development", "In development"
        READY = "ready", "Ready"
        PROGRESSED = "progressed", "Progressed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    OPEN = [Status.NOMINATED, Status.ACCEPTED, Status.IN_DEVELOPMENT, Status.READY]

    staff_member = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="enrolments")
    pathway = models.ForeignKey(CareerPathway, on_delete=models.PROTECT, related_name="enrolments")
    target_stage = models.ForeignKey(
        PathwayStage, on_delete=models.PROTECT, related_name="candidates", verbose_name="stage aimed for"
    )
    nominated_by = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="nominations_made"
    )
    nominated_on = models.DateField()
    nomination_reason = models.TextField("why they are nominated")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOMINATED)
    status_changed_on = models.DateField()
    closing_reason = models.TextField(
        blank=True, help_text="Why the nomination was declined or the person withdrew."
    )
    readiness = models.CharField(max_length=20, choices=Readiness.choices, blank=True)
    readiness_judged_by = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    readiness_judged_on = models.DateField(null=True, blank=True)
    progressed_on = models.DateField(null=True, blank=True)
    # The role held before progressing, kept on the enrolment for the pipeline and promotions
    # figures (the staff record's history has it too).
    role_before = models.ForeignKey(
        JobRole, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["version"])

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["pathway", "target_stage__position", "staff_member__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff_member", "pathway"],
                condition=Q(status__in=["nominated", "accepted", "in_development", "ready"]),
                name="one_open_enrolment_per_pathway",
                violation_error_message="This person already has an open nomination on this pathway.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.staff_member} for {self.target_stage.job_role}"

    def get_absolute_url(self) -> str:
        return reverse("pathways:candidate", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def current_mentor(self) -> StaffMember | None:
        """The current mentor; uses `with_current_mentor()`'s prefetch when there is one."""
        if hasattr(self, "current_assignments"):
            return self.current_assignments[0].mentor if self.current_assignments else None
        assignment = self.mentor_assignments.current().select_related("mentor").first()
        return assignment.mentor if assignment else None


class MentorAssignmentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ended_on__isnull=True)


class MentorAssignment(models.Model):
    """Who mentors whom, from when to when. A new mentor ends the old assignment, so the history
    of who mentored the person is kept, and a former mentor can still read what they wrote."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="mentor_assignments")
    mentor = models.ForeignKey(StaffMember, on_delete=models.PROTECT, related_name="mentor_assignments")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    objects = MentorAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["enrolment", "-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(ended_on__isnull=True),
                name="one_current_mentor_per_enrolment",
                violation_error_message="This candidate already has a current mentor.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="mentoring_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} mentors {self.enrolment.staff_member}"


class Review(models.Model):
    """A review meeting between mentor and mentee; performance and potential feed the talent grid."""

    class Rating(models.IntegerChoices):
        LOW = 1, "Low"
        MODERATE = 2, "Moderate"
        HIGH = 3, "High"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField()
    mentor = models.ForeignKey(
        StaffMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="reviews_held"
    )
    notes = models.TextField("mentor's notes", blank=True)
    next_steps = models.TextField("agreed next steps", blank=True)
    next_review_on = models.DateField("next review", null=True, blank=True)
    performance = models.PositiveSmallIntegerField(choices=Rating.choices, null=True, blank=True)
    potential = models.PositiveSmallIntegerField(choices=Rating.choices, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["enrolment", "-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Review of {self.enrolment.staff_member} on {self.held_on:%d/%m/%Y}"
