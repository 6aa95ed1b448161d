"""The scale benchmark's harness (benchmarks/scale, benchmarks/locustfile.py) at a tiny size, so
that it cannot rot between two runs of `make bench-scale`."""

import py_compile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_scopes import scopes_disabled

from benchmarks.scale import data, http, run  # noqa: F401 - importing is part of the check
from clubs.models import Registration
from companies.models import Company
from diagnostics.models import Answer, CampaignInvitation, Diagnostic

ROOT = Path(__file__).resolve().parent.parent
TINY = data.Size(companies=6, events=3, diagnostics=4, registrations_per_event=2, drafts=2)


@pytest.mark.django_db
def test_it_builds_a_tenant_whose_pages_answer():
    built = data.build_tenant(slug="bench-tiny", size=TINY, password="Tiny-bench-42")
    with scopes_disabled():
        assert Company.objects.filter(tenant__slug="bench-tiny").count() == 6
        assert Diagnostic.objects.filter(tenant__slug="bench-tiny").count() == 4 + 2
        assert Answer.objects.filter(diagnostic_id=built.diagnostic).count() > 10
        assert Registration.objects.filter(tenant__slug="bench-tiny").count() == 3 * 2
        assert CampaignInvitation.objects.filter(campaign_id=built.campaign).exists()
    assert len(built.leaders) == 2 and built.leaders[0]["criteria"][0]["choices"]
    client = Client()
    client.force_login(get_user_model().objects.get(email=built.manager))
    for _label, path, who in run._paths(vars(built)):
        if who == "manager":
            assert client.get(path).status_code == 200, path
    # The counts are of pages computed afresh: the home kept from the visit above costs the same
    # as the home after a write.
    counts = run.count_queries(vars(built), f"leader0@{built.slug}.example.org")
    cache.clear()
    with CaptureQueriesContext(connection) as afresh:
        client.get(f"/{built.slug}/")
    assert counts["home"] == counts["home, after a write"] == len(afresh)
    assert counts["leader: home"] == counts["leader: home, after a write"]


@pytest.mark.django_db
def test_it_grows_the_demo_tenant():
    with scopes_disabled():
        before = Company.objects.filter(tenant__slug=run.BIG).count()
    built = data.grow_demo(slug=run.BIG, size=TINY, password="Tiny-bench-42")
    with scopes_disabled():
        assert Company.objects.filter(tenant__slug=run.BIG).count() == before + 6
    assert built.open_events and built.manager == f"manager@{run.BIG}.example.org"


def test_it_prints_one_table_and_the_load_test_compiles():
    labels = ["/healthz", "minimal"] + [label for label, _path, _who in run.PAGES]
    timings = {phase: dict.fromkeys(labels, (0.01, 2048)) for phase in run.PHASES}
    text = run.report(timings, {"big": {}, "among": {}}, {"diagnostic PDF": (0.5, 1024)})
    assert "campaigns list" in text and "diagnostic PDF: 500 ms" in text
    py_compile.compile(str(ROOT / "benchmarks" / "locustfile.py"), doraise=True)
