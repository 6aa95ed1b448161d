"""Two saves of jury scores at the same moment lose nothing (PostgreSQL)."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django_scopes import scope

from labels import services
from labels.models import Application, JuryScore
from labels.tests import factories
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _at_once(count, work):
    barrier = threading.Barrier(count)
    errors = []

    def run(index):
        try:
            barrier.wait(timeout=10)
            work(index)
        except Exception as error:  # surfaced to the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_two_jurors_and_two_tabs_saving_at_once(tenant, make_person):
    if connection.vendor != "postgresql":
        pytest.fail("this test needs PostgreSQL (run it through `make test`)")
    manager = make_person(tenant, Role.MANAGER)
    jurors = [make_person(tenant, Role.JURY) for _ in range(2)]
    with scope(tenant=tenant):
        label = factories.ecoride(tenant, manager)
        wave = factories.open_wave(label, manager)
        company = CompanyFactory(tenant=tenant)
        application = factories.put(
            services.start_application(wave=wave, company=company, actor=manager),
            Application.Status.JURY,
        )
        assignments = services.assign_jurors(application=application, jurors=jurors, actor=manager)
        part = factories.jury_parts(label)[0]

    def two_jurors(index):
        with scope(tenant=tenant):
            services.save_score(
                assignment=assignments[index],
                part=part,
                value=Decimal(20 + index),
                actor=jurors[index],
            )

    assert _at_once(2, two_jurors) == []

    def two_tabs(index):  # the same juror, both tabs opened on version 1
        with scope(tenant=tenant):
            services.save_score(
                assignment=assignments[0],
                part=part,
                value=Decimal(30 + index),
                actor=jurors[0],
                expected_version=1,
            )

    errors = _at_once(2, two_tabs)
    assert len(errors) == 1
    assert isinstance(errors[0], ValidationError) and errors[0].code == "stale"
    with scope(tenant=tenant):
        scores = dict(
            JuryScore.objects.filter(assignment__application=application).values_list(
                "assignment__juror", "value"
            )
        )
        mine = JuryScore.objects.get(assignment=assignments[0])
    assert scores[jurors[1].pk] == Decimal("21")
    assert mine.version == 2 and mine.value in {Decimal("30"), Decimal("31")}
