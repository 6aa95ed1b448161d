"""People and companies in the directory: each person decides what it shows, a hidden field is
never in the returned data, nothing crosses tenants, the filters, the role that ends."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope

from directory import selectors, services
from directory.models import Profile
from directory.tests.factories import (
    CompanyListingFactory,
    CompetenceFactory,
    ProfileFactory,
    viewer,
)
from rse_platform.tenants import services as tenant_services
from rse_platform.tenants.models import AuditEntry, Membership
from rse_platform.tenants.roles import Role
from tests.conftest import PNG
from tests.factories import CompanyFactory, CompanyMemberFactory

pytestmark = pytest.mark.django_db

HIDDEN = {"show_position": False, "show_photo": False, "show_email": False, "show_phone": False}


def _profile(tenant, user, **choices):
    with scope(tenant=tenant):
        return services.update_profile(
            tenant=tenant,
            user=user,
            actor=user,
            listed=True,
            headline="Je partage notre logiciel de GPEC.",
            phone="03 20 00 00 00",
            **choices,
        )


def _people(tenant, who, **filters):
    with scope(tenant=tenant):
        return selectors.directory_people(tenant=tenant, viewer=viewer(who, tenant), **filters)


def test_a_person_appears_with_only_what_they_chose_to_show(tenant, leader, manager, company):
    _profile(tenant, leader, **HIDDEN)
    (card,) = _people(tenant, manager)
    assert card.name == leader.display_name
    assert card.headline == "Je partage notre logiciel de GPEC."
    assert (card.email, card.phone, card.positions, card.has_photo) == ("", "", (), False)
    assert leader.email not in repr(card) and "03 20" not in repr(card)
    assert "Salti" not in repr(card)


def test_each_field_shown_appears(tenant, leader, manager, company):
    photo = SimpleUploadedFile("moi.png", PNG, content_type="image/png")
    _profile(
        tenant,
        leader,
        show_position=True,
        show_email=True,
        show_phone=True,
        show_photo=True,
        photo=photo,
    )
    (card,) = _people(tenant, manager)
    assert card.email == leader.email and card.phone == "03 20 00 00 00" and card.has_photo
    assert [(p.position, p.company) for p in card.positions] == [("Leader", "Salti Location")]


def test_a_person_who_is_not_listed_never_appears(tenant, leader, manager):
    _profile(tenant, leader)
    with scope(tenant=tenant):
        services.update_profile(tenant=tenant, user=leader, actor=leader, listed=False)
    assert _people(tenant, manager) == []


def test_only_the_person_decides_what_is_shown(tenant, leader, manager):
    with scope(tenant=tenant), pytest.raises(ValidationError) as error:
        services.update_profile(
            tenant=tenant, user=leader, actor=manager, listed=True, show_email=True
        )
    assert error.value.code == "not_yours"
    with scope(tenant=tenant):
        assert not Profile.objects.filter(user=leader).exists()


def test_a_phone_or_photo_not_given_is_not_shown(tenant, leader):
    with scope(tenant=tenant):
        profile = services.update_profile(
            tenant=tenant, user=leader, actor=leader, listed=True, show_phone=True, show_photo=True
        )
    assert (profile.show_phone, profile.show_photo) == (False, False)


def test_a_photo_must_be_an_image(tenant, leader):
    fake = SimpleUploadedFile("moi.png", b"%PDF-1.4 not an image", content_type="image/png")
    with scope(tenant=tenant), pytest.raises(ValidationError):
        services.update_profile(tenant=tenant, user=leader, actor=leader, listed=True, photo=fake)
    with scope(tenant=tenant):
        assert not Profile.objects.filter(user=leader).exists()


def test_it_records_the_change_in_the_audit_trail(tenant, leader):
    _profile(tenant, leader)
    with scope(tenant=tenant):
        assert AuditEntry.objects.filter(
            tenant=tenant, actor=leader, action="directory.profile_updated"
        ).exists()


def test_a_person_whose_role_ended_leaves_the_directory_and_the_watch(tenant, leader, manager):
    _profile(tenant, leader, wants_watch_digest=True)
    with scope(tenant=tenant):
        membership = Membership.objects.get(tenant=tenant, user=leader)
        tenant_services.remove_member(membership=membership, actor=manager)
        profile = Profile.objects.get(user=leader)
    assert (profile.listed, profile.wants_watch_digest) == (False, False)
    assert _people(tenant, manager) == []


def test_a_role_removed_without_the_handlers_still_hides_the_person(tenant, leader, manager):
    _profile(tenant, leader)
    with scope(tenant=tenant):
        Membership.objects.filter(tenant=tenant, user=leader).delete()
    assert _people(tenant, manager) == []


def test_someone_without_a_role_sees_nobody(tenant, other_tenant, leader, make_person):
    _profile(tenant, leader)
    stranger = make_person(other_tenant, Role.MANAGER)
    assert _people(tenant, stranger) == []


def test_another_tenants_people_never_appear(tenant, other_tenant, leader, manager, make_person):
    _profile(tenant, leader)
    there = make_person(other_tenant, Role.MEMBER)
    ProfileFactory(tenant=other_tenant, user=there)
    assert [card.name for card in _people(tenant, manager)] == [leader.display_name]
    # The same person, listed in two tenants, shows each tenant's own entry.
    Membership.objects.create(tenant=other_tenant, user=leader, role=Role.MEMBER)
    ProfileFactory(tenant=other_tenant, user=leader, headline="Ailleurs")
    (card,) = _people(tenant, manager)
    assert card.headline != "Ailleurs"


def test_filters_by_competence_and_theme(tenant, leader, other_leader, manager):
    gpec = CompetenceFactory(tenant=tenant, name="GPEC", theme="Social")
    waste = CompetenceFactory(tenant=tenant, name="Déchets ressources", theme="Environnement")
    _profile(tenant, leader, competences=[gpec])
    _profile(tenant, other_leader, competences=[waste])
    assert [c.name for c in _people(tenant, manager, competence=gpec.pk)] == [leader.display_name]
    names = [c.name for c in _people(tenant, manager, theme="environnement")]
    assert names == [other_leader.display_name]


def test_company_filters_match_only_a_shown_position(tenant, leader, other_leader, manager):
    _profile(tenant, leader, show_position=True)  # Salti: 77.39Z, Orchies, 45 people
    _profile(tenant, other_leader, show_position=False)  # Néo-Éco: 38.32Z, Templeuve, 8
    assert [c.name for c in _people(tenant, manager, sector="77")] == [leader.display_name]
    assert [c.name for c in _people(tenant, manager, commune="orchies")] == [leader.display_name]
    assert [c.name for c in _people(tenant, manager, size="medium")] == [leader.display_name]
    # The hidden company cannot be inferred from a filter.
    assert _people(tenant, manager, sector="38") == []
    assert _people(tenant, manager, size="micro") == []


def test_an_archived_competence_cannot_be_chosen_but_stays_with_who_has_it(tenant, leader, manager):
    gpec = CompetenceFactory(tenant=tenant, name="GPEC")
    _profile(tenant, leader, competences=[gpec])
    with scope(tenant=tenant):
        services.archive_competence(competence=gpec, actor=manager)
    _profile(tenant, leader, competences=[gpec])  # kept
    newcomer = CompanyMemberFactory(company=CompanyFactory(tenant=tenant)).user
    with scope(tenant=tenant), pytest.raises(ValidationError) as error:
        _profile(tenant, newcomer, competences=[gpec])
    assert error.value.code == "archived"


def test_another_tenants_competence_is_refused(tenant, other_tenant, leader):
    foreign = CompetenceFactory(tenant=other_tenant)
    with pytest.raises(ValidationError) as error:
        _profile(tenant, leader, competences=[foreign])
    assert error.value.code == "competence"


# --- Companies ----------------------------------------------------------------------------------


def test_a_company_appears_when_it_chooses_to(tenant, company, other_company, leader, manager):
    iso = CompetenceFactory(tenant=tenant, name="ISO 14001")
    with scope(tenant=tenant):
        services.update_company_listing(
            company=company, actor=leader, listed=True, description="Location", competences=[iso]
        )
        services.update_company_listing(company=other_company, actor=manager, listed=False)
        (card,) = selectors.directory_companies(tenant=tenant, viewer=viewer(manager, tenant))
    assert (card.name, card.description, card.competences) == (
        "Salti Location",
        "Location",
        ("ISO 14001",),
    )
    assert card.size == "41 to 249"


def test_an_excluded_company_leaves_the_directory(tenant, company, manager):
    from companies import services as company_services

    CompanyListingFactory(company=company)
    with scope(tenant=tenant):
        company_services.exclude_company(
            company=company, reason="Charte non respectée", actor=manager
        )
        assert selectors.directory_companies(tenant=tenant, viewer=viewer(manager, tenant)) == []
        with pytest.raises(ValidationError):
            services.update_company_listing(company=company, actor=manager, listed=True)


def test_company_filters(tenant, company, other_company, manager):
    CompanyListingFactory(company=company)
    CompanyListingFactory(company=other_company)

    def names(**filters):
        with scope(tenant=tenant):
            return [
                card.name
                for card in selectors.directory_companies(
                    tenant=tenant, viewer=viewer(manager, tenant), **filters
                )
            ]

    assert names() == ["Néo-Éco Recyclage", "Salti Location"]
    assert names(sector="38.3") == ["Néo-Éco Recyclage"]
    assert names(size="micro") == ["Néo-Éco Recyclage"]
    assert names(commune="Orchies") == ["Salti Location"]


def test_another_tenants_companies_never_appear(tenant, other_tenant, company, manager):
    CompanyListingFactory(company=company)
    CompanyListingFactory(company=CompanyFactory(tenant=other_tenant, name="Ailleurs SA"))
    with scope(tenant=tenant):
        cards = selectors.directory_companies(tenant=tenant, viewer=viewer(manager, tenant))
    assert [card.name for card in cards] == ["Salti Location"]
