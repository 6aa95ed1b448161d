"""Certificates (codes, verification, expiry), the showcase, tenant isolation of the selectors,
their query counts, and what ends with a juror's role."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from labels import selectors, services
from labels.models import Application, Certificate, JurorAssignment
from labels.tests import factories
from rse_platform.tenants import permissions
from rse_platform.tenants import services as tenant_services
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db
S = Application.Status


def _granted(tenant, manager, label, company, auditor, name="Vague"):
    """An ENR application decided "granted" (audit 65 + survey 60 = 125)."""
    wave = factories.open_wave(label, manager, name=name)
    application = services.start_application(wave=wave, company=company, actor=manager)
    (invitation,) = services.invite_customers(
        application=application, emails=["client@example.fr"], actor=manager
    )
    services.record_customer_answer(
        tenant=tenant, token=invitation.token, answers={"q1": 3}, score="60"
    )
    factories.put(application, S.JURY)
    factories.audit_score(application, auditor, "65")
    services.decide(application=application, actor=manager, rationale="Accordé")
    application.refresh_from_db()
    return application


@pytest.fixture
def certified(tenant, manager, company, enr, jurors, in_scope):
    with in_scope(tenant):
        application = _granted(tenant, manager, enr, company, jurors[0])
        return services.certify(application=application, actor=manager)


def test_it_certifies_a_granted_application_for_the_labels_validity(certified, tenant, in_scope):
    with in_scope(tenant):
        certified.application.refresh_from_db()
        assert certified.application.status == S.CERTIFIED
    assert certified.valid_until == certified.issued_on.replace(year=certified.issued_on.year + 2)
    assert len(certified.code) == 12 and certified.code.isalnum()
    assert certified.display_code.count("-") == 2


def test_it_does_not_certify_a_refused_application(tenant, manager, company, enr, jurors, in_scope):
    with in_scope(tenant):
        application = _granted(tenant, manager, enr, company, jurors[0])
        application.audit_report.score = Decimal("10")
        application.audit_report.save()
        services.decide(application=application, actor=manager, rationale="Non", reason="Revu")
        with pytest.raises(ValidationError) as refused:
            services.certify(application=application, actor=manager)
    assert refused.value.code == "not_granted"


def test_codes_are_unique_and_unguessable():
    codes = {services._new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(set(code) <= set(services.CODE_ALPHABET) for code in codes)


def test_verify_says_valid_expired_withdrawn_or_unknown(certified, tenant, manager, in_scope):
    # Outside any tenant scope, like the public page.
    found = selectors.verify(certified.display_code.lower())
    assert found == {
        "state": "valid",
        "label": "ENR",
        "level": "",
        "company": certified.application.company.name,
        "issued_on": certified.issued_on,
        "valid_until": certified.valid_until,
        "tenant": tenant.name,
    }
    later = certified.valid_until + timedelta(days=1)
    assert selectors.verify(certified.code, today=later)["state"] == "expired"
    assert selectors.verify("ZZZZ-ZZZZ-ZZZZ") == {"state": "unknown"}
    assert selectors.verify(certified.code[:-1] + "2" if certified.code[-1] != "2" else "3") == {
        "state": "unknown"
    }
    assert selectors.verify("") == {"state": "unknown"}
    with in_scope(tenant):
        with pytest.raises(ValidationError):
            services.withdraw_certificate(certificate=certified, reason="", actor=manager)
        services.withdraw_certificate(certificate=certified, reason="Charte rompue", actor=manager)
    assert selectors.verify(certified.code)["state"] == "withdrawn"


def test_expire_due_expires_ended_certificates_once(certified, tenant, in_scope):
    with in_scope(tenant):
        assert services.expire_due(tenant=tenant, today=certified.valid_until) == 0
        after = certified.valid_until + timedelta(days=1)
        assert services.expire_due(tenant=tenant, today=after) == 1
        assert services.expire_due(tenant=tenant, today=after) == 0
        certified.application.refresh_from_db()
        assert certified.application.status == S.EXPIRED
        assert selectors.labelled_companies(tenant=tenant, today=after) == []


def test_a_certified_renewal_marks_the_previous_renewed(
    certified, tenant, manager, company, enr, jurors, in_scope
):
    with in_scope(tenant):
        renewal = _granted(tenant, manager, enr, company, jurors[1], name="Renouvellement")
        assert renewal.previous == certified.application
        services.certify(application=renewal, actor=manager)
        certified.application.refresh_from_db()
    assert certified.application.status == S.RENEWED


def test_the_showcase_lists_valid_certificates_by_label_and_level(
    certified, tenant, enr, ecoride, in_scope
):
    with in_scope(tenant):
        assert selectors.labelled_companies(tenant=tenant) == [certified]
        assert selectors.labelled_companies(tenant=tenant, label=enr) == [certified]
        assert selectors.labelled_companies(tenant=tenant, label=ecoride) == []
        assert selectors.labelled_companies(tenant=tenant, level="Gold") == []
        assert selectors.labelled_counts(tenant=tenant) == [("ENR", "", 1)]


def test_no_selector_shows_another_tenants_rows(
    certified, tenant, other_tenant, make_person, in_scope
):
    other_manager = make_person(other_tenant, Role.MANAGER)
    with in_scope(other_tenant):
        label = factories.enr(other_tenant, other_manager)
        company = CompanyFactory(tenant=other_tenant)
        wave = factories.open_wave(label, other_manager)
        services.start_application(wave=wave, company=company, actor=other_manager)
        assert selectors.labelled_companies(tenant=other_tenant) == []
        assert selectors.labelled_counts(tenant=other_tenant) == []
        assert list(selectors.applications_of(tenant=other_tenant)) != []
        assert certified.application.pk not in {
            row.pk for row in selectors.applications_of(tenant=other_tenant)
        }
    with in_scope(tenant):
        assert [row.pk for row in selectors.applications_of(tenant=tenant)] == [
            certified.application_id
        ]
        assert selectors.labelled_companies(tenant=tenant) == [certified]


def test_the_list_selectors_cost_the_same_at_two_sizes(tenant, manager, enr, jurors, in_scope):
    def counts():
        with CaptureQueriesContext(connection) as queries:
            list(selectors.applications_of(tenant=tenant))
            selectors.labelled_companies(tenant=tenant)
            selectors.labelled_counts(tenant=tenant)
        return len(queries)

    with in_scope(tenant):
        for index in range(2):
            application = _granted(
                tenant, manager, enr, CompanyFactory(tenant=tenant), jurors[0], name=f"V{index}"
            )
            services.certify(application=application, actor=manager)
        small = counts()
        for index in range(2, 7):
            application = _granted(
                tenant, manager, enr, CompanyFactory(tenant=tenant), jurors[0], name=f"V{index}"
            )
            services.certify(application=application, actor=manager)
        assert counts() == small
        assert Certificate.objects.filter(tenant=tenant).count() == 7


def test_side_by_side_costs_the_same_for_more_jurors(
    tenant, manager, company, ecoride, make_person, in_scope
):
    with in_scope(tenant):
        wave = factories.open_wave(ecoride, manager)
        application = factories.put(
            services.start_application(wave=wave, company=company, actor=manager), S.JURY
        )

        def add_jurors(count):
            people = [make_person(tenant, Role.JURY) for _ in range(count)]
            for assignment in services.assign_jurors(
                application=application, jurors=people, actor=manager
            ):
                for part in factories.jury_parts(ecoride):
                    services.save_score(
                        assignment=assignment,
                        part=part,
                        value=Decimal("5"),
                        actor=assignment.juror,
                    )
                services.submit_scores(assignment=assignment, actor=assignment.juror)

        def cost():
            with CaptureQueriesContext(connection) as queries:
                selectors.side_by_side(application=application)
            return len(queries)

        add_jurors(1)
        small = cost()
        add_jurors(4)
        assert cost() == small


def test_a_jurors_role_end_drops_their_pending_assignments_and_grants(
    tenant, manager, company, ecoride, jurors, in_scope
):
    juror = jurors[0]
    with in_scope(tenant):
        wave = factories.open_wave(ecoride, manager)
        application = factories.put(
            services.start_application(wave=wave, company=company, actor=manager), S.JURY
        )
        services.assign_jurors(application=application, jurors=[juror, jurors[1]], actor=manager)
        tenant_services.end_role(tenant=tenant, user=juror)
        remaining = list(
            JurorAssignment.objects.filter(application=application).values_list("juror", flat=True)
        )
        assert not permissions.has_grant(juror, "labels.score", application)
        assert permissions.has_grant(jurors[1], "labels.score", application)
    assert remaining == [jurors[1].pk]


def test_the_timeline_and_the_funder_report_show_labels(certified, tenant, company, in_scope):
    from rse_platform.tenants import registry

    with in_scope(tenant):
        titles = [entry.title for entry in registry.timeline_for(company=company)]
        now = timezone.now()
        figures = registry.activity_for(
            tenant=tenant, start=now - timedelta(days=365), end=now + timedelta(days=1)
        )
    assert "Labelled ENR" in titles and "ENR decision: Granted" in titles
    assert [
        (figure.label, figure.value) for figure in figures if figure.key.startswith("labelled")
    ] == [("Companies labelled ENR", 1)]
