"""Every kind of stored or generated file leaves only through a view that checks the person.

One of each kind is uploaded or generated in the demo tenant (evidence, an event document, the
diagnostic report and the funder report, the tenant logo, a label application's evidence; an
import file has no address at all),
then asked for by people who must not get it: 404 each time, and never through ``/media/``.
"""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

FILES = [
    ("evidence_download", "evidence"),
    ("event_document", "event_document"),
    ("document_download", "document"),
    ("document_download", "funder_document"),
    ("tenant_logo", "logo"),
    ("label_evidence_download", "label_evidence"),
]
# (persona, the side whose file they ask for): the demo leader asks for another company's file
# (side B), the withdrawn person and the other tenant's manager for side A's.
OUTSIDERS = [("member", "B"), ("withdrawn", "A"), ("other_tenant_manager", "A")]


def _url(world, route, kind, side="A"):
    return reverse(route, kwargs={"tenant_slug": world.tenant.slug, **world.kwargs(kind, side)})


@pytest.mark.parametrize(("route", "kind"), FILES)
def test_an_anonymous_visitor_gets_404(world, route, kind):
    response = Client().get(_url(world, route, kind))
    assert response.status_code == 404


@pytest.mark.parametrize(("route", "kind"), FILES)
def test_outsiders_get_404(world, route, kind):
    for persona, side in OUTSIDERS:
        if kind in ("logo", "funder_document") and persona == "member":
            continue  # one per tenant: the logo is every member's, the report no member's (403)
        response = world.client(persona).get(_url(world, route, kind, side))
        assert response.status_code == 404, (persona, route, kind)


@pytest.mark.parametrize(("route", "kind"), FILES)
def test_the_stored_file_never_answers_under_media(world, route, kind):
    world.kwargs(kind)
    stored = world.get(kind)
    field = {
        "evidence": "evidence",
        "event_document": "file",
        "document": "file",
        "funder_document": "file",
        "logo": "logo",
        "label_evidence": "file",
    }[kind]
    name = getattr(stored, field).name
    assert name and not name.startswith("/")
    manager = world.client("manager")
    assert manager.get(f"/media/{name}").status_code == 404
    assert manager.get(_url(world, route, kind)).status_code == 200
