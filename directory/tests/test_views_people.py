"""The directory's pages of people and companies: the hub, the lists and their filters, a person,
a photo, a company and its entry, one's own entry. Pages show only what each person chose."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope

from companies import services as company_services
from directory.models import CompanyListing, Profile
from directory.tests.factories import (
    CompanyListingFactory,
    CompetenceFactory,
    ConsultantProfileFactory,
    NewsItemFactory,
    PracticeFactory,
    ProfileFactory,
)
from rse_platform.tenants.models import AuditEntry
from rse_platform.tenants.roles import Role
from tests.conftest import PDF, PNG
from tests.factories import CompanyFactory, CompanyMemberFactory

pytestmark = pytest.mark.django_db

HIDDEN = {"show_position": False, "show_photo": False, "show_email": False, "show_phone": False}


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


def listed(tenant, user, photo=False, **choices):
    """``user``'s listed profile in ``tenant``, showing what ``choices`` say."""
    fields = {"phone": "03 20 11 22 33", **choices}
    profile = ProfileFactory(tenant=tenant, user=user, **fields)
    if photo:
        with scope(tenant=tenant):
            profile.photo.save("moi.png", ContentFile(PNG))
    return profile


def _exclude(tenant, company, manager):
    with scope(tenant=tenant):
        company_services.exclude_company(
            company=company, reason="Charte non respectée", actor=manager
        )


def _profile(tenant, user):
    with scope(tenant=tenant):
        return Profile.objects.filter(tenant=tenant, user=user).first()


# --- The hub ------------------------------------------------------------------------------------


def test_the_hub_counts_and_links_every_area(client, tenant, manager, leader, company):
    listed(tenant, leader)
    CompanyListingFactory(company=company)
    PracticeFactory(company=company, title="Logiciel de GPEC partagé", featured=True)
    NewsItemFactory(tenant=tenant, title="Décret tertiaire : nouvelle échéance")
    client.force_login(manager)
    response = client.get(url(tenant, "directory_home"))
    assert response.status_code == 200
    assert response.context["counts"]["people"] == 1
    assert response.context["counts"]["companies"] == 1
    body = response.content.decode()
    for name in ("directory_people", "directory_companies", "directory_consultants", "search"):
        assert url(tenant, name) in body
    for name in ("practice_list", "offer_list", "resource_list", "news_list"):
        assert url(tenant, name) in body
    assert "Logiciel de GPEC partagé" in body and "Décret tertiaire" in body


def test_the_hub_gives_managers_their_tools(client, tenant, manager, leader):
    client.force_login(manager)
    body = client.get(url(tenant, "directory_home")).content.decode()
    assert 'data-testid="team-tools"' in body
    for name in ("competence_list", "support_list", "news_create", "improvement_report"):
        assert url(tenant, name) in body
    client.force_login(leader)
    body = client.get(url(tenant, "directory_home")).content.decode()
    assert 'data-testid="team-tools"' not in body
    assert url(tenant, "competence_list") not in body


def test_the_hub_invites_whoever_is_not_listed(client, tenant, leader, other_leader):
    listed(tenant, other_leader)
    client.force_login(leader)
    body = client.get(url(tenant, "directory_home")).content.decode()
    assert 'data-testid="invite-listing"' in body
    client.force_login(other_leader)
    body = client.get(url(tenant, "directory_home")).content.decode()
    assert 'data-testid="invite-listing"' not in body


def test_an_empty_hub_says_what_will_come(client, tenant, leader):
    client.force_login(leader)
    body = client.get(url(tenant, "directory_home")).content.decode()
    assert 'data-testid="no-practice"' in body and 'data-testid="no-news"' in body
    assert "Nobody appears yet" in body


def test_a_consultant_is_invited_to_write_their_consultant_entry(client, tenant, make_person):
    consultant = make_person(tenant, Role.CONSULTANT)
    client.force_login(consultant)
    body = client.get(url(tenant, "directory_home")).content.decode()
    assert 'data-testid="invite-consultant"' in body
    ConsultantProfileFactory(tenant=tenant, user=consultant)
    body = client.get(url(tenant, "directory_home")).content.decode()
    assert 'data-testid="invite-consultant"' not in body


