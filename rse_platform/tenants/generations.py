"""A tenant's data generation: a number that changes whenever a row of the tenant is written.

What the home computes from the tenant's rows (its figure panels, each person's to-dos) is kept
in the cache under the generation it was computed at, so it is computed again only after
something of the tenant changed. Every write to a tenant's rows moves the generation on:
``save()``, ``delete()`` and many-to-many changes (signals), ``QuerySet.update()`` and
``bulk_create()`` (``TenantQuerySet``, the queryset of the tenant managers) and object grants
(``permissions.grant``/``revoke``). It moves at once, so the person who wrote sees their change
at the next page, and again when the transaction commits, so a value another request computed
from the rows as they were before the commit is not kept under the new generation. What is left
lags by ``MAX_AGE`` at most: figures that change with the clock alone, and rows outside tenants
(a person's name).
"""

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

logger = logging.getLogger(__name__)

MAX_AGE = 300  # seconds a kept value may lag the clock, or a row outside tenants (a name)


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
    """Move the tenant's generation on now and, inside a transaction, again at its commit."""
    _incr(tenant_id)
    connection = transaction.get_connection()
    if connection.in_atomic_block and not any(
        entry[1] == AtCommit(tenant_id) for entry in connection.run_on_commit
    ):  # once per transaction: an import writing a thousand rows asks for one more move
        transaction.on_commit(AtCommit(tenant_id))


@dataclass(frozen=True)
class AtCommit:
    """The move of a tenant's generation a transaction's commit makes."""

    tenant_id: int

    def __call__(self):
        _incr(self.tenant_id)


def _incr(tenant_id):
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


@receiver(m2m_changed, dispatch_uid="tenant-generation-m2m")
def _linked(sender, instance, action, **kwargs):
    """``add()``, ``remove()``, ``set()`` and ``clear()`` of a many-to-many relation write rows
    of its table, which sends no ``post_save``."""
    tenant_id = _tenant_id(instance)
    if action in ("post_add", "post_remove", "post_clear") and tenant_id is not None:
        bump(tenant_id)


def cached(*, tenant_id, key, compute):
    """``compute()`` kept for the tenant's current generation (at most ``MAX_AGE`` seconds);
    computed every time while the cache is unavailable, or local to each process
    (``settings.KEEP_TENANT_FIGURES``)."""
    if not settings.KEEP_TENANT_FIGURES:
        return compute()
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
