"""The service exchange: an offer or request, answers, one accepted, done or withdrawn, thanks;
e-mails to the other party; the exchanges of the year for the funder report."""

from contextlib import contextmanager
from datetime import datetime, timedelta

import pytest
from django.core import mail as django_mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scope

from directory import selectors, services
from directory.models import Offer, OfferAnswer, Thanks
from directory.tests.factories import OfferFactory, viewer
from rse_platform.mail.models import OutgoingMail
from rse_platform.tenants import registry
from rse_platform.tenants.models import AuditEntry
from tests.factories import CompanyFactory, CompanyMemberFactory

pytestmark = pytest.mark.django_db
S = Offer.Status


@pytest.fixture
def offer(tenant, company, leader):
    with scope(tenant=tenant):
        return services.create_offer(
            company=company,
            author=leader,
            kind=Offer.Kind.REQUEST,
            title="Relire notre réponse à un appel d'offres",
            description="Un regard extérieur sur le volet RSE de notre réponse.",
            theme="Achats responsables",
        )


@pytest.fixture
def committing(tenant, django_capture_on_commit_callbacks):
    """``with committing():`` the tenant's scope, the e-mails queued on commit leaving at the
    end of the block as after a real commit."""

    @contextmanager
    def block():
        with scope(tenant=tenant), django_capture_on_commit_callbacks(execute=True):
            yield

    return block


@pytest.fixture
def answer_with(committing, offer):
    def answer(company, author, message="Avec plaisir, jeudi ?"):
        with committing():
            return services.answer_offer(
                offer=offer, company=company, author=author, message=message
            )

    return answer


def _to(person):
    return [message for message in django_mail.outbox if message.to == [person.email]]


def test_an_answer_reaches_the_author_by_email(
    tenant, offer, other_company, other_leader, leader, answer_with
):
    answer = answer_with(other_company, other_leader)
    (message,) = _to(leader)
    assert "Néo-Éco Recyclage" in message.subject and "Avec plaisir" in message.body
    with scope(tenant=tenant):
        assert OutgoingMail.objects.get(recipient=leader).key == (
            f"directory.offer_answered:answer={answer.pk}"
        )
        assert AuditEntry.objects.filter(action="directory.offer_answered").exists()


def test_the_whole_exchange(
    tenant, offer, other_company, other_leader, leader, answer_with, committing
):
    answer = answer_with(other_company, other_leader)
    with committing():
        services.accept_answer(answer=answer, actor=leader)
        offer.refresh_from_db()
        assert offer.status == S.IN_PROGRESS
        services.mark_offer_done(offer=offer, actor=leader)
        offer.refresh_from_db()
        assert offer.status == S.DONE and offer.closed_at is not None
        services.thank(
            offer=offer,
            from_company=offer.company,
            author=leader,
            message="Merci pour la relecture !",
        )
        services.thank(
            offer=offer, from_company=other_company, author=other_leader, message="Merci à vous."
        )
        thanks = list(Thanks.objects.filter(offer=offer).values_list("from_company", "to_company"))
    assert thanks == [(offer.company_id, other_company.pk), (other_company.pk, offer.company_id)]
    assert len(_to(other_leader)) == 2  # accepted, thanked
    assert any("Merci pour la relecture" in message.body for message in _to(other_leader))
    assert any("Merci à vous" in message.body for message in _to(leader))


def test_a_company_does_not_answer_its_own_offer(tenant, offer, company, leader, answer_with):
    with pytest.raises(ValidationError) as error:
        answer_with(company, leader)
    assert error.value.code == "own"


def test_a_company_answers_once(tenant, offer, other_company, other_leader, answer_with):
    answer_with(other_company, other_leader)
    with pytest.raises(ValidationError) as error:
        answer_with(other_company, other_leader, message="Encore moi")
    assert error.value.code == "duplicate"
    with scope(tenant=tenant):
        assert OfferAnswer.objects.filter(offer=offer).count() == 1


def test_no_answer_once_the_offer_is_under_way(
    tenant, offer, other_company, other_leader, leader, answer_with
):
    answer = answer_with(other_company, other_leader)
    third = CompanyMemberFactory(company=CompanyFactory(tenant=tenant))
    with scope(tenant=tenant):
        services.accept_answer(answer=answer, actor=leader)
    with pytest.raises(ValidationError) as error:
        answer_with(third.company, third.user)
    assert error.value.code == "closed"


