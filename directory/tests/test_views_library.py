"""The resource library's and the watch's pages: the library by theme, kind and reading level
with its search box, a resource and its file served through the protected flow, the programme
team adding and editing resources and posting news, the news latest first, each person's weekly
digest, and the latest news on the home."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from directory import services
from directory.models import NewsItem, Profile, Resource
from directory.tests.factories import NewsItemFactory, ResourceFactory
from rse_platform.tenants.roles import Role
from tests.conftest import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


def _pdf(name="fiche-reflexe-tri.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def sheet(tenant, manager):
    with scope(tenant=tenant):
        return services.create_resource(
            tenant=tenant,
            actor=manager,
            kind=Resource.Kind.PRACTICE_SHEET,
            title="Trier ses déchets d'emballage",
            theme="Déchets",
            summary="Les cinq flux à trier et comment en parler aux équipes.",
            level=Resource.Level.ESSENTIAL,
            file=_pdf(),
        )


@pytest.fixture
def booklet(tenant):
    return ResourceFactory(
        tenant=tenant,
        kind=Resource.Kind.METHOD_BOOKLET,
        title="Construire un plan de mobilité",
        theme="Mobilité",
        summary="La méthode pas à pas, avec les aides de l'ADEME.",
        level=Resource.Level.IN_DEPTH,
    )


# --- The library --------------------------------------------------------------------------------


def _titles(response):
    return sorted(resource.title for resource in response.context["table"].rows)


def test_it_lists_the_library_by_theme_kind_and_level(client, tenant, sheet, booklet, leader):
    client.force_login(leader)
    address = url(tenant, "resource_list")
    response = client.get(address)
    assert response.status_code == 200
    assert _titles(response) == ["Construire un plan de mobilité", "Trier ses déchets d'emballage"]
    assert _titles(client.get(address, {"level": "in_depth"})) == ["Construire un plan de mobilité"]
    assert _titles(client.get(address, {"kind": "practice_sheet"})) == [sheet.title]
    assert _titles(client.get(address, {"theme": "mobilité"})) == [booklet.title]


def test_the_search_box_reads_titles_and_summaries(client, tenant, sheet, booklet, leader):
    client.force_login(leader)
    address = url(tenant, "resource_list")
    assert _titles(client.get(address, {"q": "emballage"})) == [sheet.title]
    assert _titles(client.get(address, {"q": "ADEME"})) == [booklet.title]
    response = client.get(address, {"q": "introuvable"})
    assert _titles(response) == [] and "No resource matches this search." in (
        response.content.decode()
    )


def test_a_resource_off_the_library_is_the_programme_teams(client, tenant, sheet, manager, leader):
    with scope(tenant=tenant):
        services.unpublish_resource(resource=sheet, actor=manager)
    client.force_login(leader)
    assert _titles(client.get(url(tenant, "resource_list"))) == []
    assert client.get(url(tenant, "resource_detail", pk=sheet.pk)).status_code == 404
    assert client.get(url(tenant, "resource_file", pk=sheet.pk)).status_code == 404
    client.force_login(manager)
    assert _titles(client.get(url(tenant, "resource_list"))) == [sheet.title]
    assert client.get(url(tenant, "resource_file", pk=sheet.pk)).status_code == 200


def test_the_library_costs_the_same_with_more_resources(client, tenant, leader, page_queries):
    client.force_login(leader)
    address = url(tenant, "resource_list") + "?q=fiche"
    ResourceFactory(tenant=tenant, title="Fiche 0", theme="Énergie")
    page_queries(address)
    small = page_queries(address)
    for index in range(1, 12):
        ResourceFactory(tenant=tenant, title=f"Fiche {index}", theme=f"Thème {index % 4}")
    assert page_queries(address) == small


# --- A resource and its file --------------------------------------------------------------------


def test_a_member_reads_a_resource_and_downloads_its_file(client, tenant, sheet, leader):
    client.force_login(leader)
    page = client.get(url(tenant, "resource_detail", pk=sheet.pk))
    assert page.status_code == 200
    assert url(tenant, "resource_file", pk=sheet.pk) in page.content.decode()
    download = client.get(url(tenant, "resource_file", pk=sheet.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "fiche-reflexe-tri.pdf" in download["Content-Disposition"]


def test_a_link_has_no_file_to_serve(client, tenant, booklet, leader):
    client.force_login(leader)
    assert (
        "https://example.org/fiche"
        in client.get(url(tenant, "resource_detail", pk=booklet.pk)).content.decode()
    )
    assert client.get(url(tenant, "resource_file", pk=booklet.pk)).status_code == 404


def test_another_tenants_resource_is_not_found(client, tenant, other_tenant, leader):
    elsewhere = ResourceFactory(tenant=other_tenant)
    client.force_login(leader)
    assert client.get(url(tenant, "resource_detail", pk=elsewhere.pk)).status_code == 404
    assert client.get(url(tenant, "resource_file", pk=elsewhere.pk)).status_code == 404


# --- Adding and editing resources ---------------------------------------------------------------


def test_the_programme_team_adds_a_sheet_with_its_file(client, tenant, manager):
    client.force_login(manager)
    assert client.get(url(tenant, "resource_create")).status_code == 200
    response = client.post(
        url(tenant, "resource_create"),
        {
            "kind": "practice_sheet",
            "title": "Réduire l'éclairage",
            "theme": "Énergie",
            "level": "in_depth",
            "file": _pdf("eclairage.pdf"),
            "published": "on",
        },
    )
    with scope(tenant=tenant):
        resource = Resource.objects.get(tenant=tenant)
    assert response.status_code == 302
    assert response.url == url(tenant, "resource_detail", pk=resource.pk)
    assert (resource.level, resource.file_name, resource.published) == (
        "in_depth",
        "eclairage.pdf",
        True,
    )


def test_the_programme_team_adds_a_link(client, tenant, manager):
    client.force_login(manager)
    client.post(
        url(tenant, "resource_create"),
        {
            "kind": "link",
            "title": "Le site de l'ADEME",
            "url": "https://ademe.fr",
            "level": "essential",
        },
    )
    with scope(tenant=tenant):
        resource = Resource.objects.get(tenant=tenant)
    assert (resource.url, bool(resource.file), resource.published) == (
        "https://ademe.fr",
        False,
        False,
    )


@pytest.mark.parametrize(
    "data, message",
    [
        ({"kind": "charter", "title": "Charte"}, "Give either a file or the address"),
        ({"kind": "link", "title": "Lien", "file": "PDF"}, "A link needs its address"),
        ({"kind": "charter", "title": "", "url": "https://x.fr"}, "This field is required."),
        ({"kind": "charter", "title": "Faux", "file": "FAKE"}, "not accepted"),
        ({"kind": "charter", "title": "Gros", "file": "PDF", "limit": 10}, "too large"),
    ],
)
def test_bad_input_shows_the_form_again_and_writes_nothing(
    client, tenant, manager, settings, data, message
):
    if "limit" in data:
        settings.UPLOAD_MAX_BYTES = data.pop("limit")
    files = {"PDF": _pdf(), "FAKE": _pdf(content=b"MZ not a pdf at all")}
    if "file" in data:
        data["file"] = files[data["file"]]
    client.force_login(manager)
    response = client.post(url(tenant, "resource_create"), {"level": "essential", **data})
    assert response.status_code == 400 and message in response.content.decode()
    with scope(tenant=tenant):
        assert not Resource.objects.filter(tenant=tenant).exists()


def test_a_member_adds_no_resource(client, tenant, leader):
    client.force_login(leader)
    assert client.get(url(tenant, "resource_create")).status_code == 403


def test_a_new_file_replaces_the_old_and_the_resource_leaves_the_library(
    client, tenant, sheet, manager
):
    client.force_login(manager)
    response = client.post(
        url(tenant, "resource_edit", pk=sheet.pk),
        {"title": "Trier ses emballages", "level": "in_depth", "file": _pdf("v2.pdf")},
    )
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert (sheet.title, sheet.file_name, sheet.level, sheet.published) == (
        "Trier ses emballages",
        "v2.pdf",
        "in_depth",
        False,
    )


def test_a_bad_edit_changes_nothing(client, tenant, sheet, manager):
    client.force_login(manager)
    response = client.post(
        url(tenant, "resource_edit", pk=sheet.pk),
        {"title": "Trier", "level": "essential", "url": "https://ademe.fr", "published": "on"},
    )
    assert response.status_code == 400
    sheet.refresh_from_db()
    assert (sheet.title, sheet.url) == ("Trier ses déchets d'emballage", "")


# --- The watch ----------------------------------------------------------------------------------


def test_the_news_come_latest_first_and_the_future_waits(client, tenant, leader):
    now = timezone.now()
    NewsItemFactory(tenant=tenant, title="Ancienne", published_at=now - timedelta(days=9))
    NewsItemFactory(tenant=tenant, title="Récente", published_at=now - timedelta(hours=1))
    NewsItemFactory(tenant=tenant, title="Demain", published_at=now + timedelta(days=1))
    client.force_login(leader)
    response = client.get(url(tenant, "news_list"))
    assert [item.title for item in response.context["table"].rows] == ["Récente", "Ancienne"]
    assert url(tenant, "news_delete", pk=1) not in response.content.decode()


def test_the_news_cost_the_same_with_more_items(client, tenant, leader, page_queries):
    client.force_login(leader)
    address = url(tenant, "news_list")
    NewsItemFactory(tenant=tenant)
    page_queries(address)
    small = page_queries(address)
    for _index in range(30):
        NewsItemFactory(tenant=tenant)
    assert page_queries(address) == small


def test_the_programme_team_posts_and_deletes_a_news_item(client, tenant, manager):
    client.force_login(manager)
    assert client.get(url(tenant, "news_create")).status_code == 200
    response = client.post(
        url(tenant, "news_create"),
        {
            "title": "Décret tertiaire : la déclaration OPERAT",
            "body": "Avant le 30 septembre, déclarez vos consommations de 2025.",
            "theme": "Énergie",
            "source_name": "ADEME",
            "source_url": "https://operat.ademe.fr",
        },
    )
    assert response.status_code == 302 and response.url == url(tenant, "news_list")
    with scope(tenant=tenant):
        item = NewsItem.objects.get(tenant=tenant)
    assert (item.author, item.source_name) == (manager, "ADEME")
    client.post(url(tenant, "news_delete", pk=item.pk))
    with scope(tenant=tenant):
        assert not NewsItem.objects.filter(tenant=tenant).exists()


def test_a_news_item_too_long_is_refused(client, tenant, manager):
    client.force_login(manager)
    response = client.post(url(tenant, "news_create"), {"title": "Long", "body": "x" * 1001})
    assert response.status_code == 400
    with scope(tenant=tenant):
        assert not NewsItem.objects.filter(tenant=tenant).exists()


def test_a_member_posts_and_deletes_no_news(client, tenant, leader):
    item = NewsItemFactory(tenant=tenant)
    client.force_login(leader)
    assert client.get(url(tenant, "news_create")).status_code == 403
    assert client.post(url(tenant, "news_delete", pk=item.pk)).status_code == 403
    with scope(tenant=tenant):
        assert NewsItem.objects.filter(pk=item.pk).exists()


def test_another_tenants_news_item_is_not_deleted(client, tenant, other_tenant, manager):
    elsewhere = NewsItemFactory(tenant=other_tenant)
    client.force_login(manager)
    assert client.post(url(tenant, "news_delete", pk=elsewhere.pk)).status_code == 404
    with scope(tenant=other_tenant):
        assert NewsItem.objects.filter(pk=elsewhere.pk).exists()


@pytest.mark.parametrize("role", [Role.MEMBER, Role.JURY, Role.CONSULTANT])
def test_each_person_chooses_the_weekly_watch(client, tenant, make_person, role):
    person = make_person(tenant, role)
    client.force_login(person)
    assert client.get(url(tenant, "watch_settings")).status_code == 200
    response = client.post(url(tenant, "watch_settings"), {"wants_watch_digest": "on"})
    assert response.status_code == 302
    with scope(tenant=tenant):
        profile = Profile.objects.get(tenant=tenant, user=person)
    assert profile.wants_watch_digest and not profile.listed  # subscribing lists nobody
    client.post(url(tenant, "watch_settings"), {})
    profile.refresh_from_db()
    assert not profile.wants_watch_digest
    assert "Receive these news items" in client.get(url(tenant, "news_list")).content.decode()


def test_the_home_shows_the_latest_news(client, tenant, leader):
    for index in range(4):
        NewsItemFactory(
            tenant=tenant,
            title=f"Brève {index}",
            published_at=timezone.now() - timedelta(days=index),
        )
    client.force_login(leader)
    body = client.get(url(tenant, "tenant_home")).content.decode()
    assert 'data-testid="panel-news"' in body
    assert "Brève 0" in body and "Brève 2" in body and "Brève 3" not in body
