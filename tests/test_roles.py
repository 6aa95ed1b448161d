import pytest
from django.urls import reverse

from companies import services as company_services
from rse_platform.tenants.roles import Role
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _nav_labels(response):
    return [str(item["label"]) for item in response.context["nav_items"]]


# Entries of the core and of the programmes app; other apps add their own next to them.
NAVIGATION = {"Accueil", "Tableau de bord", "Entreprises", "Programmes", "Personnes", "Charte"}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (
            Role.MANAGER,
            {"Accueil", "Tableau de bord", "Entreprises", "Programmes", "Personnes", "Charte"},
        ),
        (Role.CONSULTANT, {"Accueil", "Entreprises", "Charte"}),
        (Role.JURY, {"Accueil", "Charte"}),
        (Role.MEMBER, {"Accueil", "Charte"}),
    ],
)
def test_each_role_gets_its_navigation(client, tenant, make_person, role, expected):
    client.force_login(make_person(tenant, role))
    response = client.get(reverse("tenant_home", kwargs={"tenant_slug": tenant.slug}))
    assert response.status_code == 200
    labels = _nav_labels(response)
    assert labels[0] == "Accueil"
    assert set(labels) & NAVIGATION == expected
    assert response.context["current_membership"].role == role


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.JURY, Role.MEMBER])
def test_only_managers_see_the_people_page(client, tenant, make_person, role):
    client.force_login(make_person(tenant, role))
    assert client.get(reverse("members", kwargs={"tenant_slug": tenant.slug})).status_code == 403


def test_a_manager_sees_the_people_page(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MANAGER))
    colleague = make_person(tenant, Role.JURY, email="jury@example.org")
    response = client.get(reverse("members", kwargs={"tenant_slug": tenant.slug}))
    assert response.status_code == 200
    assert colleague.email in response.content.decode()


def test_the_people_search_answers_htmx_with_the_list_only(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MANAGER))
    make_person(
        tenant, Role.JURY, email="anne.jury@example.org", first_name="Anne", last_name="Roy"
    )
    make_person(
        tenant, Role.JURY, email="paul.jury@example.org", first_name="Paul", last_name="Roy"
    )
    response = client.get(
        reverse("members", kwargs={"tenant_slug": tenant.slug}),
        {"q": "anne"},
        headers={"HX-Request": "true", "HX-Target": "member-list"},
    )
    body = response.content.decode()
    assert "<html" not in body
    assert "anne.jury@example.org" in body
    assert "paul.jury@example.org" not in body


def test_a_consultant_sees_only_the_companies_assigned(client, tenant, make_person, in_scope):
    consultant = make_person(tenant, Role.CONSULTANT)
    with in_scope(tenant):
        followed = company_services.create_company(tenant=tenant, name="Suivie SARL")
        other = company_services.create_company(tenant=tenant, name="Autre SAS")
        company_services.assign_consultant(company=followed, consultant=consultant)
    client.force_login(consultant)
    response = client.get(reverse("company_list", kwargs={"tenant_slug": tenant.slug}))
    assert [c.name for c in response.context["table"].rows] == ["Suivie SARL"]
    url = reverse("company_detail", kwargs={"tenant_slug": tenant.slug, "pk": other.pk})
    assert client.get(url).status_code == 404
    url = reverse("company_detail", kwargs={"tenant_slug": tenant.slug, "pk": followed.pk})
    assert client.get(url).status_code == 200


def test_a_company_member_sees_only_their_company(client, tenant, make_person, in_scope):
    leader = make_person(tenant, Role.MEMBER)
    with in_scope(tenant):
        own = company_services.create_company(tenant=tenant, name="Ma Boîte")
        other = company_services.create_company(tenant=tenant, name="Concurrent")
        company_services.link_person(company=own, user=leader, position="leader")
    client.force_login(leader)
    home = client.get(reverse("tenant_home", kwargs={"tenant_slug": tenant.slug}))
    assert "Ma Boîte" in home.content.decode()
    assert "Concurrent" not in home.content.decode()
    assert (
        client.get(reverse("company_list", kwargs={"tenant_slug": tenant.slug})).status_code == 403
    )
    url = reverse("company_detail", kwargs={"tenant_slug": tenant.slug, "pk": other.pk})
    assert client.get(url).status_code == 404
    url = reverse("company_detail", kwargs={"tenant_slug": tenant.slug, "pk": own.pk})
    assert client.get(url).status_code == 200


def test_an_object_grant_in_one_tenant_opens_nothing_in_another(
    client, tenant, other_tenant, make_person, in_scope
):
    consultant = make_person(tenant, Role.CONSULTANT)
    MembershipFactory(tenant=other_tenant, user=consultant, role=Role.CONSULTANT)
    with in_scope(tenant):
        company = company_services.create_company(tenant=tenant, name="Suivie SARL")
        company_services.assign_consultant(company=company, consultant=consultant)
    client.force_login(consultant)
    url = reverse("company_detail", kwargs={"tenant_slug": other_tenant.slug, "pk": company.pk})
    assert client.get(url).status_code == 404


def test_the_people_page_cost_does_not_grow_with_people(client, tenant, make_person, page_queries):
    from tests.factories import InvitationFactory

    client.force_login(make_person(tenant, Role.MANAGER))
    url = reverse("members", kwargs={"tenant_slug": tenant.slug})
    small = page_queries(url), page_queries(url + "?page=2&sort=-since")
    for _ in range(120):
        make_person(tenant, Role.MEMBER)
    InvitationFactory.create_batch(5, tenant=tenant)
    assert (page_queries(url), page_queries(url + "?page=2&sort=-since")) == small


def test_the_people_page_filters_by_role_and_pages(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MANAGER, last_name="Zola"))
    make_person(tenant, Role.CONSULTANT, last_name="Écuyer")
    for index in range(55):
        make_person(tenant, Role.MEMBER, last_name=f"Membre {index:02d}")
    url = reverse("members", kwargs={"tenant_slug": tenant.slug})
    consultants = client.get(url, {"role": Role.CONSULTANT}).context["table"]
    assert [m.user.last_name for m in consultants.rows] == ["Écuyer"]
    everyone = client.get(url).context["table"]
    assert everyone.count == 57 and len(everyone.rows) == 50
    assert everyone.rows[0].user.last_name == "Écuyer"  # among the E, before the M
    assert list(client.get(url, {"page": 2}).context["table"].rows)[-1].user.last_name == "Zola"
