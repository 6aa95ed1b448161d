"""Celery application.

Without ``REDIS_URL`` (the embedded default) tasks run eagerly in the calling process, so a demo
needs no broker; with it, Redis is the broker and a worker plus beat run the background work.
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rse_platform.settings")

app = Celery("rse_platform")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Beat fans the periodic work out to one task per tenant (see tenants.tasks); domain apps plug
# their reminders into that dispatcher instead of adding a schedule entry each.
app.conf.beat_schedule = {
    "dispatch-tenant-reminders": {
        "task": "rse_platform.tenants.tasks.dispatch_reminders",
        "schedule": crontab(minute="*/15"),
    },
}
