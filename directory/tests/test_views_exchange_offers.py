"""The service exchange's pages: the list (offers or requests, by status and theme, paginated),
posting an offer for one's company, another company answering it, the offer's company accepting
one answer, marking the exchange done or withdrawing it, and the thanks of both sides; the
e-mails leave through the services."""

import pytest
from django.core import mail as django_mail
from django.urls import reverse
from django_scopes import scope

from directory import services
from directory.models import Offer, OfferAnswer, Thanks
from directory.tests.factories import OfferFactory
from rse_platform.tenants import registry
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory

pytestmark = pytest.mark.django_db
S = Offer.Status


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


@pytest.fixture
def offer(tenant, company, leader):
    return OfferFactory(
        company=company,
        author=leader,
        kind=Offer.Kind.REQUEST,
        title="Relire notre réponse à un appel d'offres",
        theme="Achats responsables",
    )


@pytest.fixture
def answered(tenant, offer, other_company, other_leader):
    with scope(tenant=tenant):
        return services.answer_offer(
            offer=offer, company=other_company, author=other_leader, message="Jeudi 14 h ?"
        )


@pytest.fixture
def under_way(tenant, answered, leader):
    with scope(tenant=tenant):
        services.accept_answer(answer=answered, actor=leader)
    answered.offer.refresh_from_db()
    return answered.offer


# --- The list -----------------------------------------------------------------------------------


def test_it_lists_the_open_offers_and_requests_newest_first(
    client, tenant, company, offer, other_leader
):
    OfferFactory(company=company, title="Prêt d'un vidéoprojecteur")
    OfferFactory(company=company, title="Déjà faite", status=S.DONE, closed_at=offer.created_at)
    client.force_login(other_leader)
    response = client.get(url(tenant, "offer_list"))
    assert response.status_code == 200
    titles = [row.title for row in response.context["table"].rows]
    assert titles == ["Prêt d'un vidéoprojecteur", "Relire notre réponse à un appel d'offres"]


def test_it_filters_by_kind_status_and_theme(client, tenant, company, offer, leader):
    OfferFactory(company=company, title="Prêt de salle", theme="Mutualisation")
    OfferFactory(company=company, title="Retirée", status=S.WITHDRAWN, closed_at=offer.created_at)
    OfferFactory(company=company, title="Finie", status=S.DONE, closed_at=offer.created_at)
    client.force_login(leader)

    def titles(**query):
        response = client.get(url(tenant, "offer_list"), query)
        return sorted(row.title for row in response.context["table"].rows)

    assert titles(kind="request") == ["Relire notre réponse à un appel d'offres"]
    assert titles(theme="mutualisation") == ["Prêt de salle"]
    assert titles(status="done") == ["Finie"]
    assert "Retirée" not in titles(status="all")  # a withdrawn offer leaves the exchange


def test_an_htmx_filter_swaps_only_the_table(client, tenant, offer, leader):
    client.force_login(leader)
    response = client.get(
        url(tenant, "offer_list"),
        {"kind": "request"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="offer-list",
    )
    body = response.content.decode()
    assert "Relire notre réponse" in body and "<html" not in body


def test_the_list_costs_the_same_with_more_offers(client, tenant, leader, page_queries):
    client.force_login(leader)
    address = url(tenant, "offer_list") + "?status=all"
    OfferFactory(company=CompanyFactory(tenant=tenant))
    page_queries(address)
    small = page_queries(address)
    for index in range(12):
        company = CompanyFactory(tenant=tenant, name=f"Entreprise {index}")
        offer = OfferFactory(company=company, theme=f"Thème {index % 3}")
        with scope(tenant=tenant):
            services.answer_offer(
                offer=offer,
                company=CompanyFactory(tenant=tenant),
                author=leader,
                message="Volontiers",
            )
    assert page_queries(address) == small


# --- Posting ------------------------------------------------------------------------------------


def test_a_member_posts_a_request_for_their_company(client, tenant, company, leader):
    client.force_login(leader)
    assert client.get(url(tenant, "offer_create") + "?kind=request").status_code == 200
    response = client.post(
        url(tenant, "offer_create"),
        {
            "company": company.pk,
            "kind": "request",
            "title": "Former nos équipes au tri",
            "description": "Une demi-journée avec vos référents.",
            "theme": "Déchets",
        },
    )
    with scope(tenant=tenant):
        posted = Offer.objects.get(tenant=tenant)
    assert response.status_code == 302
    assert response.url == url(tenant, "offer_detail", pk=posted.pk)
    assert (posted.company, posted.author, posted.kind, posted.status) == (
        company,
        leader,
        "request",
        S.OPEN,
    )


@pytest.mark.parametrize(
    "data, message",
    [
        ({"kind": "offer", "title": "", "description": "x"}, "This field is required."),
        ({"kind": "barter", "title": "Troc", "description": "x"}, "Select a valid choice"),
        ({"kind": "offer", "title": "Pour autrui", "description": "x", "other": 1}, "valid"),
    ],
)
def test_bad_input_shows_the_form_again_and_writes_nothing(
    client, tenant, company, other_company, leader, data, message
):
    target = other_company if data.pop("other", None) else company
    client.force_login(leader)
    response = client.post(url(tenant, "offer_create"), {"company": target.pk, **data})
    assert response.status_code == 400 and message in response.content.decode()
    with scope(tenant=tenant):
        assert not Offer.objects.filter(tenant=tenant).exists()


def test_a_jury_member_posts_nothing(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.JURY))
    assert client.get(url(tenant, "offer_list")).status_code == 200
    assert client.get(url(tenant, "offer_create")).status_code == 403


