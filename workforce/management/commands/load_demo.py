"""`manage.py load_demo`: the Northshire Care Group demo, one login per role. Safe to run again."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from workforce.demo import ORGANISATION, app_demo_modules, load_all
from workforce.models import (
    Competency,
    Course,
    JobRole,
    OrgUnit,
    RoleRequirement,
    StaffMember,
    TrainingRecord,
)

COUNTED = [OrgUnit, JobRole, Competency, RoleRequirement, Course, StaffMember, TrainingRecord]


class Command(BaseCommand):
    help = (
        f"Build the {ORGANISATION} demo (units, roles, competencies, courses, staff, training) and one "
        "login per role, printed with its demo password. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even with DEBUG off. The demo logins share a published password.",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like a real deployment, and the demo logins have a published "
                "password. Use --force to load the demo anyway."
            )
        started = time.monotonic()
        core = load_all()
        elapsed = time.monotonic() - started

        extra = ", ".join(module.__name__ for module in app_demo_modules()) or "none"
        self.stdout.write(self.style.SUCCESS(f"{ORGANISATION} demo loaded in {elapsed:.1f} s."))
        self.stdout.write(f"Apps with their own demo data: {extra}")
        created = ", ".join(f"{count} {name}" for name, count in sorted(core.created.items()))
        self.stdout.write(f"New rows this run: {created or 'none (already loaded)'}")
        for model in COUNTED:
            self.stdout.write(f"  {model._meta.verbose_name_plural}: {model.objects.count()}")
        current = StaffMember.objects.in_post().count()
        self.stdout.write(f"  (current staff {current}, leavers {StaffMember.objects.count() - current})")

        self.stdout.write("")
        self.stdout.write(
            self.style.WARNING("Demo logins (demo only: never use these passwords for real data)")
        )
        width = max(len(username) for username in core.logins)
        for login in core.logins.values():
            who = f" - {login.person.full_name}, {login.person.job_role}" if login.person else ""
            self.stdout.write(f"  {login.username:<{width}}  {login.password}  {login.role}{who}")
