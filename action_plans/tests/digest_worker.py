"""A test-only task for the worker test of the weekly digest: beat's reminder run at a chosen
moment (the digest leaves on Monday morning only, whenever the test runs). Loaded by the test
worker with ``--include``; never by the application."""

from datetime import datetime

from rse_platform.tenants import registry
from rse_platform.tenants.scoping import tenant_task


@tenant_task(name="action_plans.tests.digest_worker.run_digest_at")
def run_digest_at(tenant, moment):
    return registry.reminders()["action_plans_digest"](
        tenant=tenant, now=datetime.fromisoformat(moment)
    )