# --- Answering ----------------------------------------------------------------------------------


def test_another_company_answers_and_the_author_hears_of_it(
    client, tenant, offer, other_company, other_leader, leader, django_capture_on_commit_callbacks
):
    client.force_login(other_leader)
    page = client.get(url(tenant, "offer_detail", pk=offer.pk)).content.decode()
    assert 'data-testid="answer-form"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(tenant, "offer_answer", pk=offer.pk),
            {"company": other_company.pk, "message": "Notre juriste peut relire jeudi."},
        )
    assert response.status_code == 302
    with scope(tenant=tenant):
        answer = OfferAnswer.objects.get(offer=offer)
    assert (answer.company, answer.author) == (other_company, other_leader)
    (message,) = [sent for sent in django_mail.outbox if sent.to == [leader.email]]
    assert url(tenant, "offer_detail", pk=offer.pk) in message.body


def test_the_offers_own_company_does_not_answer_it(client, tenant, offer, company, leader):
    client.force_login(leader)
    page = client.get(url(tenant, "offer_detail", pk=offer.pk)).content.decode()
    assert 'data-testid="answer-form"' not in page
    response = client.post(
        url(tenant, "offer_answer", pk=offer.pk), {"company": company.pk, "message": "Moi"}
    )
    assert response.status_code == 400
    with scope(tenant=tenant):
        assert not OfferAnswer.objects.filter(offer=offer).exists()


def test_a_withdrawn_offer_takes_no_answer(client, tenant, offer, other_company, other_leader):
    with scope(tenant=tenant):
        Offer.objects.filter(pk=offer.pk).update(status=S.WITHDRAWN, closed_at=offer.created_at)
    client.force_login(other_leader)
    response = client.post(
        url(tenant, "offer_answer", pk=offer.pk), {"company": other_company.pk, "message": "Oui"}
    )
    assert response.status_code == 400
    assert "This offer no longer takes answers." in response.content.decode()
    with scope(tenant=tenant):
        assert not OfferAnswer.objects.filter(offer=offer).exists()


def test_an_empty_answer_writes_nothing(client, tenant, offer, other_company, other_leader):
    client.force_login(other_leader)
    response = client.post(
        url(tenant, "offer_answer", pk=offer.pk), {"company": other_company.pk, "message": " "}
    )
    assert response.status_code == 400
    with scope(tenant=tenant):
        assert not OfferAnswer.objects.filter(offer=offer).exists()


def test_another_tenants_offer_is_not_found(client, tenant, other_tenant, other_company, leader):
    elsewhere = OfferFactory(company=CompanyFactory(tenant=other_tenant))
    client.force_login(leader)
    assert client.get(url(tenant, "offer_detail", pk=elsewhere.pk)).status_code == 404
    response = client.post(
        url(tenant, "offer_answer", pk=elsewhere.pk),
        {"company": other_company.pk, "message": "Oui"},
    )
    assert response.status_code == 404


def test_the_answers_are_for_the_offers_company_and_each_answering_one(
    client, tenant, offer, answered, leader, make_person
):
    third = CompanyFactory(tenant=tenant, name="Troisième Voie")
    third_leader = CompanyMemberFactory(company=third).user
    with scope(tenant=tenant):
        services.answer_offer(offer=offer, company=third, author=third_leader, message="Aussi")
    client.force_login(leader)
    body = client.get(url(tenant, "offer_detail", pk=offer.pk)).content.decode()
    assert "Jeudi 14 h ?" in body and "Aussi" in body
    client.force_login(third_leader)
    body = client.get(url(tenant, "offer_detail", pk=offer.pk)).content.decode()
    assert "Aussi" in body and "Jeudi 14 h ?" not in body
    client.force_login(make_person(tenant, Role.CONSULTANT))
    body = client.get(url(tenant, "offer_detail", pk=offer.pk)).content.decode()
    assert "Jeudi 14 h ?" not in body and "2 companies answered" in body