def test_the_network_is_in_every_role_s_navigation(client, tenant, make_person):
    for role in Role:
        client.force_login(make_person(tenant, role))
        response = client.get(url(tenant, "tenant_home"))
        urls = [item["url"] for item in response.context["nav_items"]]
        assert url(tenant, "directory_home") in urls, role


def test_the_hub_is_the_tenant_s_own(client, tenant, other_tenant, make_person):
    client.force_login(make_person(other_tenant, Role.MANAGER))
    assert client.get(url(tenant, "directory_home")).status_code == 404


def test_the_hub_costs_the_same_with_more_of_everything(
    client, tenant, manager, company, page_queries
):
    def more(index):
        listed(tenant, CompanyMemberFactory(company=company).user)
        PracticeFactory(company=company, featured=index % 2 == 0)
        NewsItemFactory(tenant=tenant)
        CompanyListingFactory(company=CompanyFactory(tenant=tenant))

    client.force_login(manager)
    address = url(tenant, "directory_home")
    more(0)
    page_queries(address)
    small = page_queries(address)
    for index in range(5):
        more(index)
    assert page_queries(address) == small


# --- People -------------------------------------------------------------------------------------


def test_the_people_list_shows_only_what_each_chose(client, tenant, manager, leader, company):
    listed(tenant, leader, headline="Je partage notre logiciel de GPEC.", **HIDDEN)
    client.force_login(manager)
    body = client.get(url(tenant, "directory_people")).content.decode()
    assert leader.display_name in body and "logiciel de GPEC" in body
    assert leader.email not in body and "03 20 11 22 33" not in body
    assert "Salti Location" not in body
    assert url(tenant, "directory_photo", pk=_profile(tenant, leader).pk) not in body


def test_each_shown_field_appears_on_the_card(client, tenant, manager, leader, company):
    profile = listed(tenant, leader, photo=True, show_email=True, show_phone=True, show_photo=True)
    client.force_login(manager)
    body = client.get(url(tenant, "directory_people")).content.decode()
    assert leader.email in body and "03 20 11 22 33" in body and "Salti Location" in body
    assert url(tenant, "directory_photo", pk=profile.pk) in body


def test_a_person_who_is_not_listed_is_not_in_the_list(client, tenant, manager, leader):
    listed(tenant, leader, listed=False)
    client.force_login(manager)
    response = client.get(url(tenant, "directory_people"))
    assert response.context["table"].count == 0
    assert 'data-testid="no-people"' in response.content.decode()


def test_the_filters_apply(client, tenant, manager, leader, other_leader, company):
    gpec = CompetenceFactory(tenant=tenant, name="GPEC", theme="Social")
    energy = CompetenceFactory(tenant=tenant, name="Efficacité énergétique", theme="Énergie")
    listed(tenant, leader, competences=[gpec])
    listed(tenant, other_leader, competences=[energy])
    client.force_login(manager)

    def names(**query):
        response = client.get(url(tenant, "directory_people"), query)
        return [card.name for card in response.context["cards"]]

    assert names(competence=gpec.pk) == [leader.display_name]
    assert names(theme="Énergie") == [other_leader.display_name]
    assert names(commune="Orchies") == [leader.display_name]  # company's commune
    assert names(size="micro") == [other_leader.display_name]  # 8 employees
    assert names(sector="77") == [leader.display_name]
    assert len(names(competence="not-a-number")) == 2  # an unknown value filters nothing


def test_a_hidden_position_is_never_found_by_its_company_filters(
    client, tenant, manager, leader, company
):
    listed(tenant, leader, show_position=False)
    client.force_login(manager)
    assert "Orchies" not in client.get(url(tenant, "directory_people")).content.decode()
    colleague = CompanyMemberFactory(company=company).user
    listed(tenant, colleague)
    response = client.get(url(tenant, "directory_people"), {"commune": "Orchies"})
    assert [card.name for card in response.context["cards"]] == [colleague.display_name]


