"""The programme team's jury pages: the wave's assignment matrix with its suggested spread, one
application's jurors, and its auditor."""

import pytest
from django.urls import reverse

from labels import services
from labels.models import Application, JurorAssignment
from labels.tests import factories
from rse_platform.tenants import permissions
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db
S = Application.Status


def url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def wave(tenant, manager, ecoride, in_scope):
    with in_scope(tenant):
        return factories.open_wave(ecoride, manager)


def _before_jury(tenant, wave, manager, count):
    applications = []
    for _index in range(count):
        application = services.start_application(
            wave=wave, company=CompanyFactory(tenant=tenant), actor=manager
        )
        applications.append(factories.put(application, S.JURY))
    return applications


@pytest.fixture
def applications(tenant, wave, manager, in_scope):
    with in_scope(tenant):
        return _before_jury(tenant, wave, manager, 3)


@pytest.fixture
def other_manager(other_tenant, make_person):
    return make_person(other_tenant, Role.MANAGER)


def _pairs(tenant, wave, in_scope):
    with in_scope(tenant):
        return set(
            JurorAssignment.objects.filter(application__wave=wave).values_list(
                "application_id", "juror_id"
            )
        )


# --- The wave's matrix --------------------------------------------------------------------------


def test_the_matrix_shows_assignments_loads_and_conflicts(
    client, tenant, manager, wave, applications, jurors, in_scope
):
    with in_scope(tenant):
        services.assign_jurors(application=applications[0], jurors=jurors[:2], actor=manager)
        services.declare_conflict(
            wave=wave, juror=jurors[3], company=applications[1].company, actor=jurors[3]
        )
    client.force_login(manager)
    response = client.get(url(tenant, "wave_jury", pk=wave.pk))
    assert response.status_code == 200
    rows = {row.pk: row for row in response.context["rows"]}
    states = [state for _juror, state in rows[applications[0].pk].cells]
    assert states.count("assigned") == 2
    assert "conflict" in [state for _juror, state in rows[applications[1].pk].cells]
    loads = {juror.pk: juror.load for juror in response.context["jurors"]}
    assert loads[jurors[0].pk] == 1 and loads[jurors[3].pk] == 0
    page = response.content.decode()
    assert applications[1].company.name in page and "Declared conflicts of interest" in page


def test_a_suggestion_is_shown_for_review_and_writes_nothing(
    client, tenant, manager, wave, applications, jurors, in_scope
):
    with in_scope(tenant):
        services.declare_conflict(
            wave=wave, juror=jurors[0], company=applications[0].company, actor=jurors[0]
        )
    client.force_login(manager)
    response = client.post(url(tenant, "wave_jury", pk=wave.pk), {"op": "suggest"})
    assert response.status_code == 200
    proposed = dict(response.context["proposed"])
    assert all(len(chosen) == 3 for chosen in proposed.values())
    first = next(app for app in proposed if app.pk == applications[0].pk)
    assert jurors[0] not in proposed[first]
    assert _pairs(tenant, wave, in_scope) == set()


def test_applying_the_reviewed_suggestion_assigns_and_grants(
    client, tenant, manager, wave, applications, jurors, in_scope
):
    client.force_login(manager)
    pairs = [f"{applications[0].pk}:{jurors[0].pk}", f"{applications[1].pk}:{jurors[1].pk}"]
    response = client.post(url(tenant, "wave_jury", pk=wave.pk), {"op": "apply", "pair": pairs})
    assert response["Location"] == url(tenant, "wave_jury", pk=wave.pk)
    assert _pairs(tenant, wave, in_scope) == {
        (applications[0].pk, jurors[0].pk),
        (applications[1].pk, jurors[1].pk),
    }
    with in_scope(tenant):
        assert permissions.has_grant(jurors[0], "labels.score", applications[0])


