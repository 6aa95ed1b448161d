"""The directory's demo, as ``seed_demo`` left it in both demo tenants (seeded once per run)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from companies.models import CompanyMember
from directory import demo as directory_demo
from directory import selectors
from directory.models import (
    CompanyListing,
    Competence,
    ConsultantProfile,
    NewsItem,
    Offer,
    OfferAnswer,
    Practice,
    PracticeDocument,
    Profile,
    Resource,
    SupportRequest,
    Thanks,
)
from directory.tests.factories import viewer
from rse_platform.mail.models import OutgoingMail
from rse_platform.tenants.models import Membership
from rse_platform.tenants.roles import Role

MODELS = [
    Competence,
    Profile,
    CompanyListing,
    ConsultantProfile,
    Practice,
    PracticeDocument,
    Offer,
    OfferAnswer,
    Thanks,
    Resource,
    NewsItem,
    SupportRequest,
]


@pytest.fixture
def tenants(demo):
    return [demo.tenant, demo.other_tenant]


def _counts(tenant):
    with scopes_disabled():
        return {model.__name__: model.objects.filter(tenant=tenant).count() for model in MODELS}


def test_it_has_every_offer_status_and_kind_in_both_tenants(tenants):
    for tenant in tenants:
        with scope(tenant=tenant):
            offers = Offer.objects.filter(tenant=tenant)
            assert set(offers.values_list("status", flat=True)) == set(Offer.Status.values)
            assert set(offers.values_list("kind", flat=True)) == set(Offer.Kind.values)
            for offer in offers.filter(status__in=[Offer.Status.IN_PROGRESS, Offer.Status.DONE]):
                assert offer.answers.filter(accepted=True).count() == 1
                assert offer.answers.exclude(company=offer.company).count() >= 1
            done = offers.filter(status=Offer.Status.DONE)
            assert Thanks.objects.filter(offer__in=done).count() >= done.count()
            assert offers.filter(status=Offer.Status.OPEN, answers__isnull=False).exists()
            assert offers.filter(status=Offer.Status.OPEN, answers__isnull=True).exists()
            assert sum(count for _year, count in selectors.exchanges_per_year(tenant=tenant)) == (
                done.count()
            )


def test_it_varies_what_people_show(tenants, demo):
    for tenant in tenants:
        with scope(tenant=tenant):
            profiles = Profile.objects.filter(tenant=tenant)
            listed = profiles.filter(listed=True)
            assert listed.count() > 2 * profiles.filter(listed=False).count() > 0
            for field in ("show_email", "show_phone", "show_photo", "show_position"):
                assert {True, False} <= set(listed.values_list(field, flat=True)), field
            assert listed.filter(wants_watch_digest=True).exists()
            # A photo uploaded but hidden, a phone given but hidden: the cards leave them out.
            hidden_photo = listed.filter(show_photo=False).exclude(photo="").first()
            hidden_phone = listed.filter(show_phone=False).exclude(phone="").first()
            who = viewer(demo.person(Role.MEMBER, tenant), tenant)
            cards = {
                card.pk: card for card in selectors.directory_people(tenant=tenant, viewer=who)
            }
            assert cards[hidden_photo.pk].has_photo is False
            assert cards[hidden_phone.pk].phone == ""
            assert not set(profiles.filter(listed=False).values_list("pk", flat=True)) & set(cards)


def test_it_lists_most_companies_and_the_consultants(tenants):
    for tenant in tenants:
        with scope(tenant=tenant):
            listings = CompanyListing.objects.filter(tenant=tenant)
            assert listings.filter(listed=True).count() > listings.filter(listed=False).count()
            assert listings.filter(listed=True).exclude(description="").exists()
            assert listings.filter(competences__isnull=False).exists()
            consultants = ConsultantProfile.objects.filter(tenant=tenant)
            assert consultants.count() == 2
            assert {True, False} == set(
                consultants.values_list("show_followed_companies", flat=True)
            )


def test_it_fills_practices_resources_news_and_support_in_both_tenants(tenants):
    now = timezone.now()
    for tenant in tenants:
        with scope(tenant=tenant):
            practices = Practice.objects.filter(tenant=tenant)
            assert 8 <= practices.filter(published=True).count() <= 12
            assert practices.filter(featured=True).exists()
            assert practices.filter(published=False).exists()
            assert PracticeDocument.objects.filter(tenant=tenant).exists()
            assert not practices.filter(published=True, figures="").exists()

            resources = Resource.objects.filter(tenant=tenant)
            sheets = resources.filter(kind=Resource.Kind.PRACTICE_SHEET, published=True)
            assert set(sheets.values_list("level", flat=True)) == set(Resource.Level.values)
            assert set(resources.values_list("kind", flat=True)) == set(Resource.Kind.values)
            assert resources.filter(published=False).count() == 1

            news = NewsItem.objects.filter(tenant=tenant)
            assert 10 <= news.count() <= 15
            assert not news.filter(published_at__lt=now - timedelta(weeks=6)).exists()
            assert not news.filter(published_at__gt=now).exists()
            assert not news.filter(source_name="").exists()

            support = SupportRequest.objects.filter(tenant=tenant)
            assert sorted(support.values_list("status", flat=True)) == sorted(
                SupportRequest.Status.values
            )
            assert support.get(status=SupportRequest.Status.DECLINED).reply


def test_it_shows_club_topics_beside_practices_of_the_theme(demo):
    tenant = demo.tenant
    with scope(tenant=tenant):
        who = viewer(demo.person(Role.MANAGER), tenant)
        circular = selectors.practices(tenant=tenant, viewer=who, theme="Économie circulaire")
    assert circular.items
    assert "Visite de Néo-Éco Recyclage" in {topic.event_title for topic in circular.topics}


def test_nothing_crosses_tenants(tenants):
    with scopes_disabled():
        for tenant in tenants:
            roles = set(Membership.objects.filter(tenant=tenant).values_list("user", flat=True))
            for profile in Profile.objects.filter(tenant=tenant).prefetch_related("competences"):
                assert profile.user_id in roles
                assert {c.tenant_id for c in profile.competences.all()} <= {tenant.pk}
            for owned in (CompanyListing, ConsultantProfile):
                for row in owned.objects.filter(tenant=tenant).prefetch_related("competences"):
                    assert {c.tenant_id for c in row.competences.all()} <= {tenant.pk}
            for practice in Practice.objects.filter(tenant=tenant).select_related("company"):
                assert practice.company.tenant_id == tenant.pk
                assert (
                    practice.contact is None
                    or CompanyMember.objects.filter(
                        company=practice.company, user=practice.contact
                    ).exists()
                )
            for answer in OfferAnswer.objects.filter(tenant=tenant).select_related("offer"):
                assert answer.offer.tenant_id == answer.company.tenant_id == tenant.pk
            for thanks in Thanks.objects.filter(tenant=tenant):
                assert thanks.from_company.tenant_id == thanks.to_company.tenant_id == tenant.pk
            for support in SupportRequest.objects.filter(tenant=tenant):
                assert support.company.tenant_id == tenant.pk
                assert support.consultant is None or support.consultant_id in roles
        titles = [
            set(Practice.objects.filter(tenant=tenant).values_list("title", flat=True))
            for tenant in tenants
        ]
        assert not titles[0] & titles[1]


def test_it_sent_no_email(tenants):
    with scopes_disabled():
        assert not OutgoingMail.objects.filter(
            tenant__in=tenants, key__startswith="directory."
        ).exists()


def test_it_dates_the_history_before_today(tenants):
    today = timezone.localdate()
    with scopes_disabled():
        for tenant in tenants:
            for moment in [
                *Offer.objects.filter(tenant=tenant).values_list("created_at", flat=True),
                *Offer.objects.filter(tenant=tenant, closed_at__isnull=False).values_list(
                    "closed_at", flat=True
                ),
                *Practice.objects.filter(tenant=tenant, published=True).values_list(
                    "published_at", flat=True
                ),
                *SupportRequest.objects.filter(tenant=tenant).values_list("created_at", flat=True),
            ]:
                assert timezone.localdate(moment) < today
            ages = Practice.objects.filter(tenant=tenant, published=True).values_list(
                "published_at", flat=True
            )
            assert max(ages) - min(ages) > timedelta(days=180)


def test_seeding_again_changes_nothing(tenants, demo):
    for tenant in tenants:
        before = _counts(tenant)
        people = {role: demo.person(role, tenant) for role in Role}
        people["shared_consultant"] = demo.shared_consultant
        with scope(tenant=tenant):
            directory_demo.seed_tenant(tenant=tenant, people=people)
        assert _counts(tenant) == before
