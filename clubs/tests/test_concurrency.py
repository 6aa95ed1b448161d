"""No over-booking when many people click "Register" at the same moment (PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections
from django_scopes import scope

from clubs import services
from clubs.models import Registration

from .factories import EventFactory, RegistrationFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _at_once(count, work):
    barrier = threading.Barrier(count)
    errors = []

    def run(index):
        try:
            barrier.wait(timeout=10)
            work(index)
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.fail("this test needs PostgreSQL (run it through `make test`)")


def test_concurrent_registrations_never_exceed_the_capacity(postgres, tenant, make_company_person):
    event = EventFactory(tenant=tenant, capacity=3)
    people = [make_company_person(tenant) for _ in range(12)]

    def register(index):
        with scope(tenant=tenant):
            services.register(event=event, user=people[index])

    _at_once(len(people), register)
    with scope(tenant=tenant):
        statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses.count("confirmed") == 3
    assert statuses.count("waitlisted") == 9


def test_concurrent_cancellations_promote_exactly_as_many_people(
    postgres, tenant, make_company_person
):
    event = EventFactory(tenant=tenant, capacity=4)
    seats = [RegistrationFactory(event=event) for _ in range(4)]
    for _ in range(6):
        RegistrationFactory(event=event, status="waitlisted", waitlisted_at=event.created_at)

    def cancel(index):
        with scope(tenant=tenant):
            services.cancel_registration(registration=seats[index], actor=seats[index].user)

    _at_once(len(seats), cancel)
    with scope(tenant=tenant):
        statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses.count("confirmed") == 4
    assert statuses.count("cancelled") == 4
    assert statuses.count("waitlisted") == 2


def test_the_same_person_clicking_twice_gets_one_registration(
    postgres, tenant, make_company_person
):
    event = EventFactory(tenant=tenant, capacity=10)
    person = make_company_person(tenant)

    def register(_index):
        with scope(tenant=tenant):
            services.register(event=event, user=person)

    _at_once(4, register)
    with scope(tenant=tenant):
        assert Registration.objects.filter(event=event).count() == 1
