"""System checks for settings that are dangerous in production."""

from django.conf import settings
from django.core.checks import Error, Warning, register


@register(deploy=True)
def check_secret_key(app_configs, **kwargs):
    if settings.SECRET_KEY == settings.DEV_SECRET_KEY:
        return [
            Error(
                "SECRET_KEY is the development default.",
                hint="Set the SECRET_KEY environment variable to a long random value.",
                id="workforce.E001",
            )
        ]
    return []


@register(deploy=True)
def check_eager_celery(app_configs, **kwargs):
    if not settings.DEBUG and settings.CELERY_TASK_ALWAYS_EAGER:
        return [
            Warning(
                "Celery runs tasks inside web requests (no REDIS_URL).",
                hint="Set REDIS_URL so PDFs and imports run on a worker.",
                id="workforce.W001",
            )
        ]
    return []


@register(deploy=True)
def check_test_pause(app_configs, **kwargs):
    if settings.RUN_TEST_PAUSE_SECONDS:
        return [
            Error(
                "RUN_TEST_PAUSE_SECONDS is set: background runs pause on purpose (for fault tests only).",
                hint="Unset RUN_TEST_PAUSE_SECONDS and RUN_TEST_PAUSE_STAGE.",
                id="workforce.E002",
            )
        ]
    return []