def test_the_filters_answer_htmx_with_the_cards_only(client, tenant, manager, leader):
    listed(tenant, leader)
    client.force_login(manager)
    response = client.get(
        url(tenant, "directory_people"),
        headers={"HX-Request": "true", "HX-Target": "people-cards"},
    )
    body = response.content.decode()
    assert "<html" not in body and leader.display_name in body


def test_the_people_list_costs_the_same_with_more_people(
    client, tenant, manager, company, page_queries
):
    competence = CompetenceFactory(tenant=tenant)
    client.force_login(manager)
    address = url(tenant, "directory_people")
    listed(tenant, CompanyMemberFactory(company=company).user, competences=[competence])
    page_queries(address)
    small = page_queries(address)
    for _index in range(6):
        user = CompanyMemberFactory(company=CompanyFactory(tenant=tenant)).user
        listed(tenant, user, photo=True, show_photo=True, competences=[competence])
    assert page_queries(address) == small


def test_a_person_s_page_shows_only_what_they_chose(client, tenant, manager, leader, company):
    profile = listed(tenant, leader, headline="Logiciel GPEC", **HIDDEN)
    client.force_login(manager)
    response = client.get(url(tenant, "directory_person", pk=profile.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert leader.display_name in body and "Logiciel GPEC" in body
    assert leader.email not in body and "03 20 11 22 33" not in body
    assert "Salti Location" not in body


def test_a_person_s_page_links_their_listed_company(client, tenant, manager, leader, company):
    profile = listed(tenant, leader)
    client.force_login(manager)
    body = client.get(url(tenant, "directory_person", pk=profile.pk)).content.decode()
    assert "Salti Location" in body
    assert url(tenant, "directory_company", pk=company.pk) not in body  # not listed
    CompanyListingFactory(company=company)
    body = client.get(url(tenant, "directory_person", pk=profile.pk)).content.decode()
    assert url(tenant, "directory_company", pk=company.pk) in body


def test_an_unlisted_person_s_page_is_not_found(client, tenant, manager, leader):
    profile = listed(tenant, leader, listed=False)
    client.force_login(manager)
    assert client.get(url(tenant, "directory_person", pk=profile.pk)).status_code == 404


def test_a_person_of_another_tenant_is_not_found(
    client, tenant, other_tenant, manager, make_person
):
    stranger = make_person(other_tenant, Role.MANAGER)
    profile = listed(other_tenant, stranger)
    client.force_login(manager)
    assert client.get(url(tenant, "directory_person", pk=profile.pk)).status_code == 404
    assert client.get(url(tenant, "directory_photo", pk=profile.pk)).status_code == 404


# --- Photos -------------------------------------------------------------------------------------


def test_a_shown_photo_is_served(client, tenant, other_leader, leader):
    profile = listed(tenant, leader, photo=True, show_photo=True)
    client.force_login(other_leader)
    response = client.get(url(tenant, "directory_photo", pk=profile.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, no-store"


def test_a_hidden_photo_is_not_found(client, tenant, other_leader, leader):
    profile = listed(tenant, leader, photo=True, show_photo=False)
    client.force_login(other_leader)
    assert client.get(url(tenant, "directory_photo", pk=profile.pk)).status_code == 404


def test_the_photo_of_an_unlisted_person_is_not_found(client, tenant, other_leader, leader):
    profile = listed(tenant, leader, photo=True, show_photo=True, listed=False)
    client.force_login(other_leader)
    assert client.get(url(tenant, "directory_photo", pk=profile.pk)).status_code == 404


def test_a_photo_is_not_served_to_an_anonymous_visitor(client, tenant, leader):
    profile = listed(tenant, leader, photo=True, show_photo=True)
    assert client.get(url(tenant, "directory_photo", pk=profile.pk)).status_code == 404


# --- Companies ----------------------------------------------------------------------------------


def test_the_company_list_shows_listed_companies(client, tenant, leader, company, other_company):
    CompanyListingFactory(company=company, description="Location de matériel")
    CompanyListingFactory(company=other_company, listed=False)
    client.force_login(leader)
    response = client.get(url(tenant, "directory_companies"))
    body = response.content.decode()
    assert "Salti Location" in body and "Location de matériel" in body
    assert "Néo-Éco Recyclage" not in body


def test_an_excluded_company_is_not_listed(client, tenant, leader, company, manager):
    CompanyListingFactory(company=company)
    _exclude(tenant, company, manager)
    client.force_login(leader)
    response = client.get(url(tenant, "directory_companies"))
    assert response.context["cards"] == []
    assert client.get(url(tenant, "directory_company", pk=company.pk)).status_code == 404


def test_the_company_filters_apply(client, tenant, leader, company, other_company):
    CompanyListingFactory(company=company)
    CompanyListingFactory(company=other_company)
    client.force_login(leader)

    def names(**query):
        response = client.get(url(tenant, "directory_companies"), query)
        return [card.name for card in response.context["cards"]]

    assert names(commune="Templeuve") == ["Néo-Éco Recyclage"]
    assert names(size="small") == []
    assert names(size="medium") == ["Salti Location"]
    assert names(sector="38") == ["Néo-Éco Recyclage"]


def test_the_company_list_costs_the_same_with_more_companies(client, tenant, leader, page_queries):
    competence = CompetenceFactory(tenant=tenant)
    client.force_login(leader)
    address = url(tenant, "directory_companies")
    CompanyListingFactory(company=CompanyFactory(tenant=tenant), competences=[competence])
    page_queries(address)
    small = page_queries(address)
    for _index in range(6):
        company = CompanyFactory(tenant=tenant)
        CompanyListingFactory(company=company, competences=[competence])
        PracticeFactory(company=company)
    assert page_queries(address) == small


def test_a_company_page_shows_its_practices_and_the_people_who_show_it(
    client, tenant, other_leader, leader, company
):
    CompanyListingFactory(company=company, description="Location de matériel")
    PracticeFactory(company=company, title="Palettes réemployées")
    PracticeFactory(company=company, title="Brouillon secret", published=False, published_at=None)
    listed(tenant, leader)
    hidden = CompanyMemberFactory(company=company).user
    listed(tenant, hidden, show_position=False)
    client.force_login(other_leader)
    response = client.get(url(tenant, "directory_company", pk=company.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Palettes réemployées" in body and "Brouillon secret" not in body
    assert leader.display_name in body
    assert hidden.display_name not in body  # hides their position: never tied to the company
    assert url(tenant, "directory_listing", pk=company.pk) not in body
    assert url(tenant, "support_request", pk=company.pk) not in body


def test_a_company_s_own_people_see_its_drafts_and_their_tools(client, tenant, leader, company):
    CompanyListingFactory(company=company)
    PracticeFactory(company=company, title="Brouillon à relire", published=False, published_at=None)
    client.force_login(leader)
    body = client.get(url(tenant, "directory_company", pk=company.pk)).content.decode()
    assert "Brouillon à relire" in body
    assert url(tenant, "directory_listing", pk=company.pk) in body
    assert url(tenant, "support_request", pk=company.pk) in body


def test_an_unlisted_company_page_is_not_found(client, tenant, leader, other_company):
    CompanyListingFactory(company=other_company, listed=False)
    client.force_login(leader)
    assert client.get(url(tenant, "directory_company", pk=other_company.pk)).status_code == 404


def test_a_company_of_another_tenant_is_not_found(client, tenant, other_tenant, leader):
    stranger = CompanyFactory(tenant=other_tenant)
    CompanyListingFactory(company=stranger)
    client.force_login(leader)
    assert client.get(url(tenant, "directory_company", pk=stranger.pk)).status_code == 404
    assert client.get(url(tenant, "directory_listing", pk=stranger.pk)).status_code == 404


# --- A company's entry --------------------------------------------------------------------------


def test_a_company_s_people_list_it(client, tenant, leader, company):
    competence = CompetenceFactory(tenant=tenant, name="Plan de mobilité")
    client.force_login(leader)
    address = url(tenant, "directory_listing", pk=company.pk)
    assert client.get(address).status_code == 200
    response = client.post(
        address,
        {"listed": "on", "description": "Nous prêtons nos salles.", "competences": [competence.pk]},
    )
    assert response.status_code == 302
    assert response.url == url(tenant, "directory_company", pk=company.pk)
    with scope(tenant=tenant):
        listing = CompanyListing.objects.get(company=company)
        assert listing.listed and listing.description == "Nous prêtons nos salles."
        assert list(listing.competences.all()) == [competence]
        assert AuditEntry.objects.filter(action="directory.listing_updated").exists()


def test_a_company_leaves_the_directory(client, tenant, leader, company):
    CompanyListingFactory(company=company)
    client.force_login(leader)
    address = url(tenant, "directory_listing", pk=company.pk)
    response = client.post(address, {"description": "En pause"})
    assert response.status_code == 302 and response.url == address
    with scope(tenant=tenant):
        assert not CompanyListing.objects.get(company=company).listed


def test_another_company_s_people_cannot_edit_its_entry(client, tenant, other_leader, company):
    client.force_login(other_leader)
    address = url(tenant, "directory_listing", pk=company.pk)
    assert client.get(address).status_code == 404
    assert client.post(address, {"listed": "on"}).status_code == 404
    with scope(tenant=tenant):
        assert not CompanyListing.objects.filter(company=company).exists()


def test_a_consultant_cannot_edit_a_company_s_entry(client, tenant, company, make_person):
    client.force_login(make_person(tenant, Role.CONSULTANT))
    address = url(tenant, "directory_listing", pk=company.pk)
    assert client.post(address, {"listed": "on"}).status_code == 403
    with scope(tenant=tenant):
        assert not CompanyListing.objects.filter(company=company).exists()


def test_an_excluded_company_cannot_be_listed(client, tenant, leader, company, manager):
    _exclude(tenant, company, manager)
    client.force_login(leader)
    response = client.post(url(tenant, "directory_listing", pk=company.pk), {"listed": "on"})
    assert response.status_code == 400
    with scope(tenant=tenant):
        assert not CompanyListing.objects.filter(company=company, listed=True).exists()


def test_an_unknown_competence_is_refused(client, tenant, other_tenant, leader, company):
    CompetenceFactory(tenant=tenant)
    foreign = CompetenceFactory(tenant=other_tenant)
    client.force_login(leader)
    response = client.post(
        url(tenant, "directory_listing", pk=company.pk),
        {"listed": "on", "competences": [foreign.pk]},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    with scope(tenant=tenant):
        assert not CompanyListing.objects.filter(company=company).exists()


# --- One's own entry ----------------------------------------------------------------------------


def _entry(**fields):
    return {"form": "profile", "headline": "Je partage notre logiciel de GPEC.", **fields}


def test_a_person_appears_with_what_they_choose(client, tenant, leader, company):
    competence = CompetenceFactory(tenant=tenant, name="GPEC")
    client.force_login(leader)
    address = url(tenant, "directory_my_profile")
    assert client.get(address).status_code == 200
    response = client.post(
        address,
        _entry(
            listed="on",
            show_email="on",
            phone="03 20 44 55 66",
            competences=[competence.pk],
            wants_watch_digest="on",
            photo=SimpleUploadedFile("moi.png", PNG, content_type="image/png"),
            show_photo="on",
        ),
    )
    assert response.status_code == 302 and response.url == address
    profile = _profile(tenant, leader)
    assert profile.listed and profile.show_email and not profile.show_position
    assert not profile.show_phone  # not ticked: the number stays private
    assert profile.show_photo and profile.photo
    assert profile.wants_watch_digest
    with scope(tenant=tenant):
        assert list(profile.competences.all()) == [competence]
    body = client.get(address).content.decode()
    assert "03 20 44 55 66" in body  # in the form, for its owner
    preview = body[body.index('id="preview-title"') :]
    assert leader.email in preview and "03 20 44 55 66" not in preview


def test_a_photo_that_is_not_an_image_is_refused(client, tenant, leader):
    client.force_login(leader)
    response = client.post(
        url(tenant, "directory_my_profile"),
        _entry(listed="on", photo=SimpleUploadedFile("moi.png", PDF, content_type="image/png")),
    )
    assert response.status_code == 400
    assert _profile(tenant, leader) is None


def test_a_bad_phone_number_is_refused_and_nothing_is_written(client, tenant, leader):
    client.force_login(leader)
    response = client.post(
        url(tenant, "directory_my_profile"), _entry(listed="on", phone="appelez-moi")
    )
    assert response.status_code == 400
    assert "Enter a phone number" in response.content.decode()
    assert _profile(tenant, leader) is None


def test_an_archived_competence_is_kept_but_not_offered_to_others(
    client, tenant, leader, other_leader
):
    old = CompetenceFactory(tenant=tenant, name="Ancienne compétence", archived=True)
    listed(tenant, leader, competences=[old])
    client.force_login(leader)
    assert "Ancienne compétence" in client.get(url(tenant, "directory_my_profile")).content.decode()
    client.force_login(other_leader)
    assert (
        "Ancienne compétence"
        not in client.get(url(tenant, "directory_my_profile")).content.decode()
    )
    response = client.post(
        url(tenant, "directory_my_profile"), _entry(listed="on", competences=[old.pk])
    )
    assert response.status_code == 400
    assert _profile(tenant, other_leader) is None


def test_a_consultant_writes_their_consultant_entry(client, tenant, make_person):
    consultant = make_person(tenant, Role.CONSULTANT)
    client.force_login(consultant)
    address = url(tenant, "directory_my_profile")
    assert 'id="consultant-title"' in client.get(address).content.decode()
    response = client.post(
        address,
        {
            "form": "consultant",
            "consultant-expertise": "Bilan carbone, plan de mobilité",
            "consultant-references": "20 PME accompagnées",
            "consultant-show_followed_companies": "on",
        },
    )
    assert response.status_code == 302
    with scope(tenant=tenant):
        entry = consultant.consultant_profiles.get()
    assert entry.expertise == "Bilan carbone, plan de mobilité" and entry.show_followed_companies


def test_a_consultant_entry_needs_an_expertise(client, tenant, make_person):
    consultant = make_person(tenant, Role.CONSULTANT)
    client.force_login(consultant)
    response = client.post(
        url(tenant, "directory_my_profile"), {"form": "consultant", "consultant-expertise": ""}
    )
    assert response.status_code == 400
    with scope(tenant=tenant):
        assert not consultant.consultant_profiles.exists()


def test_a_member_gets_no_consultant_entry(client, tenant, leader):
    client.force_login(leader)
    body = client.get(url(tenant, "directory_my_profile")).content.decode()
    assert 'id="consultant-title"' not in body
    response = client.post(
        url(tenant, "directory_my_profile"),
        {"form": "consultant", "consultant-expertise": "Je me déclare consultant"},
    )
    assert response.status_code == 400
    with scope(tenant=tenant):
        assert not leader.consultant_profiles.exists()


def test_one_s_entry_is_one_s_own_in_each_tenant(client, tenant, other_tenant, leader):
    client.force_login(leader)
    assert client.get(url(other_tenant, "directory_my_profile")).status_code == 404
    response = client.post(url(other_tenant, "directory_my_profile"), _entry(listed="on"))
    assert response.status_code == 404
    assert _profile(other_tenant, leader) is None
