"""The Celery app: `celery -A workforce worker -l info` and `celery -A workforce beat`.

Broker, time limits and acknowledgement settings live in settings.py (CELERY_*),
so one place holds every deployment knob.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workforce.settings")

app = Celery("workforce")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