def test_one_refused_pair_and_no_assignment_is_made(
    client, tenant, manager, wave, applications, jurors, in_scope
):
    with in_scope(tenant):
        services.declare_conflict(
            wave=wave, juror=jurors[1], company=applications[1].company, actor=jurors[1]
        )
    client.force_login(manager)
    pairs = [f"{applications[0].pk}:{jurors[0].pk}", f"{applications[1].pk}:{jurors[1].pk}"]
    response = client.post(
        url(tenant, "wave_jury", pk=wave.pk), {"op": "apply", "pair": pairs}, follow=True
    )
    assert "declared a conflict of interest" in response.content.decode()
    assert _pairs(tenant, wave, in_scope) == set()


@pytest.mark.parametrize("pair", ["abc", "1:", "999999:1"])
def test_a_forged_pair_assigns_nothing(
    client, tenant, manager, wave, applications, jurors, in_scope, pair
):
    client.force_login(manager)
    pairs = [f"{applications[0].pk}:{jurors[0].pk}", pair]
    response = client.post(
        url(tenant, "wave_jury", pk=wave.pk), {"op": "apply", "pair": pairs}, follow=True
    )
    assert "The suggestion changed" in response.content.decode()
    assert _pairs(tenant, wave, in_scope) == set()


def test_a_juror_may_not_open_the_assignments(client, tenant, wave, jurors):
    client.force_login(jurors[0])
    assert client.get(url(tenant, "wave_jury", pk=wave.pk)).status_code == 403


def test_the_matrix_costs_the_same_for_3_and_13_applications(
    client, tenant, manager, wave, applications, jurors, in_scope, page_queries
):
    with in_scope(tenant):
        services.assign_jurors(application=applications[0], jurors=jurors[:2], actor=manager)
    client.force_login(manager)
    few = page_queries(url(tenant, "wave_jury", pk=wave.pk))
    with in_scope(tenant):
        for application in _before_jury(tenant, wave, manager, 10):
            services.assign_jurors(application=application, jurors=jurors[1:], actor=manager)
            services.declare_conflict(
                wave=wave, juror=jurors[0], company=application.company, actor=jurors[0]
            )
    assert page_queries(url(tenant, "wave_jury", pk=wave.pk)) == few


# --- One application's jurors -------------------------------------------------------------------


def test_it_adds_a_juror_to_an_application(client, tenant, manager, applications, jurors, in_scope):
    application = applications[0]
    client.force_login(manager)
    response = client.post(
        url(tenant, "application_jurors", pk=application.pk), {"op": "add", "juror": jurors[2].pk}
    )
    assert response["Location"] == url(tenant, "application_jurors", pk=application.pk)
    with in_scope(tenant):
        assert JurorAssignment.objects.filter(application=application, juror=jurors[2]).exists()
        assert permissions.has_grant(jurors[2], "labels.score", application)


def test_a_conflicted_juror_is_not_offered_and_cannot_be_added(
    client, tenant, manager, wave, applications, jurors, in_scope
):
    application = applications[0]
    with in_scope(tenant):
        services.declare_conflict(
            wave=wave, juror=jurors[1], company=application.company, actor=jurors[1]
        )
    client.force_login(manager)
    page = client.get(url(tenant, "application_jurors", pk=application.pk))
    assert jurors[1] not in page.context["form"].fields["juror"].queryset
    response = client.post(
        url(tenant, "application_jurors", pk=application.pk), {"op": "add", "juror": jurors[1].pk}
    )
    assert response.status_code == 400
    with in_scope(tenant):
        assert not JurorAssignment.objects.filter(application=application).exists()


def test_a_person_without_the_jury_role_cannot_be_added(
    client, tenant, manager, applications, auditor, in_scope
):
    client.force_login(manager)
    response = client.post(
        url(tenant, "application_jurors", pk=applications[0].pk), {"op": "add", "juror": auditor.pk}
    )
    assert response.status_code == 400
    with in_scope(tenant):
        assert not JurorAssignment.objects.exists()


