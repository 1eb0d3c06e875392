"""Letters: placeholders checked at save, the template edit (version-checked), one applicant's
letter page, its PDF through a background run, and sending it by email."""

import io

import pytest
from django.core import mail
from django.urls import reverse
from django_celery_beat.models import PeriodicTask
from pypdf import PdfReader

from traineeships import letters
from traineeships.models import Applicant, LetterTemplate
from workforce import runs

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def letter_url(name, applicant, kind="offer"):
    return reverse(f"traineeships:{name}", args=[applicant.pk, kind])


# --- placeholders -------------------------------------------------------------------------------


def test_known_placeholders_pass():
    assert (
        letters.placeholder_problems("Dear {first_name} {last_name}, {programme} {intake} {starts_on}") == []
    )
    assert letters.placeholder_problems("Braces {{like this}} are written doubled.") == []


@pytest.mark.parametrize(
    "text, shown",
    [
        ("Dear {name},", "{name}"),
        ("Dear {first_name.__class__},", "{first_name.__class__}"),
        ("Dear {first_name!r},", "{first_name!r}"),
        ("Starts {starts_on:%Y}", "{starts_on:%Y}"),
        ("Dear {0}", "{0}"),
        ("Dear {}", "{}"),
    ],
)
def test_unknown_placeholders_are_named(text, shown):
    (problem,) = letters.placeholder_problems(text)
    assert problem.startswith(f"{shown} is not a placeholder we can fill in")
    assert "{first_name}" in problem and "{starts_on}" in problem


def test_unpaired_brackets_are_explained():
    (problem,) = letters.placeholder_problems("Dear {first_name")
    assert "curly bracket" in problem


# --- the defaults and the template page ----------------------------------------------------------


def test_the_migration_made_three_warm_defaults_and_the_nightly_retention_run():
    assert set(LetterTemplate.objects.values_list("kind", flat=True)) == set(LetterTemplate.Kind.values)
    for template in LetterTemplate.objects.all():
        assert template.body.startswith("Dear {first_name},")
        assert letters.placeholder_problems(template.body) == []
        assert letters.placeholder_problems(template.subject) == []
    task = PeriodicTask.objects.get(task="traineeships.anonymise_applicants")
    assert task.enabled and task.crontab.hour == "2" and task.crontab.timezone.key == "Europe/London"


def test_a_missing_template_is_put_back_from_the_defaults():
    LetterTemplate.objects.filter(kind="interview").delete()
    assert letters.template_for("interview").subject == "Your interview for the {programme}"


