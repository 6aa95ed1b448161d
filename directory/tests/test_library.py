"""The resource library (a file or a link, two reading levels) and the news of the watch."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_scopes import scope

from directory import selectors, services
from directory.models import NewsItem, Resource
from directory.tests.factories import NewsItemFactory, ResourceFactory, viewer
from rse_platform.tenants.models import AuditEntry
from tests.conftest import PDF

pytestmark = pytest.mark.django_db


def _pdf(name="fiche-reflexe-dechets.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_a_practice_sheet_is_a_checked_file(tenant, manager, leader):
    with scope(tenant=tenant):
        sheet = services.create_resource(
            tenant=tenant,
            actor=manager,
            kind=Resource.Kind.PRACTICE_SHEET,
            title="Valoriser les palettes",
            theme="Déchets",
            level=Resource.Level.IN_DEPTH,
            file=_pdf(),
        )
        rows = selectors.resources(tenant=tenant, viewer=viewer(leader, tenant), level="in_depth")
        assert list(rows) == [sheet]
        assert AuditEntry.objects.filter(action="directory.resource_created").exists()
    assert sheet.file_name == "fiche-reflexe-dechets.pdf" and "fiche" not in sheet.file.name


@pytest.mark.parametrize(
    "fields, code",
    [
        ({"kind": "link"}, "link"),
        ({"kind": "link", "url": "https://example.org", "file": True}, "link"),
        ({"kind": "document"}, "file_or_link"),
        ({"kind": "document", "url": "https://example.org", "file": True}, "file_or_link"),
    ],
)
def test_a_resource_is_a_file_or_a_link(tenant, manager, fields, code):
    fields = {**fields, "file": _pdf() if fields.get("file") else None}
    with scope(tenant=tenant), pytest.raises(ValidationError) as error:
        services.create_resource(tenant=tenant, actor=manager, title="Charte", **fields)
    assert error.value.code == code
    with scope(tenant=tenant):
        assert not Resource.objects.filter(tenant=tenant).exists()


def test_a_file_that_is_not_what_it_says_is_refused(tenant, manager):
    fake = SimpleUploadedFile("charte.pdf", b"MZ not a pdf", content_type="application/pdf")
    with scope(tenant=tenant), pytest.raises(ValidationError):
        services.create_resource(
            tenant=tenant, actor=manager, kind="charter", title="Charte", file=fake
        )


def test_an_unpublished_resource_leaves_the_library(tenant, manager, leader):
    resource = ResourceFactory(tenant=tenant)
    with scope(tenant=tenant):
        services.unpublish_resource(resource=resource, actor=manager)
        assert list(selectors.resources(tenant=tenant, viewer=viewer(leader, tenant))) == []
        everything = selectors.resources(
            tenant=tenant, viewer=viewer(manager, tenant), include_unpublished=True
        )
        assert list(everything) == [resource]


def test_a_new_file_replaces_the_previous_one(tenant, manager):
    with scope(tenant=tenant):
        resource = services.create_resource(
            tenant=tenant, actor=manager, kind="method_booklet", title="Guide", file=_pdf("v1.pdf")
        )
        first = resource.file.name
        services.update_resource(
            resource=resource, actor=manager, title="Guide", file=_pdf("v2.pdf")
        )
    assert resource.file_name == "v2.pdf"
    assert not resource.file.storage.exists(first)


def test_resources_stay_in_their_tenant(tenant, other_tenant, leader):
    ResourceFactory(tenant=other_tenant)
    with scope(tenant=tenant):
        assert list(selectors.resources(tenant=tenant, viewer=viewer(leader, tenant))) == []


def test_news_are_short(tenant, manager):
    with scope(tenant=tenant), pytest.raises(ValidationError):
        services.post_news(tenant=tenant, actor=manager, title="Long", body="x" * 1001)
    with scope(tenant=tenant):
        assert not NewsItem.objects.filter(tenant=tenant).exists()


def test_the_latest_news_for_the_home(tenant, other_tenant, manager):
    now = timezone.now()
    with scope(tenant=tenant):
        for days in (3, 1, 2):
            services.post_news(
                tenant=tenant,
                actor=manager,
                title=f"Il y a {days} jours",
                body="Décret tertiaire : échéance 2030.",
                source_name="Légifrance",
                source_url="https://www.legifrance.gouv.fr/",
                published_at=now - timedelta(days=days),
            )
    NewsItemFactory(tenant=tenant, title="Demain", published_at=now + timedelta(days=1))
    NewsItemFactory(tenant=other_tenant, title="Ailleurs")
    with scope(tenant=tenant):
        titles = [item.title for item in selectors.latest_news(tenant=tenant, n=2)]
    assert titles == ["Il y a 1 jours", "Il y a 2 jours"]


def test_a_news_item_can_be_deleted(tenant, manager):
    item = NewsItemFactory(tenant=tenant)
    with scope(tenant=tenant):
        services.delete_news(item=item, actor=manager)
        assert not NewsItem.objects.filter(pk=item.pk).exists()
        assert AuditEntry.objects.filter(action="directory.news_deleted").exists()