def test_it_removes_a_juror_who_has_not_submitted_and_revokes_the_grant(
    client, tenant, manager, applications, jurors, in_scope
):
    application = applications[0]
    with in_scope(tenant):
        services.assign_jurors(application=application, jurors=jurors[:2], actor=manager)
        part = factories.jury_parts(application.wave.label)[0]
        assignment = JurorAssignment.objects.get(application=application, juror=jurors[0])
        services.save_score(assignment=assignment, part=part, value=30, actor=jurors[0])
    client.force_login(manager)
    response = client.post(
        url(tenant, "application_jurors", pk=application.pk),
        {"op": "remove", "juror": jurors[0].pk},
    )
    assert response.status_code == 302
    with in_scope(tenant):
        assert list(
            JurorAssignment.objects.filter(application=application).values_list("juror", flat=True)
        ) == [jurors[1].pk]
        assert not permissions.has_grant(jurors[0], "labels.score", application)


def test_a_juror_who_submitted_stays(client, tenant, manager, applications, jurors, in_scope):
    application = applications[0]
    with in_scope(tenant):
        (assignment,) = services.assign_jurors(
            application=application, jurors=[jurors[0]], actor=manager
        )
        for part in factories.jury_parts(application.wave.label):
            services.save_score(assignment=assignment, part=part, value=5, actor=jurors[0])
        services.submit_scores(assignment=assignment, actor=jurors[0])
    client.force_login(manager)
    response = client.post(
        url(tenant, "application_jurors", pk=application.pk),
        {"op": "remove", "juror": jurors[0].pk},
        follow=True,
    )
    assert "submitted their scores" in response.content.decode()
    with in_scope(tenant):
        assert JurorAssignment.objects.filter(pk=assignment.pk).exists()


def test_another_programme_s_application_is_not_found(
    client, other_tenant, other_manager, applications
):
    client.force_login(other_manager)
    for name in ("application_jurors", "application_auditor"):
        assert client.get(url(other_tenant, name, pk=applications[0].pk)).status_code == 404


def test_a_company_member_may_not_change_the_jurors(
    client, tenant, leader, applications, jurors, in_scope
):
    client.force_login(leader)
    response = client.post(
        url(tenant, "application_jurors", pk=applications[0].pk),
        {"op": "add", "juror": jurors[0].pk},
    )
    assert response.status_code == 403
    with in_scope(tenant):
        assert not JurorAssignment.objects.exists()


# --- The auditor --------------------------------------------------------------------------------


@pytest.fixture
def enr_application(tenant, manager, enr, company, in_scope):
    with in_scope(tenant):
        wave = factories.open_wave(enr, manager)
        application = services.start_application(wave=wave, company=company, actor=manager)
    return factories.put(application, S.AUDIT)


def test_it_assigns_the_auditor(client, tenant, manager, enr_application, auditor, in_scope):
    client.force_login(manager)
    page = client.get(url(tenant, "application_auditor", pk=enr_application.pk))
    assert auditor in page.context["form"].fields["auditor"].queryset
    response = client.post(
        url(tenant, "application_auditor", pk=enr_application.pk), {"auditor": auditor.pk}
    )
    assert response["Location"] == url(tenant, "application_detail", pk=enr_application.pk)
    with in_scope(tenant):
        enr_application.refresh_from_db()
        assert enr_application.auditor == auditor
        assert permissions.has_grant(auditor, "labels.audit", enr_application)


def test_only_an_auditor_may_be_chosen(client, tenant, manager, enr_application, jurors, in_scope):
    client.force_login(manager)
    response = client.post(
        url(tenant, "application_auditor", pk=enr_application.pk), {"auditor": jurors[0].pk}
    )
    assert response.status_code == 400
    with in_scope(tenant):
        enr_application.refresh_from_db()
    assert enr_application.auditor is None


def test_an_auditor_may_not_choose_the_auditor(client, tenant, enr_application, auditor, in_scope):
    client.force_login(auditor)
    response = client.post(
        url(tenant, "application_auditor", pk=enr_application.pk), {"auditor": auditor.pk}
    )
    assert response.status_code == 403
    with in_scope(tenant):
        enr_application.refresh_from_db()
    assert enr_application.auditor is None
