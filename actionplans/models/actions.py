"""Actions and outputs (both commitments with owners, timeframes and RAG), contributors,
expected achievements, output targets linked to indicators, and milestones."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from actionplans import rag as rag_rules
from actionplans.models.plan import ActionPlan, FocusArea, Priority
from actionplans.rag import AMBER_WINDOW_DAYS
from workforce.history import HistoricalRecordsBothWays
from workforce.models import StaffMember
from workforce.versioning import Versioned


class Commitment(models.Model):
    """What Action and Output rows both carry: who, when, with what."""

    responsibility = models.CharField(
        max_length=255, blank=True, help_text='As written in the plan, e.g. "SB/GF" or "HR across partners".'
    )
    timeframe = models.CharField(
        max_length=255, blank=True, help_text='As written, e.g. "Sept 2013", "ongoing", "Quarterly".'
    )
    due_date = models.DateField(
        null=True, blank=True, help_text="Read from the timeframe where it names one date."
    )
    is_recurring = models.BooleanField(default=False, help_text='e.g. "Quarterly", "At bi-monthly meetings".')
    resources = models.TextField("resources / cost", blank=True)
    cost_amount = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, help_text="In pounds, when a cost is stated."
    )

    class Meta:
        abstract = True


class ActionQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Every signed-in role reads plans (DOMAIN.md: directors and others read).
        return self if user.is_authenticated else self.none()

    def open(self):
        return self.exclude(status__in=[Action.Status.COMPLETED, Action.Status.CANCELLED])

    def overdue(self, today: datetime.date | None = None):
        today = today or datetime.date.today()
        return self.open().filter(due_date__lt=today)

    def due_within(self, days: int = AMBER_WINDOW_DAYS, today: datetime.date | None = None):
        today = today or datetime.date.today()
        return self.open().filter(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=days))

    def owned_by(self, staff_member):
        return self.filter(Q(owners=staff_member) | Q(outputs__owners=staff_member)).distinct()

    def with_rag(self, today: datetime.date | None = None):
        """Annotate `rag` (a `RAGState`, None when cancelled) and `rag_reason` (its words), with
        the latest progress update's `latest_progress_rag/_note/_date`: see actionplans/rag.py."""
        return rag_rules.annotate(self, today or datetime.date.today())


class Action(Versioned, Commitment):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"
        ON_HOLD = "on_hold", "On hold"
        CANCELLED = "cancelled", "Cancelled"

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="actions")
    focus_area = models.ForeignKey(
        FocusArea, null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    number = models.CharField(max_length=20, blank=True)
    description = models.TextField()
    owners = models.ManyToManyField(StaffMember, blank=True, related_name="owned_actions")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    dependencies = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="dependents",
        help_text="Actions this one waits for.",
    )
    position = models.PositiveIntegerField(default=0)
    # m2m_fields: who owns it and what it waits for are part of each history record.
    history = HistoricalRecordsBothWays(excluded_fields=["version"], m2m_fields=[owners, dependencies])

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = "action"
        ordering = ["plan", "priority__position", "focus_area__position", "position", "pk"]
        indexes = [
            # "My actions", overdue lists and the plan summary filter by plan, status and due date.
            models.Index(fields=["plan", "status", "due_date"], name="action_plan_status_due_idx"),
        ]

    def __str__(self) -> str:
        text = self.description if len(self.description) <= 80 else self.description[:77] + "..."
        return f"{self.number} {text}".strip()

    def get_absolute_url(self) -> str:
        return reverse("actionplans:action_detail", args=[self.pk])

    @property
    def short_label(self) -> str:
        """Its number, or (Layout B actions often have none) the start of its description."""
        if self.number:
            return self.number
        return self.description if len(self.description) <= 40 else self.description[:37].rstrip() + "..."

    @property
    def short_name(self) -> str:
        """Its name in titles and breadcrumbs: "Action 1.2.1", or (a themes plan's action, with no
        number) the start of its description, not "Action" alone."""
        return f"Action {self.number}" if self.number else self.short_label

    def all_owners(self) -> list:
        """Owners of the action and of its outputs (Layout A names owners per output row).
        Uses prefetched owners/outputs when the page prefetched them."""
        people = {person.pk: person for person in self.owners.all()}
        for output in self.outputs.all():
            for person in output.owners.all():
                people.setdefault(person.pk, person)
        return list(people.values())

    def responsibility_as_written(self) -> str:
        """The action's responsibility text, or its outputs' distinct ones ("PK; PK/RT")."""
        if self.responsibility:
            return self.responsibility
        written = dict.fromkeys(o.responsibility for o in self.outputs.all() if o.responsibility)
        return "; ".join(written)

    def clean(self):
        errors = {}
        if self.focus_area_id and self.priority_id and self.focus_area.priority_id != self.priority_id:
            errors["focus_area"] = "This area of focus belongs to another priority."
        if self.priority_id and self.plan_id and self.priority.plan_id != self.plan_id:
            errors["priority"] = "This priority belongs to another plan."
        if errors:
            raise ValidationError(errors)


class Contributor(models.Model):
    """'Essential input required from': a team or role, as written (Layout B)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="contributors")
    name = models.CharField(max_length=255)
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "contributor"
        ordering = ["action", "position", "pk"]

    def __str__(self) -> str:
        return self.name


class ExpectedAchievement(models.Model):
    """'Achievements by 2018 will include ...' (Layout B)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="achievements")
    description = models.TextField()
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "expected achievement"
        ordering = ["action", "position", "pk"]

    def __str__(self) -> str:
        return self.description


class Output(Versioned, Commitment):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="outputs")
    letter = models.CharField(max_length=5, blank=True)
    description = models.TextField()
    owners = models.ManyToManyField(StaffMember, blank=True, related_name="owned_outputs")
    target_unit = models.CharField(
        max_length=50, blank=True, help_text='e.g. "%", "people trained per annum".'
    )
    current_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    current_value_on = models.DateField("current value as at", null=True, blank=True)
    indicator_key = models.CharField(
        max_length=100, blank=True, help_text="A measuring-success indicator that supplies the current value."
    )
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecordsBothWays(excluded_fields=["version"], m2m_fields=[owners])

    class Meta:
        verbose_name = "output"
        ordering = ["action", "position", "letter", "pk"]

    def __str__(self) -> str:
        return f"{self.letter}. {self.description}" if self.letter else self.description


class OutputTarget(models.Model):
    """One dated target of an output: 25% by Dec 2013, 50% by Sept 2015, 75% by April 2016."""

    output = models.ForeignKey(Output, on_delete=models.CASCADE, related_name="targets")
    value = models.DecimalField(max_digits=12, decimal_places=2)
    unit = models.CharField(max_length=50, blank=True)
    by_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "output target"
        ordering = ["output", "by_date", "value"]

    def __str__(self) -> str:
        when = f" by {self.by_date:%B %Y}" if self.by_date else ""
        return f"{rag_rules.with_unit(self.value, self.unit)}{when}"

    def is_met(self, current_value) -> bool | None:
        return None if current_value is None else current_value >= self.value


class Milestone(Versioned):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    output = models.ForeignKey(
        Output, null=True, blank=True, on_delete=models.CASCADE, related_name="milestones"
    )
    description = models.TextField()
    due_date = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = "milestone"
        ordering = ["action", "position", "pk"]

    def __str__(self) -> str:
        return self.description

    @property
    def is_done(self) -> bool:
        return self.completed_on is not None
