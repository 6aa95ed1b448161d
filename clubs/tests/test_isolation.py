"""Clubs and events of one tenant never show in another (the URLconf walk covers 404s)."""

import pytest
from django.urls import reverse

from clubs.models import Registration
from rse_platform.tenants.roles import Role

from .factories import ClubFactory, EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_another_tenants_events_and_clubs_are_not_found(
    client, tenant, other_tenant, make_person, in_scope
):
    event = EventFactory(tenant=tenant, title="Visite secrète")
    club = ClubFactory(tenant=tenant, name="Club secret")
    registration = RegistrationFactory(event=event)
    client.force_login(make_person(other_tenant, Role.MANAGER))

    def url(name, **kwargs):
        return reverse(name, kwargs={"tenant_slug": other_tenant.slug, **kwargs})

    for name, pk in [
        ("event_detail", event.pk),
        ("event_check_in", event.pk),
        ("event_ics", event.pk),
        ("club_detail", club.pk),
    ]:
        assert client.get(url(name, pk=pk)).status_code == 404
    assert client.post(url("registration_cancel", pk=registration.pk)).status_code == 404
    assert client.post(url("event_register", pk=event.pk)).status_code == 404
    for name in ("event_calendar", "event_list", "club_list", "club_figures"):
        body = client.get(url(name)).content.decode()
        assert "Visite secrète" not in body and "Club secret" not in body
    with in_scope(tenant):
        assert Registration.objects.get().status == "confirmed"


def test_a_company_member_of_another_tenant_cannot_register(
    client, tenant, other_tenant, make_person, in_scope
):
    event = EventFactory(tenant=tenant)
    outsider = make_person(other_tenant, Role.MEMBER)
    client.force_login(outsider)
    url = reverse("event_register", kwargs={"tenant_slug": tenant.slug, "pk": event.pk})
    assert client.post(url).status_code == 404
    with in_scope(tenant):
        assert not Registration.objects.exists()
