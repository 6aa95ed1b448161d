"""Clubs in Chromium: one-click registration and the tablet check-in, both swapped by htmx."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from clubs.models import Registration
from clubs.tests.factories import EventFactory, RegistrationFactory
from rse_platform.tenants.roles import Role
from tests.factories import CompanyMemberFactory

pytestmark = pytest.mark.browser


def test_a_company_leader_registers_in_one_click(page, sign_in, tenant, make_person):
    leader = make_person(tenant, Role.MEMBER)
    CompanyMemberFactory(company__tenant=tenant, user=leader)
    event = EventFactory(tenant=tenant, title="Économies d'énergie", capacity=2)
    RegistrationFactory(event=event)
    sign_in(leader.email)
    page.goto(f"/{tenant.slug}/events/")
    page.get_by_role("link", name="Économies d'énergie").click()
    expect(page.get_by_test_id("registration-box")).to_contain_text("1 place restante sur 2")
    page.evaluate("window.notReloaded = true")
    page.get_by_test_id("register-button").click()
    expect(page.get_by_test_id("registration-status")).to_contain_text("Vous êtes inscrit·e")
    expect(page.get_by_test_id("registration-box")).to_contain_text("Complet")
    assert page.evaluate("window.notReloaded") is True
    with scopes_disabled():
        assert Registration.objects.get(event=event, user=leader).status == "confirmed"
    page.get_by_role("button", name="Annuler mon inscription").click()
    expect(page.get_by_test_id("register-button")).to_be_visible()
    assert page.evaluate("window.notReloaded") is True
    with scopes_disabled():
        assert Registration.objects.get(event=event, user=leader).status == "cancelled"


def test_a_manager_checks_people_in_on_the_day(page, sign_in, tenant, make_person):
    starts = timezone.now() - timedelta(minutes=10)
    event = EventFactory(
        tenant=tenant,
        title="Visite de Salti",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
    )
    anne = make_person(tenant, Role.MEMBER, first_name="Anne", last_name="Delattre")
    paul = make_person(tenant, Role.MEMBER, first_name="Paul", last_name="Martin")
    seat = RegistrationFactory(event=event, user=anne)
    RegistrationFactory(event=event, user=paul)
    sign_in(make_person(tenant, Role.MANAGER).email)
    page.set_viewport_size({"width": 820, "height": 1180})  # a tablet
    page.goto(f"/{tenant.slug}/events/{event.pk}/check-in/")
    page.evaluate("window.notReloaded = true")
    row = page.get_by_test_id("check-in-row").filter(has_text="Anne Delattre")
    row.get_by_role("button", name="Présent·e").click()
    expect(page.locator(f"#check-in-{seat.pk}")).to_have_class(
        "list-group-item check-in-row d-flex flex-wrap align-items-center gap-2 is-present"
    )
    expect(page.locator(f"#check-in-{seat.pk} [data-testid=attendance]")).to_have_text("Présent·e")
    assert page.evaluate("window.notReloaded") is True
    with scopes_disabled():
        seat.refresh_from_db()
        assert seat.attended is True and seat.checked_in_at is not None
    page.get_by_role("button", name="Noter absent·es toutes les personnes non émargées").click()
    expect(page.get_by_test_id("check-in-row").filter(has_text="Paul Martin")).to_contain_text(
        "Absent·e"
    )
    with scopes_disabled():
        assert Registration.objects.get(event=event, user=paul).attended is False


@pytest.mark.parametrize(
    "path",
    [
        "calendar/",
        "events/",
        "events/{event}/",
        "events/{event}/check-in/",
        "events/new/",
        "clubs/",
        "clubs/{club}/",
        "clubs/{club}/completion/",
        "clubs/new/",
        "clubs/figures/",
    ],
)
def test_club_pages_are_accessible(page, sign_in, tenant, make_person, path):
    from clubs.tests.factories import ClubFactory, ClubMemberFactory
    from tests.browser.test_accessibility import _violations

    club = ClubFactory(tenant=tenant, name="Club des Pionniers", min_headcount=10)
    ClubMemberFactory(club=club, status="requested")
    starts = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0)
    event = EventFactory(
        tenant=tenant, club=club, audience="club", starts_at=starts, ends_at=starts
    )
    RegistrationFactory(event=event, attended=True)
    sign_in(make_person(tenant, Role.MANAGER).email)
    page.goto(f"/{tenant.slug}/" + path.format(event=event.pk, club=club.pk))
    assert _violations(page) == []


def test_the_month_is_a_list_on_a_phone_and_a_grid_on_a_laptop(page, sign_in, tenant, make_person):
    starts = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0)
    EventFactory(tenant=tenant, title="Visite de Salti", starts_at=starts, ends_at=starts)
    sign_in(make_person(tenant, Role.MEMBER).email)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/{tenant.slug}/calendar/")
    expect(page.get_by_test_id("calendar-list")).to_contain_text("Visite de Salti")
    expect(page.locator(".calendar-grid")).to_be_hidden()
    views = page.get_by_test_id("calendar-views").bounding_box()
    assert views["x"] + views["width"] <= 390
    page.locator(".view-grid-link").click()  # a person may still ask for the grid
    expect(page.locator(".calendar-grid")).to_be_visible()
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"/{tenant.slug}/calendar/")
    expect(page.locator(".calendar-grid")).to_be_visible()
    expect(page.get_by_test_id("calendar-list")).to_be_hidden()


def test_a_leader_excuses_themselves_in_place(page, sign_in, tenant, make_person):
    leader = make_person(tenant, Role.MEMBER)
    CompanyMemberFactory(company__tenant=tenant, user=leader)
    event = EventFactory(tenant=tenant, title="Économies d'énergie", capacity=1)
    RegistrationFactory(event=event, user=leader)
    waiting = RegistrationFactory(event=event, status="waitlisted", waitlisted_at=timezone.now())
    sign_in(leader.email)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/{tenant.slug}/events/{event.pk}/")
    page.evaluate("window.notReloaded = true")
    box = page.get_by_test_id("excuse-box")
    box.locator("summary").click()
    box.locator("textarea").fill("Salon professionnel à Lille")
    box.locator("button[type=submit]").click()
    expect(page.get_by_test_id("registration-status")).to_contain_text("Salon professionnel")
    assert page.evaluate("window.notReloaded") is True
    with scopes_disabled():
        assert Registration.objects.get(event=event, user=leader).status == "excused"
        assert Registration.objects.get(pk=waiting.pk).status == "confirmed"
