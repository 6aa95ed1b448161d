"""Framework builder: drafts, publication, versions, JSON import and export."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from diagnostics import services
from diagnostics.models import Criterion, Framework, FrameworkVersion, Scale
from rse_platform.tenants.models import AuditEntry
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory

from .factories import answered, grid

pytestmark = pytest.mark.django_db

SHARED = {
    "format": "rse-platform.framework",
    "format_version": 1,
    "name": "Grille partagée",
    "description": "Échangée entre clusters",
    "levels": [{"name": "Bronze", "min_percent": "50.00"}, {"name": "Or", "min_percent": "80.00"}],
    "themes": [
        {
            "title": "Gouvernance",
            "weight": "2.00",
            "criteria": [
                {
                    "code": "G1",
                    "title": "Politique RSE signée",
                    "guidance": "Signée par la direction",
                    "iso_subject": "governance",
                    "evidence_expected": "La politique",
                    "scale": "points",
                    "max_points": "5.00",
                    "unit": "",
                },
                {
                    "code": "G2",
                    "title": "Consommation d'énergie",
                    "guidance": "",
                    "iso_subject": "environment",
                    "evidence_expected": "",
                    "scale": "number",
                    "max_points": "0.00",
                    "unit": "kWh",
                },
            ],
        },
        {
            "title": "Social",
            "weight": "1.00",
            "criteria": [
                {
                    "code": "S1",
                    "title": "Dialogue social",
                    "guidance": "",
                    "iso_subject": "",
                    "evidence_expected": "",
                    "scale": "letter",
                    "max_points": "3.00",
                    "unit": "",
                }
            ],
        },
    ],
}


def test_it_round_trips_a_framework_through_json(tenant, in_scope):
    with in_scope(tenant):
        version = services.import_framework(tenant=tenant, data=SHARED, publish=True)
        exported = services.export_version(version=version)
    assert json.loads(json.dumps(exported)) == SHARED
    assert version.is_published


def test_it_imports_nothing_and_lists_every_problem(tenant, in_scope):
    broken = json.loads(json.dumps(SHARED))
    broken["themes"][0]["criteria"][0]["scale"] = "stars"
    broken["themes"][0]["criteria"][1]["title"] = ""
    broken["themes"][1]["criteria"][0]["max_points"] = "0"
    broken["levels"][1]["min_percent"] = "120"
    with in_scope(tenant), pytest.raises(ValidationError) as error:
        services.import_framework(tenant=tenant, data=broken)
    problems = error.value.messages
    assert len(problems) == 4
    assert any("themes[0].criteria[0].scale" in problem for problem in problems)
    assert any("themes[0].criteria[1].title" in problem for problem in problems)
    with in_scope(tenant):
        assert not Framework.objects.exists()


def test_it_imports_a_file_through_the_page(client, tenant, make_person, in_scope):
    client.force_login(make_person(tenant, Role.MANAGER))
    upload = SimpleUploadedFile("grille.json", json.dumps(SHARED).encode(), "application/json")
    response = client.post(
        reverse("framework_import", kwargs={"tenant_slug": tenant.slug}), {"file": upload}
    )
    assert response.status_code == 302
    with in_scope(tenant):
        version = FrameworkVersion.objects.get()
        assert version.status == FrameworkVersion.Status.DRAFT
        assert Criterion.objects.filter(version=version).count() == 3
        assert AuditEntry.objects.filter(action="framework.imported").exists()


def test_it_shows_the_problems_of_a_bad_file(client, tenant, make_person, in_scope):
    client.force_login(make_person(tenant, Role.MANAGER))
    upload = SimpleUploadedFile("grille.json", b"{not json", "application/json")
    response = client.post(
        reverse("framework_import", kwargs={"tenant_slug": tenant.slug}), {"file": upload}
    )
    assert response.status_code == 400
    assert "JSON" in response.content.decode()
    with in_scope(tenant):
        assert not Framework.objects.exists()


def test_it_exports_json(client, tenant, make_person, in_scope):
    with in_scope(tenant):
        version = services.import_framework(tenant=tenant, data=SHARED)
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.get(
        reverse("framework_export", kwargs={"tenant_slug": tenant.slug, "pk": version.pk})
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert json.loads(response.content) == SHARED


def test_it_never_changes_a_published_version(tenant, in_scope):
    version = grid(tenant, themes=[(1, 2)])
    with in_scope(tenant):
        theme = version.themes.get()
        with pytest.raises(ValidationError):
            services.add_theme(version=version, title="Nouveau")
        with pytest.raises(ValidationError):
            services.add_criterion(theme=theme, title="Nouveau", scale=Scale.YES_NO, max_points=1)
        with pytest.raises(ValidationError):
            services.add_level(version=version, name="Or", min_percent=Decimal("80"))
        with pytest.raises(ValidationError):
            services.remove_item(version=version, item=theme.criteria.first())
        assert Criterion.objects.filter(version=version).count() == 2


def test_it_copies_a_published_version_into_a_new_draft(tenant, in_scope, make_person):
    version = grid(tenant, themes=[(1, 2)], levels=[("Bronze", 50)])
    company = CompanyFactory(tenant=tenant)
    diagnostic = answered(company, version, [5, 5])
    with in_scope(tenant):
        draft = services.new_version(version=version, actor=None)
        services.add_criterion(
            theme=draft.themes.get(), title="Nouveau", scale=Scale.YES_NO, max_points=1
        )
        assert draft.number == 2 and not draft.is_published
        assert Criterion.objects.filter(version=draft).count() == 3
        assert Criterion.objects.filter(version=version).count() == 2
        assert draft.levels.get().name == "Bronze"
        diagnostic.refresh_from_db()
        assert diagnostic.version_id == version.pk
        with pytest.raises(ValidationError):
            services.new_version(version=version, actor=None)  # one draft at a time


def test_a_manager_builds_and_publishes_a_grid_through_the_pages(
    client, tenant, make_person, in_scope
):
    client.force_login(make_person(tenant, Role.MANAGER))
    url = reverse("framework_list", kwargs={"tenant_slug": tenant.slug})
    response = client.post(url, {"name": "Grille maison", "description": ""})
    with in_scope(tenant):
        version = FrameworkVersion.objects.get()
    assert response.status_code == 302
    edit = lambda part: reverse(  # noqa: E731
        "framework_edit", kwargs={"tenant_slug": tenant.slug, "pk": version.pk, "part": part}
    )
    client.post(edit("theme"), {"title": "Environnement", "weight": "1"})
    with in_scope(tenant):
        theme = version.themes.get()
    client.post(
        edit("criterion"),
        {"theme": theme.pk, "title": "Tri des déchets", "scale": "yes_no", "max_points": "1"},
    )
    client.post(edit("level"), {"name": "Réussite", "min_percent": "50"})
    client.post(reverse("framework_publish", kwargs={"tenant_slug": tenant.slug, "pk": version.pk}))
    with in_scope(tenant):
        version.refresh_from_db()
        assert version.is_published
        assert version.criteria.get().title == "Tri des déchets"
    # Published: the page refuses further edits and says why.
    response = client.post(edit("theme"), {"title": "Social", "weight": "1"}, follow=True)
    assert (
        "ne peut plus" in response.content.decode()
        or "cannot be changed" in response.content.decode()
    )
    with in_scope(tenant):
        assert version.themes.count() == 1


def test_a_scored_criterion_needs_a_maximum(client, tenant, make_person, in_scope):
    client.force_login(make_person(tenant, Role.MANAGER))
    with in_scope(tenant):
        version = services.create_framework(tenant=tenant, name="Grille")
        theme = services.add_theme(version=version, title="Thème")
    response = client.post(
        reverse(
            "framework_edit",
            kwargs={"tenant_slug": tenant.slug, "pk": version.pk, "part": "criterion"},
        ),
        {"theme": theme.pk, "title": "Sans maximum", "scale": "points", "max_points": ""},
        follow=True,
    )
    assert response.status_code == 200
    with in_scope(tenant):
        assert not Criterion.objects.exists()


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.JURY, Role.MEMBER])
def test_only_managers_edit_frameworks(client, tenant, make_person, role):
    client.force_login(make_person(tenant, role))
    url = reverse("framework_list", kwargs={"tenant_slug": tenant.slug})
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "X"}).status_code == 403


def test_another_tenants_framework_is_not_found(client, tenant, other_tenant, make_person):
    version = grid(tenant)
    client.force_login(make_person(other_tenant, Role.MANAGER))
    url = reverse("framework_version", kwargs={"tenant_slug": other_tenant.slug, "pk": version.pk})
    assert client.get(url).status_code == 404
    listing = client.get(reverse("framework_list", kwargs={"tenant_slug": other_tenant.slug}))
    assert version.framework.name not in listing.content.decode()


def test_importing_a_known_name_adds_a_version(tenant, in_scope):
    with in_scope(tenant):
        first = services.import_framework(tenant=tenant, data=SHARED, publish=True)
        second = services.import_framework(tenant=tenant, data=SHARED)
        assert second.framework_id == first.framework_id
        assert (first.number, second.number) == (1, 2)
        assert not second.is_published
        with pytest.raises(ValidationError):  # one draft at a time
            services.import_framework(tenant=tenant, data=SHARED)
        assert FrameworkVersion.objects.count() == 2


def _import(client, tenant, upload):
    return client.post(
        reverse("framework_import", kwargs={"tenant_slug": tenant.slug}), {"file": upload}
    )


def test_it_refuses_an_oversized_framework_file(client, tenant, make_person, in_scope):
    client.force_login(make_person(tenant, Role.MANAGER))
    padded = {**SHARED, "description": "x" * 5000, "padding": ["y" * 1000] * 1100}
    content = json.dumps(padded).encode()
    assert len(content) > 1024 * 1024
    response = _import(client, tenant, SimpleUploadedFile("grille.json", content))
    assert response.status_code == 400
    assert "trop volumineux" in response.content.decode() and "1 Mo" in response.content.decode()
    with in_scope(tenant):
        assert not Framework.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("grille.json", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"),
        ("grille.json", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32),
        ("grille.csv", json.dumps(SHARED).encode()),
    ],
)
def test_it_refuses_a_file_that_is_not_json(client, tenant, make_person, in_scope, name, content):
    client.force_login(make_person(tenant, Role.MANAGER))
    response = _import(client, tenant, SimpleUploadedFile(name, content))
    assert response.status_code == 400
    assert 'data-testid="import-problems"' in response.content.decode()
    with in_scope(tenant):
        assert not Framework.objects.exists()


def test_a_numeric_indicator_added_through_the_page_scores_nothing(
    client, tenant, make_person, in_scope
):
    client.force_login(make_person(tenant, Role.MANAGER))
    with in_scope(tenant):
        version = services.create_framework(tenant=tenant, name="Grille")
        theme = services.add_theme(version=version, title="Énergie")
    response = client.post(
        reverse(
            "framework_edit",
            kwargs={"tenant_slug": tenant.slug, "pk": version.pk, "part": "criterion"},
        ),
        {"theme": theme.pk, "title": "Consommation", "scale": "number", "max_points": "5"},
    )
    assert response.status_code == 302
    with in_scope(tenant):
        assert Criterion.objects.get().max_points == 0


def test_a_duplicate_framework_name_is_a_form_error(client, tenant, make_person, in_scope):
    with in_scope(tenant):
        services.create_framework(tenant=tenant, name="Grille maison")
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.post(
        reverse("framework_list", kwargs={"tenant_slug": tenant.slug}), {"name": "Grille maison"}
    )
    assert response.status_code == 400
    assert "Un référentiel porte déjà ce nom." in response.content.decode()
    with in_scope(tenant):
        assert Framework.objects.count() == 1
