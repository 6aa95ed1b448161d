"""The good practices' pages: the list (featured first, filters, the topics treated in club
events beside them, the drafts of one's company), a practice with its figures, its contact as
they chose to show themselves and its documents, writing and publishing one for one's company,
featuring it, and its documents served through the protected file flow."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from directory import services
from directory.models import Practice, PracticeDocument
from directory.tests.factories import PracticeFactory, ProfileFactory
from rse_platform.tenants import registry
from rse_platform.tenants.models import AuditEntry
from rse_platform.tenants.roles import Role
from tests.conftest import PDF
from tests.factories import CompanyFactory, CompanyMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


def _pdf(name="procedure-tri.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def practice(company, leader):
    return PracticeFactory(
        company=company,
        contact=leader,
        title="Valoriser les palettes",
        theme="Déchets",
        context="Des palettes cassées partaient en benne.",
        what_was_done="Un atelier de réparation des palettes.",
        results="Moins de déchets de bois.",
        figures="12 tonnes de bois évitées par an",
    )


@pytest.fixture
def topics(tenant, monkeypatch):
    """A club event that treated waste, as the clubs app would report it."""
    when = timezone.now() - timedelta(days=10)

    def source(*, tenant, theme, viewer):
        topic = registry.TopicTreated(
            topic="Le tri des déchets de bois",
            event_title="Atelier déchets des Pionniers",
            date=when,
            url_name="event_detail",
            pk=4321,
            theme="Déchets",
        )
        return [topic] if theme in (None, "Déchets") else []

    monkeypatch.setitem(registry._TOPICS, "test", source)


# --- The list -----------------------------------------------------------------------------------


def test_it_lists_the_featured_practices_first_with_the_topics_treated(
    client, tenant, company, practice, other_leader, topics
):
    featured = PracticeFactory(company=company, title="Plan de mobilité", featured=True)
    PracticeFactory(company=company, title="Brouillon caché", published=False, published_at=None)
    client.force_login(other_leader)
    response = client.get(url(tenant, "practice_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index("Plan de mobilité") < body.index("Valoriser les palettes")
    assert "Brouillon caché" not in body
    assert [card.pk for card in response.context["cards"]] == [featured.pk, practice.pk]
    assert "Le tri des déchets de bois" in body and url(tenant, "event_detail", pk=4321) in body


def test_it_filters_by_theme_and_company(client, tenant, company, other_company, practice, leader):
    PracticeFactory(company=other_company, title="Covoiturage", theme="Mobilité")
    client.force_login(leader)
    by_theme = client.get(url(tenant, "practice_list"), {"theme": "déchets"})
    assert [card.title for card in by_theme.context["cards"]] == ["Valoriser les palettes"]
    by_company = client.get(url(tenant, "practice_list"), {"company": other_company.pk})
    assert [card.title for card in by_company.context["cards"]] == ["Covoiturage"]


def test_an_htmx_filter_swaps_only_the_cards(client, tenant, practice, leader):
    client.force_login(leader)
    response = client.get(
        url(tenant, "practice_list"),
        {"theme": "Déchets"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="practice-list",
    )
    body = response.content.decode()
    assert "Valoriser les palettes" in body and "<html" not in body


def test_a_company_sees_its_own_drafts_and_not_the_others(
    client, tenant, company, other_company, leader
):
    PracticeFactory(company=company, title="Notre brouillon", published=False, published_at=None)
    PracticeFactory(
        company=other_company, title="Leur brouillon", published=False, published_at=None
    )
    client.force_login(leader)
    body = client.get(url(tenant, "practice_list")).content.decode()
    assert "Notre brouillon" in body and "Leur brouillon" not in body


def test_a_consultant_reads_the_list_without_writing(client, tenant, practice, make_person):
    client.force_login(make_person(tenant, Role.CONSULTANT))
    response = client.get(url(tenant, "practice_list"))
    assert response.status_code == 200
    assert url(tenant, "practice_create") not in response.content.decode()


def test_the_list_costs_the_same_with_more_practices(
    client, tenant, company, leader, page_queries, topics
):
    client.force_login(leader)
    address = url(tenant, "practice_list")
    PracticeFactory(company=company, contact=leader)
    ProfileFactory(tenant=tenant, user=leader, show_email=True)
    page_queries(address)
    small = page_queries(address)
    for index in range(8):
        other = CompanyFactory(tenant=tenant, name=f"Entreprise {index}")
        person = CompanyMemberFactory(company=other).user
        ProfileFactory(tenant=tenant, user=person)
        practice = PracticeFactory(company=other, contact=person, featured=index % 2 == 0)
        with scope(tenant=tenant):
            services.add_practice_document(practice=practice, upload=_pdf(), actor=person)
    PracticeFactory(company=company, published=False, published_at=None)
    assert page_queries(address) == small


# --- A practice ---------------------------------------------------------------------------------


def test_it_shows_the_practice_its_figures_and_contact_as_they_chose(
    client, tenant, practice, leader, other_leader, topics
):
    ProfileFactory(
        tenant=tenant, user=leader, show_email=False, show_phone=True, phone="0320000000"
    )
    client.force_login(other_leader)
    response = client.get(url(tenant, "practice_detail", pk=practice.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert "12 tonnes de bois évitées par an" in body
    assert leader.display_name in body and "0320000000" in body
    assert leader.email not in body  # hidden: never rendered
    assert "Le tri des déchets de bois" in body


def test_an_unlisted_contact_is_not_named(client, tenant, practice, leader, other_leader):
    client.force_login(other_leader)
    body = client.get(url(tenant, "practice_detail", pk=practice.pk)).content.decode()
    assert leader.display_name not in body and leader.email not in body
    assert "chose not to appear" in body


def test_a_draft_is_its_companys_and_the_programme_teams(
    client, tenant, company, leader, other_leader, manager
):
    draft = PracticeFactory(company=company, published=False, published_at=None)
    address = url(tenant, "practice_detail", pk=draft.pk)
    client.force_login(other_leader)
    assert client.get(address).status_code == 404
    for person in (leader, manager):
        client.force_login(person)
        assert 'data-testid="draft"' in client.get(address).content.decode()


def test_another_tenants_practice_is_not_found(client, tenant, other_tenant, leader):
    elsewhere = PracticeFactory(company=CompanyFactory(tenant=other_tenant))
    client.force_login(leader)
    assert client.get(url(tenant, "practice_detail", pk=elsewhere.pk)).status_code == 404


# --- Writing a practice -------------------------------------------------------------------------


def test_a_member_shares_a_practice_as_a_draft_of_their_company(client, tenant, company, leader):
    client.force_login(leader)
    assert client.get(url(tenant, "practice_create")).status_code == 200
    response = client.post(
        url(tenant, "practice_create"),
        {
            "company": company.pk,
            "title": "Logiciel de GPEC partagé",
            "theme": "Social",
            "what_was_done": "Un logiciel de gestion des compétences, prêté aux membres.",
            "figures": "25 dirigeants l'utilisent",
            "contact": leader.email,
        },
    )
    with scope(tenant=tenant):
        practice = Practice.objects.get(tenant=tenant)
    assert response.status_code == 302
    assert response.url == url(tenant, "practice_detail", pk=practice.pk)
    assert (practice.company, practice.contact, practice.published) == (company, leader, False)


def test_a_member_writes_for_their_own_company_only(client, tenant, company, other_company, leader):
    client.force_login(leader)
    response = client.post(
        url(tenant, "practice_create"),
        {"company": other_company.pk, "title": "Pour les autres", "what_was_done": "Rien"},
    )
    assert response.status_code == 400
    with scope(tenant=tenant):
        assert not Practice.objects.filter(tenant=tenant).exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"title": "", "what_was_done": "Fait"}, "This field is required."),
        ({"title": "Titre", "what_was_done": "Fait", "contact": "x@nulle-part.fr"}, "Nobody"),
        ({"title": "Titre", "what_was_done": "Fait", "contact": "OTHER"}, "company's people"),
    ],
)
def test_bad_input_shows_the_form_again_and_writes_nothing(
    client, tenant, company, leader, other_leader, data, message
):
    if data.get("contact") == "OTHER":
        data = {**data, "contact": other_leader.email}
    client.force_login(leader)
    response = client.post(url(tenant, "practice_create"), {"company": company.pk, **data})
    assert response.status_code == 400 and message in response.content.decode()
    with scope(tenant=tenant):
        assert not Practice.objects.filter(tenant=tenant).exists()


def test_a_consultant_writes_no_practice(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.CONSULTANT))
    assert client.get(url(tenant, "practice_create")).status_code == 403


def test_a_member_edits_their_companys_practice(client, tenant, practice, leader):
    client.force_login(leader)
    response = client.post(
        url(tenant, "practice_edit", pk=practice.pk),
        {"title": "Réparer les palettes", "what_was_done": "Un atelier.", "contact": ""},
    )
    assert response.status_code == 302
    practice.refresh_from_db()
    assert (practice.title, practice.contact, practice.published) == (
        "Réparer les palettes",
        None,
        True,
    )


def test_another_companys_practice_cannot_be_edited(client, tenant, practice, other_leader):
    client.force_login(other_leader)
    address = url(tenant, "practice_edit", pk=practice.pk)
    assert client.get(address).status_code == 404
    assert client.post(address, {"title": "Volée", "what_was_done": "x"}).status_code == 404
    practice.refresh_from_db()
    assert practice.title == "Valoriser les palettes"


# --- Documents ----------------------------------------------------------------------------------


def test_a_document_is_uploaded_on_the_edit_page_and_served(
    client, tenant, practice, leader, other_leader
):
    client.force_login(leader)
    response = client.post(
        url(tenant, "practice_edit", pk=practice.pk), {"op": "upload", "file": _pdf()}
    )
    assert response.status_code == 302
    with scope(tenant=tenant):
        document = PracticeDocument.objects.get(practice=practice)
    client.force_login(other_leader)
    download = client.get(url(tenant, "practice_document", pk=document.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("procedure.pdf", b"MZ\x90\x00 not a pdf"), "not accepted"),
        (SimpleUploadedFile("procedure.exe", PDF), "does not match"),
        (SimpleUploadedFile("vide.pdf", b""), "empty"),
    ],
)
def test_an_upload_that_is_not_what_it_says_is_refused(
    client, tenant, practice, leader, upload, message
):
    client.force_login(leader)
    response = client.post(
        url(tenant, "practice_edit", pk=practice.pk), {"op": "upload", "file": upload}
    )
    assert response.status_code == 400 and message in response.content.decode()
    with scope(tenant=tenant):
        assert not PracticeDocument.objects.filter(practice=practice).exists()


def test_an_upload_too_large_is_refused(client, tenant, practice, leader, settings):
    settings.UPLOAD_MAX_BYTES = len(PDF) - 1
    client.force_login(leader)
    response = client.post(
        url(tenant, "practice_edit", pk=practice.pk), {"op": "upload", "file": _pdf()}
    )
    assert response.status_code == 400 and "too large" in response.content.decode()
    with scope(tenant=tenant):
        assert not PracticeDocument.objects.filter(practice=practice).exists()


def test_a_document_is_removed(client, tenant, practice, leader):
    with scope(tenant=tenant):
        document = services.add_practice_document(practice=practice, upload=_pdf(), actor=leader)
    client.force_login(leader)
    client.post(
        url(tenant, "practice_edit", pk=practice.pk), {"op": "remove", "document": document.pk}
    )
    with scope(tenant=tenant):
        assert not PracticeDocument.objects.filter(pk=document.pk).exists()


def test_a_drafts_document_stays_with_its_company(client, tenant, company, leader, other_leader):
    draft = PracticeFactory(company=company, published=False, published_at=None)
    with scope(tenant=tenant):
        document = services.add_practice_document(practice=draft, upload=_pdf(), actor=leader)
    client.force_login(other_leader)
    assert client.get(url(tenant, "practice_document", pk=document.pk)).status_code == 404
    client.force_login(leader)
    assert client.get(url(tenant, "practice_document", pk=document.pk)).status_code == 200


def test_another_tenants_document_is_not_found(client, tenant, other_tenant, leader, make_person):
    elsewhere = PracticeFactory(company=CompanyFactory(tenant=other_tenant))
    there = make_person(other_tenant, Role.MANAGER)
    with scope(tenant=other_tenant):
        document = services.add_practice_document(practice=elsewhere, upload=_pdf(), actor=there)
    client.force_login(leader)
    assert client.get(url(tenant, "practice_document", pk=document.pk)).status_code == 404


# --- Publishing and featuring -------------------------------------------------------------------


def test_a_member_publishes_then_takes_back_their_practice(client, tenant, company, leader):
    draft = PracticeFactory(company=company, published=False, published_at=None)
    client.force_login(leader)
    client.post(url(tenant, "practice_publish", pk=draft.pk), {"publish": "1"})
    draft.refresh_from_db()
    assert draft.published and draft.published_at is not None
    client.post(url(tenant, "practice_publish", pk=draft.pk), {"publish": "0"})
    draft.refresh_from_db()
    assert not draft.published


def test_another_company_cannot_publish_it(client, tenant, company, other_leader):
    draft = PracticeFactory(company=company, published=False, published_at=None)
    client.force_login(other_leader)
    response = client.post(url(tenant, "practice_publish", pk=draft.pk), {"publish": "1"})
    assert response.status_code == 404
    draft.refresh_from_db()
    assert not draft.published


def test_the_programme_team_features_a_published_practice(client, tenant, practice, manager):
    client.force_login(manager)
    response = client.post(url(tenant, "practice_feature", pk=practice.pk), {"featured": "1"})
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.featured and practice.featured_by == manager
    with scope(tenant=tenant):
        assert AuditEntry.objects.filter(action="directory.practice_featured").exists()


def test_a_draft_is_not_featured(client, tenant, company, manager):
    draft = PracticeFactory(company=company, published=False, published_at=None)
    client.force_login(manager)
    response = client.post(
        url(tenant, "practice_feature", pk=draft.pk), {"featured": "1"}, follow=True
    )
    assert "Only a published practice can be featured." in response.content.decode()
    draft.refresh_from_db()
    assert not draft.featured


def test_a_member_features_nothing(client, tenant, practice, leader):
    client.force_login(leader)
    assert (
        client.post(url(tenant, "practice_feature", pk=practice.pk), {"featured": "1"}).status_code
        == 403
    )
    practice.refresh_from_db()
    assert not practice.featured
