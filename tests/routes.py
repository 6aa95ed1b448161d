"""The tenant routes as the URLconf declares them, and a request that leaves no trace.

Read at run time, so a route added, renamed or removed by any app is seen by the cross-app tests
(role matrix, malformed input) without editing them.
"""

import re
from dataclasses import dataclass

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

# Tables a request may write whatever it answers: the session of the person asking.
ALWAYS_WRITTEN = {"django_session"}


@dataclass(frozen=True)
class TenantRoute:
    name: str
    pattern: str  # below /<tenant_slug>/, e.g. "companies/<int:pk>/"
    callback: object = None  # the view

    @property
    def parameters(self):
        """``{"pk": "int", ...}``: each URL parameter and its converter."""
        return {
            name: converter or "str"
            for converter, name in re.findall(r"<(?:(\w+):)?(\w+)>", self.pattern)
        }

    def path(self, tenant_slug, values):
        """The path with ``values`` put in raw, as a client may send anything."""

        def fill(match):
            return str(values[match.group(2)])

        return f"/{tenant_slug}/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, self.pattern)


def tenant_routes():
    """``{url name: TenantRoute}`` for every route under ``/<tenant_slug>/``."""
    root = next(
        entry
        for entry in get_resolver().url_patterns
        if isinstance(entry, URLResolver) and "tenant_slug" in str(entry.pattern)
    )

    def walk(entries, prefix):
        for entry in entries:
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                yield (
                    entry.name,
                    TenantRoute(entry.name, prefix + str(entry.pattern), entry.callback),
                )

    return dict(walk(root.url_patterns, ""))


def writes(queries):
    """The tables written by the captured queries (``ALWAYS_WRITTEN`` aside)."""
    tables = set()
    for query in queries:
        sql = query["sql"] or ""  # None when the database refused the statement
        match = re.match(r'\s*(?:INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', sql, re.IGNORECASE)
        if match and match.group(1) not in ALWAYS_WRITTEN:
            tables.add(match.group(1))
    return tables


def send(client, method, path, data=None, **headers):
    """One request, rolled back so that every request sees the same data.

    Returns the response and the tables the request wrote.
    """
    connection.queries_log.clear()  # a long test sends thousands of requests
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(path, data or {}, **headers)
        transaction.set_rollback(True)
    return response, writes(queries)
