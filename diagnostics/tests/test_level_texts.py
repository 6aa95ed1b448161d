"""What each answer of a criterion means (level texts): written in the builder, shared in the
JSON format, copied into new versions, shown on the answer cards."""

import json

import pytest
from django.urls import reverse

from diagnostics import services
from diagnostics.models import Criterion, Scale
from rse_platform.tenants.roles import Role

from .factories import CriterionFactory, grid

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(tenant, in_scope):
    with in_scope(tenant):
        version = services.create_framework(tenant=tenant, name="Grille maison")
        theme = services.add_theme(version=version, title="Environnement")
    return version, theme


def edit(tenant, version, part="criterion"):
    return reverse(
        "framework_edit", kwargs={"tenant_slug": tenant.slug, "pk": version.pk, "part": part}
    )


def test_a_manager_gives_a_points_criterion_its_level_texts(
    client, tenant, make_person, in_scope, draft
):
    version, theme = draft
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.post(
        edit(tenant, version),
        {
            "theme": theme.pk,
            "title": "Tri des déchets",
            "scale": "points",
            "max_points": "3",
            "level_texts": "Rien n'est fait\r\n\r\nTri partiel\r\n",
        },
    )
    assert response.status_code == 302
    with in_scope(tenant):
        criterion = Criterion.objects.get()
    # One text per answer (0 to 3): the missing last one is blank.
    assert criterion.level_texts == ["Rien n'est fait", "", "Tri partiel", ""]
    page = client.get(
        reverse("framework_version", kwargs={"tenant_slug": tenant.slug, "pk": version.pk})
    ).content.decode()
    assert "<li><strong>0</strong> — Rien n&#x27;est fait</li>" in page
    assert "<li><strong>2</strong> — Tri partiel</li>" in page


def test_the_builder_form_describes_the_level_texts_field(client, tenant, make_person, draft):
    version, _theme = draft
    client.force_login(make_person(tenant, Role.MANAGER))
    page = client.get(
        reverse("framework_version", kwargs={"tenant_slug": tenant.slug, "pk": version.pk})
    ).content.decode()
    # The help text Django points the field to exists (no aria-describedby to a missing id).
    assert 'aria-describedby="id_level_texts_helptext"' in page
    assert 'id="id_level_texts_helptext"' in page


@pytest.mark.parametrize(
    ("scale", "maximum", "texts"),
    [
        ("points", "2", "a\nb\nc\nd"),  # 3 answers (0, 1, 2), 4 texts
        ("yes_no", "1", "Oui\nNon\nPeut-être"),
        ("number", "", "Beaucoup"),  # an indicator has no levels
    ],
)
def test_it_refuses_level_texts_that_do_not_fit_the_scale(
    client, tenant, make_person, in_scope, draft, scale, maximum, texts
):
    version, theme = draft
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.post(
        edit(tenant, version),
        {
            "theme": theme.pk,
            "title": "Critère",
            "scale": scale,
            "max_points": maximum,
            "unit": "kWh",
            "level_texts": texts,
        },
        follow=True,
    )
    assert response.status_code == 200
    assert 'class="alert alert-danger' in response.content.decode()
    with in_scope(tenant):
        assert not Criterion.objects.exists()


def test_level_texts_travel_in_the_shared_format_and_into_new_versions(tenant, in_scope):
    version = grid(tenant, themes=[(1, 1)], scale=Scale.LETTER, max_points=3)
    with in_scope(tenant):
        criterion = version.criteria.get()
        criterion.level_texts = ["Maîtrisée", "Engagée", "Ponctuelle", "Rien"]
        criterion.save()
        exported = services.export_version(version=version)
        assert exported["themes"][0]["criteria"][0]["level_texts"] == criterion.level_texts
        copy = services.new_version(version=version, actor=None)
        assert copy.criteria.get().level_texts == criterion.level_texts
        data = json.loads(json.dumps(exported))
        data["name"] = "Copie partagée"
        imported = services.import_framework(tenant=tenant, data=data)
        assert imported.criteria.get().level_texts == criterion.level_texts


def test_a_criterion_without_level_texts_is_exported_as_before(tenant, in_scope):
    version = grid(tenant, themes=[(1, 1)])
    with in_scope(tenant):
        exported = services.export_version(version=version)
    assert "level_texts" not in exported["themes"][0]["criteria"][0]


@pytest.mark.parametrize(
    ("texts", "message"),
    [
        ("Rien", "doit être une liste de textes"),
        ([1, 2], "doit être une liste de textes"),
        (["a", "b", "c"], "cette échelle a 2 réponses"),
        (["x" * 301], "un texte est trop long"),
    ],
)
def test_an_import_with_wrong_level_texts_is_refused_whole(tenant, in_scope, texts, message):
    data = {
        "format": services.FORMAT,
        "format_version": 1,
        "name": "Grille importée",
        "themes": [
            {
                "title": "Thème",
                "criteria": [
                    {"title": "Tri", "scale": "yes_no", "max_points": "1", "level_texts": texts}
                ],
            }
        ],
    }
    with in_scope(tenant):
        errors = services.validate_framework_data(data)
    assert any(message in str(error) or message in error for error in errors), errors


def test_the_shipped_grids_carry_their_legend_on_the_answers(tenant, in_scope):
    """The ISO 26000 and 6PL grids no longer repeat their legend in every question's guidance."""
    from diagnostics.demo import FRAMEWORKS_DIR

    for name in ("iso26000-a-d.json", "6pl.json"):
        data = json.loads((FRAMEWORKS_DIR / name).read_text(encoding="utf-8"))
        criteria = [c for theme in data["themes"] for c in theme["criteria"]]
        scored = [c for c in criteria if c["scale"] != "number"]
        assert all(c.get("level_texts") for c in scored), name
        assert not any(c["guidance"] for c in scored), name
        with in_scope(tenant):
            assert services.validate_framework_data(data) == [], name


def test_an_answer_card_shows_its_level_text(client, tenant, make_person, in_scope):
    from tests.factories import CompanyFactory, CompanyMemberFactory

    from .factories import DiagnosticFactory

    version = grid(tenant, themes=[(1, 1)], scale=Scale.YES_NO, max_points=1)
    with in_scope(tenant):
        CriterionFactory(
            theme=version.themes.get(),
            scale=Scale.POINTS,
            max_points=2,
            level_texts=["Aucune démarche", "", "Démarche certifiée"],
        )
    leader = make_person(tenant, Role.MEMBER)
    company = CompanyFactory(tenant=tenant)
    CompanyMemberFactory(company=company, user=leader)
    diagnostic = DiagnosticFactory(company=company, version=version)
    client.force_login(leader)
    page = client.get(
        reverse("diagnostic_fill", kwargs={"tenant_slug": tenant.slug, "pk": diagnostic.pk})
    ).content.decode()
    card = '<span class="answer-label">0</span><span class="answer-text">Aucune démarche</span>'
    assert card in page
    assert page.count("criterion-answer criterion-answer-wide") == 1  # the yes/no one stays compact
