"""Permission rows of the letters and retention part (see traineeships/tests/test_permissions.py).

Letters and retention runs are the L&D manager's (and a superuser's, who holds every ability but
the confidential one); every other actor, the placement supervisor and life coach included, gets
403 before anything is looked up. A letter's PDF is downloaded only by the person who asked for
it: a superuser asking for someone else's run gets 404, as for any background run."""

from django.core import mail
from django.urls import reverse

from traineeships.letters import PDF_JOB, emailed_reason
from traineeships.models import Applicant, LetterTemplate
from workforce import runs
from workforce.tests.permission_table import LD, SUPERUSER, Row

MANAGERS = {LD, SUPERUSER}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _offer_edit(world):
    template = LetterTemplate.objects.get(kind="offer")
    return {
        "subject": "Your place on the {programme}",
        "body": "Dear {first_name},\n\nWelcome.",
        "version": template.version,
    }


def _emailed(world) -> bool:
    reason = emailed_reason("offer")
    return bool(mail.outbox) and Applicant.history.filter(history_change_reason=reason).exists()


def _letter(name):
    return lambda world: reverse(f"traineeships:{name}", args=[world["applied"].pk, "offer"])


ROWS = [
    Row("traineeships:letter_templates", readers=MANAGERS),
    Row(
        "traineeships:letter_template_edit",
        url=lambda w: reverse("traineeships:letter_template_edit", args=["offer"]),
        readers=MANAGERS,
        writers=MANAGERS,
        post=_offer_edit,
        done=lambda w: LetterTemplate.objects.get(kind="offer").subject == "Your place on the {programme}",
    ),
    Row("traineeships:letter", url=_letter("letter"), readers=MANAGERS),
    Row(
        "traineeships:letter_pdf",
        url=_letter("letter_pdf"),
        writers=MANAGERS,
        done=lambda w: runs.BackgroundRun.objects.filter(kind=PDF_JOB, input__letter="offer").exists(),
    ),
    Row("traineeships:letter_email", url=_letter("letter_email"), writers=MANAGERS, done=_emailed),
    Row(
        "traineeships:letter_pdf_download",
        args=["letter_run"],
        readers={LD},
        status_for={SUPERUSER: 404},
    ),
    Row("traineeships:retention_runs", readers=MANAGERS),
]


def world_part(cohort: dict, actors: dict) -> dict:
    """A finished letter PDF run of the L&D manager's, its file stored (under the test's MEDIA_ROOT)."""
    run = runs.BackgroundRun.objects.create(
        kind=PDF_JOB,
        requested_by=actors["ld_manager"],
        status=runs.BackgroundRun.Status.DONE,
        input={"applicant_id": cohort["applied"].pk, "letter": "interview"},
    )
    runs.store_output(
        run, PDF, filename="Interview invitation - Ava Green.pdf", content_type="application/pdf", pages=1
    )
    return {"letter_run": run}
