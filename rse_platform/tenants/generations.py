"""A tenant's data generation: a number that changes whenever a row of the tenant is written.

Figures computed from the whole tenant (the home's figure panels) are kept in the cache under
the generation they were computed at, so they are computed again only after something of the
tenant changed. Every ``save()`` and ``delete()`` of a row that has a ``tenant_id`` moves the
generation on at once, so the person who wrote sees their change at the next page. Two lags
are left, both bounded by the entries' lifetime, ``MAX_AGE``: writes that send no signal
(``QuerySet.update()``, ``bulk_create()``), and a figure another request computes in the
milliseconds between a write and its commit, from the rows as they were.
"""

import logging
import time

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

logger = logging.getLogger(__name__)

MAX_AGE = 300  # seconds a figure computed from the whole tenant may lag a bulk write


def _key(tenant_id):
    return f"tenant-generation:{tenant_id}"


def current(tenant_id):
    """The tenant's generation now. A lost key starts again from the clock, never from a value
    an older entry could carry."""
    value = cache.get(_key(tenant_id))
    if value is None:
        cache.add(_key(tenant_id), time.time_ns(), None)
        value = cache.get(_key(tenant_id))
    return value


def bump(tenant_id):
    try:
        cache.incr(_key(tenant_id))
    except ValueError:  # no key yet: whatever is cached carries no generation to outdate
        cache.add(_key(tenant_id), time.time_ns(), None)
    except Exception:  # noqa: BLE001  a cache that is down must not stop a write
        logger.warning("tenant generation not moved on (cache unavailable)", exc_info=True)


def _tenant_id(instance):
    from .models import Tenant

    if isinstance(instance, Tenant):
        return instance.pk
    return getattr(instance, "tenant_id", None)


@receiver(post_save, dispatch_uid="tenant-generation-save")
@receiver(post_delete, dispatch_uid="tenant-generation-delete")
def _written(sender, instance, raw=False, **kwargs):
    tenant_id = None if raw else _tenant_id(instance)
    if tenant_id is None:
        return
    bump(tenant_id)


def cached(*, tenant_id, key, compute):
    """``compute()`` kept for the tenant's current generation (at most ``MAX_AGE`` seconds);
    computed every time while the cache is unavailable."""
    try:
        full_key = f"tenant-figures:{tenant_id}:{current(tenant_id)}:{key}"
        value = cache.get(full_key)
    except Exception:  # noqa: BLE001  no cache: the page still shows, computed afresh
        logger.warning("tenant figures not kept (cache unavailable)", exc_info=True)
        return compute()
    if value is None:
        value = compute()
        cache.set(full_key, value, MAX_AGE)
    return value
