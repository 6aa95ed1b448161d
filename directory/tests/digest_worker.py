"""A test-only task for the worker test of the weekly watch: beat's reminder run at a chosen
moment (the digest leaves on Monday morning only, whenever the test runs). Loaded by the test
worker with ``--include``; never by the application."""

from datetime import datetime

from rse_platform.tenants import registry
from rse_platform.tenants.scoping import tenant_task


@tenant_task(name="directory.tests.digest_worker.run_watch_at")
def run_watch_at(tenant, moment):
    return registry.reminders()["directory_watch"](
        tenant=tenant, now=datetime.fromisoformat(moment)
    )
