"""Opening a tenant scope outside a request: Celery tasks and management commands."""

import functools

from celery import shared_task
from django_scopes import scope

from .models import Tenant


def tenant_task(**task_options):
    """Declare a Celery task that runs inside one tenant's scope.

    The task takes the tenant's id as its first argument (never a model instance, which would be
    stale by the time a worker runs it) and the wrapped function receives the ``Tenant``.
    """

    def decorator(func):
        @shared_task(**task_options)
        @functools.wraps(func)
        def task(tenant_id, *args, **kwargs):
            tenant = Tenant.objects.get(pk=tenant_id)
            with scope(tenant=tenant):
                return func(tenant, *args, **kwargs)

        return task

    return decorator
