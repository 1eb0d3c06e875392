from celery import shared_task


@shared_task
def ping() -> str:
    """The trivial task behind /health/: proves a worker takes and answers work."""
    return "pong"


@shared_task
def count_staff() -> int:
    """A task that reads the database, so a worker test proves the worker's DB is the app's."""
    from workforce.models import StaffMember

    return StaffMember.objects.count()