def test_the_offer_page_costs_the_same_with_more_answers(
    client, tenant, offer, leader, page_queries
):
    client.force_login(leader)
    address = url(tenant, "offer_detail", pk=offer.pk)
    page_queries(address)
    small = page_queries(address)
    for index in range(6):
        company = CompanyFactory(tenant=tenant, name=f"Entreprise {index}")
        with scope(tenant=tenant):
            services.answer_offer(
                offer=offer,
                company=company,
                author=CompanyMemberFactory(company=company).user,
                message=f"Réponse {index}",
            )
    assert page_queries(address) == small


# --- Accepting, closing, thanking ---------------------------------------------------------------


def test_the_offers_company_accepts_an_answer(
    client, tenant, offer, answered, leader, other_leader, django_capture_on_commit_callbacks
):
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(tenant, "answer_accept", pk=answered.pk))
    assert response.status_code == 302
    offer.refresh_from_db()
    answered.refresh_from_db()
    assert offer.status == S.IN_PROGRESS and answered.accepted
    assert any(sent.to == [other_leader.email] for sent in django_mail.outbox)


def test_the_answering_company_accepts_nothing(client, tenant, offer, answered, other_leader):
    client.force_login(other_leader)
    assert client.post(url(tenant, "answer_accept", pk=answered.pk)).status_code == 404
    offer.refresh_from_db()
    assert offer.status == S.OPEN


def test_an_exchange_under_way_is_marked_done(client, tenant, under_way, leader):
    client.force_login(leader)
    client.post(url(tenant, "offer_close", pk=under_way.pk), {"outcome": "done"})
    under_way.refresh_from_db()
    assert under_way.status == S.DONE and under_way.closed_at is not None
    with scope(tenant=tenant):
        figures = registry.activity_for(
            tenant=tenant,
            start=under_way.closed_at.replace(month=1, day=1, hour=0),
            end=under_way.closed_at.replace(year=under_way.closed_at.year + 1, month=1, day=1),
        )
    assert {figure.key: figure.value for figure in figures}["service_exchanges"] == 1


def test_an_open_offer_is_not_done_before_an_answer_is_accepted(client, tenant, offer, leader):
    client.force_login(leader)
    response = client.post(
        url(tenant, "offer_close", pk=offer.pk), {"outcome": "done"}, follow=True
    )
    assert "Accept an answer first" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == S.OPEN


def test_the_offers_company_withdraws_it(client, tenant, offer, leader):
    client.force_login(leader)
    client.post(url(tenant, "offer_close", pk=offer.pk), {"outcome": "withdrawn"})
    offer.refresh_from_db()
    assert offer.status == S.WITHDRAWN


def test_another_company_closes_nothing(client, tenant, offer, other_leader):
    client.force_login(other_leader)
    response = client.post(url(tenant, "offer_close", pk=offer.pk), {"outcome": "withdrawn"})
    assert response.status_code == 404
    offer.refresh_from_db()
    assert offer.status == S.OPEN


def test_both_sides_thank_each_other_once_and_the_thanks_show(
    client, tenant, under_way, company, other_company, leader, other_leader
):
    client.force_login(other_leader)
    response = client.post(
        url(tenant, "offer_thank", pk=under_way.pk), {"message": "Merci pour la confiance."}
    )
    assert response.status_code == 302
    client.force_login(leader)
    client.post(
        url(tenant, "offer_thank", pk=under_way.pk), {"message": "Merci pour la relecture."}
    )
    with scope(tenant=tenant):
        pairs = set(Thanks.objects.values_list("from_company", "to_company"))
    assert pairs == {(other_company.pk, company.pk), (company.pk, other_company.pk)}
    body = client.get(url(tenant, "offer_detail", pk=under_way.pk)).content.decode()
    assert "Merci pour la confiance." in body and 'data-testid="thanks-form"' not in body
    again = client.post(url(tenant, "offer_thank", pk=under_way.pk), {"message": "Encore"})
    assert again.status_code == 400
    with scope(tenant=tenant):
        assert Thanks.objects.filter(offer=under_way).count() == 2


def test_a_company_outside_the_exchange_thanks_nobody(client, tenant, under_way):
    outsider = CompanyMemberFactory(company=CompanyFactory(tenant=tenant)).user
    client.force_login(outsider)
    response = client.post(url(tenant, "offer_thank", pk=under_way.pk), {"message": "Merci"})
    assert response.status_code == 404
    with scope(tenant=tenant):
        assert not Thanks.objects.filter(offer=under_way).exists()
