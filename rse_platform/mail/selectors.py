"""Reads of the e-mail ledger."""

from .models import OutgoingMail


def mails(*, tenant, key_prefix):
    """The ledger rows of a tenant whose key starts with ``key_prefix`` (all statuses).

    For a caller that numbers its sendings (``tenants.invitation:12:sent<n>``) or wants to skip,
    in one query, the objects already notified.
    """
    return OutgoingMail.objects.filter(tenant=tenant, key__startswith=key_prefix)


def outbox():
    """Every tenant's e-mails, newest first, for the demo's outbox (staff, DEBUG only): read
    under ``/admin/``, where tenant scopes are disabled explicitly."""
    return OutgoingMail.objects.select_related("tenant", "recipient")
