"""Good practices: written as drafts, published by the company's people, featured by the
programme team, documents checked like every upload, the club topics beside them."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_scopes import scope

from directory import selectors, services
from directory.models import Practice, PracticeDocument
from directory.tests.factories import CompetenceFactory, PracticeFactory, ProfileFactory, viewer
from rse_platform.tenants import registry
from rse_platform.tenants.models import AuditEntry
from tests.conftest import PDF
from tests.factories import CompanyFactory, CompanyMemberFactory

pytestmark = pytest.mark.django_db


def _draft(tenant, company, leader, **fields):
    with scope(tenant=tenant):
        return services.create_practice(
            company=company,
            actor=leader,
            title="Un logiciel de GPEC partagé",
            theme="Social",
            context="Des compétences difficiles à suivre dans une PME de 45 salariés.",
            what_was_done="Un logiciel maison, présenté au Club BouRSE et mis à disposition.",
            results="Adopté par trois adhérents.",
            figures="3 entreprises, 120 salariés suivis",
            **fields,
        )


def _cards(tenant, who, **filters):
    with scope(tenant=tenant):
        return selectors.practices(tenant=tenant, viewer=viewer(who, tenant), **filters)


def test_a_draft_is_seen_once_published(tenant, company, leader, manager):
    practice = _draft(tenant, company, leader)
    assert _cards(tenant, manager).items == []
    with scope(tenant=tenant):
        services.publish_practice(practice=practice, actor=leader)
    (card,) = _cards(tenant, manager).items
    assert (card.title, card.company, card.figures) == (
        "Un logiciel de GPEC partagé",
        "Salti Location",
        "3 entreprises, 120 salariés suivis",
    )
    with scope(tenant=tenant):
        actions = set(AuditEntry.objects.filter(tenant=tenant).values_list("action", flat=True))
    assert {"directory.practice_created", "directory.practice_published"} <= actions


def test_it_refuses_a_practice_without_what_was_done(tenant, company, leader):
    with scope(tenant=tenant), pytest.raises(ValidationError):
        services.create_practice(company=company, actor=leader, title="X", what_was_done=" ")
    with scope(tenant=tenant):
        assert not Practice.objects.filter(company=company).exists()


def test_the_contact_is_one_of_the_companys_people(tenant, company, other_leader, leader):
    with pytest.raises(ValidationError) as error:
        _draft(tenant, company, leader, contact=other_leader)
    assert error.value.code == "contact"


def test_the_contact_shows_only_when_listed_and_only_what_they_show(
    tenant, company, leader, manager
):
    practice = PracticeFactory(company=company, contact=leader)
    (card,) = _cards(tenant, manager).items
    assert card.contact is None  # not in the directory
    ProfileFactory(tenant=tenant, user=leader, show_email=False)
    (card,) = _cards(tenant, manager).items
    assert card.contact.name == leader.display_name and card.contact.email == ""
    assert practice.pk == card.pk


def test_only_a_published_practice_is_featured(tenant, company, leader, manager):
    practice = _draft(tenant, company, leader)
    with scope(tenant=tenant), pytest.raises(ValidationError) as error:
        services.feature_practice(practice=practice, actor=manager)
    assert error.value.code == "not_published"
    with scope(tenant=tenant):
        services.publish_practice(practice=practice, actor=leader)
        services.feature_practice(practice=practice, actor=manager)
        practice.refresh_from_db()
    assert practice.featured and practice.featured_by == manager
    with scope(tenant=tenant):
        services.unpublish_practice(practice=practice, actor=leader)
        practice.refresh_from_db()
    assert (practice.published, practice.featured) == (False, False)


def test_featured_practices_come_first(tenant, company, manager):
    older = PracticeFactory(company=company, published_at=timezone.now() - timedelta(days=30))
    PracticeFactory(company=company)
    with scope(tenant=tenant):
        services.feature_practice(practice=older, actor=manager)
    assert [card.pk for card in _cards(tenant, manager).items][0] == older.pk


def test_an_excluded_company_publishes_nothing(tenant, company, leader, manager):
    from companies import services as company_services

    practice = _draft(tenant, company, leader)
    with scope(tenant=tenant):
        company_services.exclude_company(company=company, reason="Charte", actor=manager)
        with pytest.raises(ValidationError):
            services.publish_practice(practice=practice, actor=leader)


def test_a_document_is_checked_by_its_content(tenant, company, leader):
    practice = _draft(tenant, company, leader)
    good = SimpleUploadedFile("procédure.pdf", PDF, content_type="application/pdf")
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with scope(tenant=tenant):
        document = services.add_practice_document(practice=practice, upload=good, actor=leader)
        with pytest.raises(ValidationError):
            services.add_practice_document(practice=practice, upload=fake, actor=leader)
        assert list(PracticeDocument.objects.filter(practice=practice)) == [document]
    assert document.name == "procédure.pdf" and "procédure" not in document.file.name


def test_the_topics_treated_appear_beside_the_practices(tenant, company, manager):
    PracticeFactory(company=company, theme="Mobilité")
    seen = {}

    def source(*, tenant, theme, viewer):
        seen.update(tenant=tenant, theme=theme, viewer=viewer)
        return [
            registry.TopicTreated(
                topic="Plan de mobilité employeur",
                event_title="Visite de Salti Location",
                date=timezone.now(),
                url_name="event_detail",
                pk=7,
            )
        ]

    registry.add_topic_source("test", source)
    try:
        result = _cards(tenant, manager, theme="Mobilité")
    finally:
        registry._TOPICS.pop("test")
    assert [topic.topic for topic in result.topics] == ["Plan de mobilité employeur"]
    assert seen["theme"] == "Mobilité" and seen["viewer"].user == manager
    assert len(result.items) == 1


def test_another_tenants_practices_never_appear(tenant, other_tenant, company, manager):
    PracticeFactory(company=company, title="Ici")
    PracticeFactory(company=CompanyFactory(tenant=other_tenant), title="Ailleurs")
    assert [card.title for card in _cards(tenant, manager).items] == ["Ici"]


def test_competences_have_unique_names_whatever_the_case(tenant, manager):
    with scope(tenant=tenant):
        services.create_competence(tenant=tenant, actor=manager, name="GPEC", theme="Social")
        with pytest.raises(ValidationError) as error:
            services.create_competence(tenant=tenant, actor=manager, name="gpec")
    assert error.value.code == "duplicate"


def test_a_competence_can_be_renamed_and_restored(tenant, manager):
    competence = CompetenceFactory(tenant=tenant, name="Effcacité énergétique")
    with scope(tenant=tenant):
        services.update_competence(
            competence=competence, actor=manager, name="Efficacité énergétique", theme="Énergie"
        )
        services.archive_competence(competence=competence, actor=manager)
        assert list(selectors.competences(tenant=tenant)) == []
        services.archive_competence(competence=competence, actor=manager, archived=False)
        assert [c.name for c in selectors.competences(tenant=tenant)] == ["Efficacité énergétique"]


def test_the_company_page_lists_drafts_too(tenant, company, leader):
    _draft(tenant, company, leader)
    other = CompanyMemberFactory(company=CompanyFactory(tenant=tenant)).company
    PracticeFactory(company=other)
    with scope(tenant=tenant):
        assert [p.title for p in selectors.company_practices(company=company)] == [
            "Un logiciel de GPEC partagé"
        ]