def test_one_answer_is_accepted(tenant, offer, other_company, other_leader, leader, answer_with):
    first = answer_with(other_company, other_leader)
    third = CompanyMemberFactory(company=CompanyFactory(tenant=tenant))
    second = answer_with(third.company, third.user)
    with scope(tenant=tenant):
        services.accept_answer(answer=first, actor=leader)
        with pytest.raises(ValidationError) as error:
            services.accept_answer(answer=second, actor=leader)
        assert error.value.code == "closed"
        assert list(OfferAnswer.objects.filter(accepted=True)) == [first]


def test_done_needs_an_accepted_answer(tenant, offer, leader):
    with scope(tenant=tenant), pytest.raises(ValidationError) as error:
        services.mark_offer_done(offer=offer, actor=leader)
    assert error.value.code == "status"


def test_a_withdrawn_offer_takes_nothing_more(
    tenant, offer, leader, other_company, other_leader, answer_with
):
    with scope(tenant=tenant):
        services.withdraw_offer(offer=offer, actor=leader)
        with pytest.raises(ValidationError):
            services.withdraw_offer(offer=offer, actor=leader)
    with pytest.raises(ValidationError):
        answer_with(other_company, other_leader)


def test_only_the_two_parties_thank_each_other_once(
    tenant, offer, other_company, other_leader, leader, answer_with
):
    answer = answer_with(other_company, other_leader)
    outsider = CompanyFactory(tenant=tenant)
    with scope(tenant=tenant):
        with pytest.raises(ValidationError) as error:
            services.thank(offer=offer, from_company=offer.company, author=leader, message="Tôt")
        assert error.value.code == "status"
        services.accept_answer(answer=answer, actor=leader)
        with pytest.raises(ValidationError) as error:
            services.thank(offer=offer, from_company=outsider, author=leader, message="Merci")
        assert error.value.code == "not_a_party"
        services.thank(offer=offer, from_company=offer.company, author=leader, message="Merci")
        with pytest.raises(ValidationError) as error:
            services.thank(offer=offer, from_company=offer.company, author=leader, message="Bis")
        assert error.value.code == "duplicate"


def test_an_excluded_company_posts_nothing(tenant, company, leader, manager):
    from companies import services as company_services

    with scope(tenant=tenant):
        company_services.exclude_company(company=company, reason="Charte", actor=manager)
        with pytest.raises(ValidationError):
            services.create_offer(
                company=company, author=leader, kind="offer", title="Salle", description="Salle"
            )


def test_the_list_by_status_and_tenant(tenant, other_tenant, company, manager):
    OfferFactory(company=company, title="Ouverte")
    OfferFactory(company=company, title="Finie", status=S.DONE, closed_at=timezone.now())
    OfferFactory(company=CompanyFactory(tenant=other_tenant), title="Ailleurs")
    with scope(tenant=tenant):
        who = viewer(manager, tenant)
        assert [o.title for o in selectors.offers(tenant=tenant, viewer=who)] == ["Ouverte"]
        done = selectors.offers(tenant=tenant, viewer=who, status=S.DONE)
        assert [o.title for o in done] == ["Finie"]
        assert {o.title for o in selectors.offers(tenant=tenant, viewer=who, status="")} == {
            "Ouverte",
            "Finie",
        }


def _on(year, month=6):
    return timezone.make_aware(datetime(year, month, 15, 12))


def test_exchanges_per_year_and_the_funder_report(tenant, other_tenant, company):
    for closed in (_on(2025), _on(2026, 2), _on(2026, 9)):
        OfferFactory(company=company, status=S.DONE, closed_at=closed)
    OfferFactory(company=company, status=S.WITHDRAWN, closed_at=_on(2026))
    OfferFactory(company=CompanyFactory(tenant=other_tenant), status=S.DONE, closed_at=_on(2026))
    with scope(tenant=tenant):
        assert selectors.exchanges_per_year(tenant=tenant) == [(2026, 2), (2025, 1)]
        figures = registry.activity_for(
            tenant=tenant,
            start=_on(2026, 1) - timedelta(days=14),
            end=_on(2027, 1) - timedelta(days=14),
        )
    exchanges = next(figure for figure in figures if figure.key == "service_exchanges")
    assert exchanges.value == 2
