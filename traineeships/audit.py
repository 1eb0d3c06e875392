"""Traineeships' models on the core's audit page (workforce/audit.py). Confidential support plans
are never shown there: who opened or changed one is on their own access log, for those allowed."""

from workforce.audit import exclude_from_audit, register_audited

APPLICANT = ("first_name", "last_name")
TRAINEE = ("trainee__applicant__first_name", "trainee__applicant__last_name")


def register() -> None:
    from traineeships import models as m

    exclude_from_audit(
        m.ConfidentialSupportPlan,
        "confidential support plans: their own access log lists who opened or changed one",
    )
    register_audited(m.Programme, name="name", page="traineeships:programme")
    register_audited(m.Intake, name="name", page="traineeships:intake")
    register_audited(m.TrainingSession, name="title", page="traineeships:session")
    register_audited(m.Applicant, name=APPLICANT, page="traineeships:applicant")
    register_audited(
        m.PreEmploymentCheck,
        name=tuple(f"applicant__{part}" for part in APPLICANT),
        page="traineeships:applicant",
        page_id="applicant_id",
    )
    register_audited(m.LetterTemplate, name="subject")  # edited on the letters page, no page of its own
    register_audited(
        m.Trainee, name=tuple(f"applicant__{part}" for part in APPLICANT), page="traineeships:trainee"
    )
    on_trainee = {"page": "traineeships:trainee", "page_id": "trainee_id"}
    register_audited(m.Placement, name=TRAINEE, **on_trainee)
    register_audited(m.SupportMeeting, name=TRAINEE, **on_trainee)
    register_audited(m.Outcome, name=TRAINEE, **on_trainee)
