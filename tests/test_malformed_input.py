"""Malformed input never gives a server error, on any tenant route the URLconf declares.

A manager (who may open every route) asks each route with malformed path values, malformed query
strings and garbage form values; 200, 302, 400, 404, 405 are all fine answers, a 5xx is not.
Routes are read at run time: a new view is covered without editing this file. The objects that
fill the valid parts of each URL are the role matrix's (``tests/conftest.py``).
"""

import re
from urllib.parse import urlencode

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve

from tests.routes import send, tenant_routes
from tests.test_role_matrix import ROUTES

HUGE = "99999999999999999999"
BAD_PATH_VALUES = {
    "int": [HUGE, "0"],
    "str": ["é🙂", "%2E%2E%2F%2E%2E", "x" * 300],
    "slug": ["zz", "remove-zz", "-"],
    "path": ["../..", "é🙂"],
}
BAD_QUERIES = [
    urlencode(query, doseq=True)
    for query in (
        {
            "club": "abc",
            "page": "-1",
            "pk": "é",
            "status": "unknown",
            "fmt": "zz",
            "month": "2026-13",
            "q": "\x00",
        },
        {
            "club": HUGE,
            "programme": HUGE,
            "theme": HUGE,
            "page": HUGE,
            "month": "abc",
            "when": "zz",
            "band": "zz",
            "q": "é🙂",
        },
        {
            "programme": "abc",
            "theme": "-1",
            "company": "abc",
            "version": "abc",
            "month": "0-0",
            "query": "\x00",
            "target": "x",
        },
        {"club": ["", "1", "2"], "month": "", "programme": "", "theme": "", "page": "", "q": ""},
    )
]
GARBAGE_FORM = {
    "id": "abc",
    "pk": HUGE,
    "choice": "zz",
    "number": "1e999",
    "comment": "\x00",
    "note": "x" * 20000,
    "role": "zz",
    "status": "unknown",
    "company": "abc",
    "companies": ["abc", HUGE],
    "version": "é",
    "programme": "-1",
    "user": HUGE,
    "person": "-1",
    "consultant": "abc",
    "position": "zz",
    "reason": "",
    "on": "2026-13-45",
    "attended": "maybe",
    "rating": "99",
    "theme": "abc",
    "club": "abc",
    "audience": "zz",
    "kind": "zz",
    "starts_at": "nope",
    "capacity": "-5",
    "deadline": "31/02/2026",
    "email": "not-an-e-mail",
    "max_points": "-1",
    "weight": "1e999",
    "file": "not a file",
    "unassign": "1",
}


def _routes_and_objects(world):
    """Each tenant route with valid URL values (the role matrix's object for it, side A)."""
    objects = {key.split(":")[0]: row.object for key, row in ROUTES.items()}
    for name, route in sorted(tenant_routes().items()):
        try:
            values = world.kwargs(objects.get(name), "A")
        except Exception:
            values = {}
        # A route the matrix has no object for yet still gets plausible values.
        values = {**dict.fromkeys(route.parameters, 1), **values}
        yield route, values


def _no_server_error(results):
    errors = sorted(
        {f"{status} {method} {path}" for method, path, status in results if status >= 500}
    )
    assert errors == [], "server errors:\n" + "\n".join(errors)


def test_malformed_path_values_give_no_server_error(world):
    client = world.client("manager")
    results = []
    for route, values in _routes_and_objects(world):
        for param, converter in route.parameters.items():
            for bad in BAD_PATH_VALUES.get(converter, BAD_PATH_VALUES["str"]):
                path = route.path(world.tenant.slug, {**values, param: bad})
                response, _written = send(client, "get", path)
                results.append(("GET", path, response.status_code))
    _no_server_error(results)


def test_malformed_query_strings_give_no_server_error(world):
    client = world.client("manager")
    results = []
    for route, values in _routes_and_objects(world):
        path = route.path(world.tenant.slug, values)
        for index, query in enumerate(BAD_QUERIES):
            headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "x"} if index == 0 else {}
            response, _written = send(client, "get", f"{path}?{query}", **headers)
            results.append(("GET", f"{path}?{query}", response.status_code))
    _no_server_error(results)


def _page(client, path):
    """The form field names a page shows, and the addresses its forms post to."""
    response, _written = send(client, "get", path)
    if response.status_code != 200 or response.streaming:
        return set(), set()
    body = response.content.decode(errors="replace")
    fields = set(re.findall(r'name="([\w-]+)"', body)) - {"csrfmiddlewaretoken"}
    actions = set(re.findall(r'(?:action|data-hx-post)="(/[^"?#]+)', body))
    return fields, actions


def _garbage(fields):
    values = dict.fromkeys(fields, "é🙂\x00" + HUGE)
    return [
        {**values, **GARBAGE_FORM},
        {
            **values,
            "file": SimpleUploadedFile("bombe.xlsx", b"PK\x03\x04garbage"),
            "evidence": SimpleUploadedFile("x.pdf", b"not a pdf"),
        },
        {},
    ]


def _a_few_per_route(targets, keep=2):
    seen = {}
    for path, fields in sorted(targets.items()):
        name = resolve(path).url_name
        seen[name] = seen.get(name, 0) + 1
        if seen[name] <= keep:
            yield path, fields


def test_garbage_form_values_give_no_server_error(world):
    """POST garbage to every route, and to every address the manager's pages post to (their
    real ids and parts: ``frameworks/1/edit/remove-theme/``...), as a form and through htmx."""
    client = world.client("manager")
    results = []
    targets = {}  # path -> the field names of the page that shows it
    for route, values in _routes_and_objects(world):
        path = route.path(world.tenant.slug, values)
        fields, actions = _page(client, path)
        targets.setdefault(path, set()).update(fields)
        for action in actions:
            if action.startswith(f"/{world.tenant.slug}/"):
                targets.setdefault(action, set()).update(fields)
    for path, fields in _a_few_per_route(targets):
        for index, data in enumerate(_garbage(fields)):
            headers = {"HTTP_HX_REQUEST": "true"} if index == 0 else {}
            response, _written = send(client, "post", path, data, **headers)
            results.append(("POST", path, response.status_code))
    _no_server_error(results)