def test_the_ld_manager_edits_the_offer_letter(client, ld_manager):
    client.force_login(ld_manager)
    page = client.get(reverse("traineeships:letter_template_edit", args=["offer"]))
    assert page.status_code == 200
    assert "{starts_on}" in page.content.decode()  # the placeholders are listed beside the body
    template = LetterTemplate.objects.get(kind="offer")
    response = client.post(
        reverse("traineeships:letter_template_edit", args=["offer"]),
        {
            "subject": "Your place, {first_name}",
            "body": "Dear {first_name},\n\nWelcome!",
            "version": template.version,
        },
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.subject == "Your place, {first_name}" and template.version == 2
    assert template.history.first().history_user == ld_manager
    listed = client.get(reverse("traineeships:letter_templates")).content.decode()
    assert "by Lena Dawes" in listed and "Not changed since it was installed" in listed


def test_an_unknown_placeholder_is_refused_next_to_the_body(client, ld_manager):
    client.force_login(ld_manager)
    template = LetterTemplate.objects.get(kind="offer")
    typed = "Dear {firstname},\n\nWelcome."
    response = client.post(
        reverse("traineeships:letter_template_edit", args=["offer"]),
        {"subject": template.subject, "body": typed, "version": template.version},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["body"]
    assert form.errors["body"][0].startswith("{firstname} is not a placeholder we can fill in")
    assert typed in response.content.decode()  # what was typed is kept
    assert LetterTemplate.objects.get(kind="offer").body == template.body


def test_a_stale_edit_is_refused_with_what_changed(client, ld_manager, director):
    client.force_login(ld_manager)
    template = LetterTemplate.objects.get(kind="offer")
    read = template.version
    template.subject = "Changed meanwhile"
    template.version += 1
    template._history_user = director  # another L&D colleague, in effect
    template.save()
    response = client.post(
        reverse("traineeships:letter_template_edit", args=["offer"]),
        {"subject": "Mine", "body": template.body, "version": read},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Changed meanwhile" in html and "Mine" in html
    assert LetterTemplate.objects.get(kind="offer").subject == "Changed meanwhile"


def test_an_unknown_letter_kind_is_404(client, ld_manager, cohort):
    client.force_login(ld_manager)
    assert client.get(reverse("traineeships:letter_template_edit", args=["reference"])).status_code == 404
    assert client.get(letter_url("letter", cohort["applied"], "reference")).status_code == 404
    assert client.get(reverse("traineeships:letter", args=[987654, "offer"])).status_code == 404
    assert client.post(reverse("traineeships:letter_email", args=[987654, "offer"])).status_code == 404
    assert mail.outbox == []


# --- one applicant's letter ----------------------------------------------------------------------


def test_the_letter_page_fills_in_the_applicant_and_prints_alone(client, ld_manager, cohort):
    ava = cohort["applied"]
    ava.address = "12 Mill Lane\nNorthshire\nNS1 2AB"
    ava.save()
    client.force_login(ld_manager)
    response = client.get(letter_url("letter", ava))
    html = response.content.decode()
    intake = cohort["intake"]
    assert response.status_code == 200
    assert "Dear Ava," in html
    starts = letters.long_date(intake.starts_on)
    assert f"a place on the {intake.programme.name}, {intake.name}, starting on {starts}" in html
    assert "12 Mill Lane" in html and "NS1 2AB" in html
    assert "traineeships/letter.css" in html  # its @media print rules hide everything but the letter
    assert f"Send by email to {ava.email}" in html


def test_an_anonymised_applicant_has_no_letters(client, ld_manager, cohort):
    ava = cohort["applied"]
    Applicant.objects.filter(pk=ava.pk).update(anonymised_on="2026-01-01", first_name="", email="")
    client.force_login(ld_manager)
    assert client.get(letter_url("letter", ava)).status_code == 404
    assert client.post(letter_url("letter_pdf", ava)).status_code == 404


def test_the_request_only_asks_for_the_pdf(client, ld_manager, cohort, media):
    # The test's transaction never commits, so the run's task (enqueued on commit) never starts:
    # what is left is exactly what the request did.
    ava = cohort["applied"]
    client.force_login(ld_manager)
    response = client.post(letter_url("letter_pdf", ava))
    run = runs.BackgroundRun.objects.get(kind=letters.PDF_JOB)
    assert response.status_code == 302 and response["Location"] == run.get_absolute_url()
    assert run.status == run.Status.QUEUED and not run.output_name
    assert run.input == {"applicant_id": ava.pk, "letter": "offer"}


def test_the_pdf_run_finishes_and_the_file_downloads(
    client, ld_manager, cohort, eager_celery, media, django_capture_on_commit_callbacks
):
    # The run is enqueued when the request's transaction commits; here that is when the captured
    # callbacks run, and eager Celery executes the run there and then.
    ava = cohort["applied"]
    client.force_login(ld_manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(letter_url("letter_pdf", ava))
    run_page = client.get(response["Location"])
    run = runs.BackgroundRun.objects.get(kind=letters.PDF_JOB)
    assert run.status == run.Status.DONE, run.error
    assert "The offer letter for Ava Green is ready." in run_page.content.decode()
    download = client.get(reverse("traineeships:letter_pdf_download", args=[run.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="Offer letter - Ava Green.pdf"' in download["Content-Disposition"]
    reader = PdfReader(io.BytesIO(b"".join(download.streaming_content)))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Dear Ava," in text and cohort["programme"].name in text
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged (PDF/UA)


def test_someone_elses_letter_pdf_is_404(client, ld_manager, superuser, cohort, media):
    run = letters.request_pdf(cohort["applied"], "offer", ld_manager)
    client.force_login(superuser)
    assert client.get(reverse("traineeships:letter_pdf_download", args=[run.pk])).status_code == 404
    client.force_login(ld_manager)  # asked, but not made yet: no file
    assert client.get(reverse("traineeships:letter_pdf_download", args=[run.pk])).status_code == 404


def test_the_job_fails_in_words_when_the_applicant_was_anonymised(ld_manager, cohort, media):
    run = letters.request_pdf(cohort["applied"], "offer", ld_manager)
    Applicant.objects.filter(pk=cohort["applied"].pk).update(anonymised_on="2026-01-01")
    assert runs.execute(run.pk) == runs.BackgroundRun.Status.FAILED
    run.refresh_from_db()
    assert run.error.startswith("This applicant's details are no longer held") and not run.output_name


# --- by email -----------------------------------------------------------------------------------


def test_the_letter_is_emailed_to_the_applicant_and_recorded(client, ld_manager, cohort):
    ava = cohort["applied"]
    client.force_login(ld_manager)
    response = client.post(letter_url("letter_email", ava, "interview"), follow=True)
    (sent,) = mail.outbox
    assert sent.to == [ava.email]
    assert sent.subject == f"Your interview for the {cohort['programme'].name}"
    assert sent.body.startswith("Dear Ava,\n\nThank you for applying")
    html = response.content.decode()
    assert f"Interview invitation emailed to Ava Green at {ava.email}." in html
    record = Applicant.history.get(history_change_reason="Interview invitation emailed")
    assert record.id == ava.pk and record.history_user == ld_manager
    assert "Last emailed on" in html
    assert Applicant.objects.get(pk=ava.pk).version == ava.version  # not an edit of the applicant


def test_no_email_address_is_refused_with_a_clear_message(client, ld_manager, cohort):
    ava = cohort["applied"]
    Applicant.objects.filter(pk=ava.pk).update(email="")
    client.force_login(ld_manager)
    page = client.get(letter_url("letter", ava)).content.decode()
    assert "Send by email" not in page and "has no email address recorded" in page
    response = client.post(letter_url("letter_email", ava), follow=True)
    assert "Ava Green has no email address, so the letter was not sent." in response.content.decode()
    assert mail.outbox == []
    assert not Applicant.history.filter(history_change_reason="Offer letter emailed").exists()


def test_a_mail_server_refusal_records_nothing(client, ld_manager, cohort, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens
    client.force_login(ld_manager)
    response = client.post(letter_url("letter_email", cohort["applied"]), follow=True)
    assert "The mail server did not accept the letter" in response.content.decode()
    assert not Applicant.history.filter(history_change_reason="Offer letter emailed").exists()


def test_the_applicant_page_partial_links_the_three_letters(cohort, django_assert_num_queries):
    from django.template.loader import render_to_string

    ava = cohort["applied"]
    with django_assert_num_queries(0):
        html = render_to_string("traineeships/recruitment/_letters.html", {"applicant": ava})
    for kind in LetterTemplate.Kind.values:
        assert letter_url("letter", ava, kind) in html
