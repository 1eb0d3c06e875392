"""Applicants: people (not yet staff) moving through recruitment to a start, with a dated history
of every stage, the pre-employment checks that gate the start, and equality monitoring kept in a
table of its own that pages read only in aggregate."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from traineeships.models.programme import Intake
from workforce.versioning import Versioned


class Stage(models.TextChoices):
    ENQUIRY = "enquiry", "Enquiry"
    INFORMATION_SESSION = "information_session", "Information session"
    APPLIED = "applied", "Applied"
    ASSESSED_VISIT = "assessed_visit", "Assessed visit"
    INTERVIEW = "interview", "Interview"
    OFFERED = "offered", "Offered"
    CHECKS = "checks", "Pre-employment checks"
    STARTED = "started", "Started"
    WITHDRAWN = "withdrawn", "Withdrawn"
    UNSUCCESSFUL = "unsuccessful", "Unsuccessful"


# The way forward, in order; withdrawn and unsuccessful close an application from any open stage.
FUNNEL = [
    Stage.ENQUIRY,
    Stage.INFORMATION_SESSION,
    Stage.APPLIED,
    Stage.ASSESSED_VISIT,
    Stage.INTERVIEW,
    Stage.OFFERED,
    Stage.CHECKS,
    Stage.STARTED,
]
CLOSED = [Stage.WITHDRAWN, Stage.UNSUCCESSFUL]


class HeardVia(models.TextChoices):
    REFERRAL_SERVICE = "service_referral", "Referred by their support team"
    PARTNER = "partner", "A partner organisation"
    JOBCENTRE = "jobcentre", "Jobcentre"
    WORD_OF_MOUTH = "word_of_mouth", "Word of mouth"
    WEBSITE = "website", "Website or social media"
    OTHER = "other", "Other"


class ApplicantQuerySet(models.QuerySet):
    def visible_to(self, user):
        from traineeships import permissions

        return permissions.applicants_visible_to(self, user)

    def open(self):
        return self.exclude(stage__in=[Stage.STARTED, *CLOSED])

    def not_anonymised(self):
        return self.filter(anonymised_on__isnull=True)


class Applicant(Versioned):
    intake = models.ForeignKey(Intake, on_delete=models.PROTECT, related_name="applicants")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    heard_via = models.CharField("how they heard", max_length=30, choices=HeardVia.choices, blank=True)
    referred_by = models.CharField(max_length=200, blank=True, help_text="Who referred them, if anyone.")
    stage = models.CharField(max_length=30, choices=Stage.choices, default=Stage.ENQUIRY)
    stage_changed_on = models.DateField()
    closing_reason = models.TextField(blank=True, help_text="Why they withdrew or were unsuccessful.")
    # Starting without a cleared DBS check and two references: only the L&D manager, with a reason.
    checks_override_reason = models.TextField(blank=True)
    checks_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checks_override_on = models.DateField(null=True, blank=True)
    # Set when the retention run removed the personal details; the stage history stays.
    anonymised_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["version"])

    objects = ApplicantQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        indexes = [models.Index(fields=["intake", "stage"])]

    def __str__(self) -> str:
        if self.anonymised_on:
            return f"Anonymised applicant {self.pk}"
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return str(self)

    def get_absolute_url(self) -> str:
        return reverse("traineeships:applicant", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.stage not in (Stage.STARTED, *CLOSED)


class StageChange(models.Model):
    """One step of an applicant's way through recruitment, dated, with the note that moved it.
    Kept when the applicant is anonymised (it holds no personal details), so the funnel adds up."""

    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="stage_changes")
    stage = models.CharField(max_length=30, choices=Stage.choices)
    on = models.DateField()
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["applicant", "on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} on {self.on:%d %b %Y}"


class PreEmploymentCheck(models.Model):
    class Kind(models.TextChoices):
        DBS = "dbs", "DBS (criminal record) check"
        REFERENCE_1 = "reference_1", "First reference"
        REFERENCE_2 = "reference_2", "Second reference"
        RIGHT_TO_WORK = "right_to_work", "Right to work"
        OCCUPATIONAL_HEALTH = "occupational_health", "Occupational health"
        HR_PAPERWORK = "hr_paperwork", "HR paperwork"

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        REQUESTED = "requested", "Requested"
        CLEARED = "cleared", "Cleared"
        CONCERN = "concern", "Concern raised"

    # Without these cleared, nobody starts unless the L&D manager overrides with a reason.
    GATING = [Kind.DBS, Kind.REFERENCE_1, Kind.REFERENCE_2]

    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="checks")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    status_on = models.DateField("date", null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["applicant", "kind"]
        constraints = [models.UniqueConstraint(fields=["applicant", "kind"], name="one_check_of_each_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_status_display()}"


class EqualityMonitoring(models.Model):
    """An applicant's equality monitoring answers. A table of its own, read only in aggregate
    (traineeships/diversity.py): no page or export about one person shows it. Kept after the
    applicant is anonymised, so the diversity figures of past intakes still add up."""

    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"

    class AgeBand(models.TextChoices):
        UNDER_18 = "under_18", "Under 18"
        AGE_18_24 = "18_24", "18-24"
        AGE_25_34 = "25_34", "25-34"
        AGE_35_49 = "35_49", "35-49"
        AGE_50_64 = "50_64", "50-64"
        AGE_65_PLUS = "65_plus", "65 and over"
        PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"

    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"

    class Ethnicity(models.TextChoices):
        # The five top-level groups of the ONS classification the NHS reports by.
        WHITE = "white", "White"
        MIXED = "mixed", "Mixed or multiple ethnic groups"
        ASIAN = "asian", "Asian or Asian British"
        BLACK = "black", "Black, Black British, Caribbean or African"
        OTHER = "other", "Other ethnic group"
        PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"

    class YesNo(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"

    applicant = models.OneToOneField(Applicant, on_delete=models.CASCADE, related_name="+")
    age_band = models.CharField(max_length=20, choices=AgeBand.choices, default=AgeBand.PREFER_NOT_TO_SAY)
    sex = models.CharField(max_length=20, choices=Sex.choices, default=Sex.PREFER_NOT_TO_SAY)
    ethnicity = models.CharField(
        max_length=20, choices=Ethnicity.choices, default=Ethnicity.PREFER_NOT_TO_SAY
    )
    disability = models.CharField(max_length=20, choices=YesNo.choices, default=YesNo.PREFER_NOT_TO_SAY)
    lived_experience = models.CharField(
        "lived experience of the service",
        max_length=20,
        choices=YesNo.choices,
        default=YesNo.PREFER_NOT_TO_SAY,
    )

    CHARACTERISTICS = ["age_band", "sex", "ethnicity", "disability", "lived_experience"]

    def __str__(self) -> str:
        return "Equality monitoring answers"  # never the person's: see the class docstring


class LetterTemplate(Versioned):
    """An editable letter (information session invitation, interview invitation, offer), filled in
    for one applicant to print or email. Placeholders: {first_name}, {last_name}, {programme},
    {intake}, {starts_on} (traineeships/letters.py checks them at save). Versioned: the L&D team
    may edit one letter at once."""

    class Kind(models.TextChoices):
        INFORMATION_SESSION = "information_session", "Information session invitation"
        INTERVIEW = "interview", "Interview invitation"
        OFFER = "offer", "Offer"

    kind = models.CharField(max_length=30, choices=Kind.choices, unique=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    history = HistoricalRecords(excluded_fields=["version"])

    def __str__(self) -> str:
        return self.get_kind_display()


class RetentionRun(models.Model):
    """One run of the retention rule (traineeships/retention.py): when, and how many applicants
    who did not start had their personal details removed."""

    ran_at = models.DateTimeField(auto_now_add=True)
    cutoff = models.DateField(help_text="Intakes whose recruitment closed before this date.")
    anonymised = models.PositiveIntegerField(default=0)
    triggered_by = models.CharField(max_length=100, default="schedule")

    class Meta:
        ordering = ["-ran_at"]

    def __str__(self) -> str:
        return f"Retention run {self.ran_at:%d %b %Y %H:%M}: {self.anonymised} anonymised"
