"""The traineeships model, one module per part: programmes and intakes, recruitment (applicants,
checks, equality monitoring, letters, retention), trainees (placements, support, outcomes), and
confidential support plans with their access log."""

from traineeships.models.confidential import AccessLogEntry, ConfidentialSupportPlan
from traineeships.models.programme import (
    Intake,
    PartnerOrganisation,
    Programme,
    SessionAttendance,
    TrainingSession,
)
from traineeships.models.recruitment import (
    CLOSED,
    FUNNEL,
    Applicant,
    EqualityMonitoring,
    HeardVia,
    LetterTemplate,
    PreEmploymentCheck,
    RetentionRun,
    Stage,
    StageChange,
)
from traineeships.models.trainee import (
    Feedback,
    Outcome,
    Placement,
    SupportMeeting,
    Trainee,
    next_quarterly_due,
)

__all__ = [
    "CLOSED",
    "FUNNEL",
    "AccessLogEntry",
    "Applicant",
    "ConfidentialSupportPlan",
    "EqualityMonitoring",
    "Feedback",
    "HeardVia",
    "Intake",
    "LetterTemplate",
    "Outcome",
    "PartnerOrganisation",
    "Placement",
    "PreEmploymentCheck",
    "Programme",
    "RetentionRun",
    "SessionAttendance",
    "Stage",
    "StageChange",
    "SupportMeeting",
    "Trainee",
    "TrainingSession",
    "next_quarterly_due",
]
