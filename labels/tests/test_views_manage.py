"""The programme team's label and wave pages: the list, the definition form (create and edit),
the label's page, the wave's form and page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from labels import services
from labels.models import Application, Label, ScoredPart, Wave
from labels.tests import factories
from rse_platform.tenants import registry
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db
S = Application.Status
TODAY = timezone.localdate()


def url(tenant, name, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    """The pages in English, to read the messages as the code writes them."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def grids():
    """The tenant's published grids as the diagnostics app would list them."""
    previous = registry.grid_reader()
    registry.set_grid_reader(
        registry.GridReader(
            versions=lambda *, tenant: [(factories.GRID, "Grille 6PL (v1)"), (777, "Clients")],
            name=lambda *, tenant, version_id: {factories.GRID: "Grille 6PL (v1)"}.get(
                version_id, ""
            ),
            questions=lambda **kwargs: (),
            score=lambda **kwargs: 0,
        )
    )
    yield
    registry.set_grid_reader(previous)


@pytest.fixture
def wave(tenant, manager, enr, in_scope):
    with in_scope(tenant):
        return factories.open_wave(enr, manager)


@pytest.fixture
def other_manager(other_tenant, make_person):
    return make_person(other_tenant, Role.MANAGER)


def _label_data(**overrides):
    data = {
        "name": "ECORIDE",
        "slug": "ecoride",
        "description": "Label de l'éco-conception de la glisse",
        "body": "jury",
        "validity_months": "36",
        "framework_version_id": str(factories.GRID),
        "customer_framework_version_id": "",
        "eligible_naf_prefixes": "32.30, 47.64\n32.30",
        "eligible_communes": "",
        "steps": "Inscription et autodiagnostic\n\nJury\nRemise du diplôme",
        "decision": "levels",
        "threshold": "",
        "levels": "Gold: 80\nSilver: 60\nBronze: 40",
        "jurors_per_application": "3",
        "part-TOTAL_FORMS": "3",
        "part-INITIAL_FORMS": "0",
        "part-MIN_NUM_FORMS": "0",
        "part-MAX_NUM_FORMS": "12",
        "part-0-name": "Management environnemental",
        "part-0-maximum": "50",
        "part-0-source": "jury",
        "part-1-name": "Éco-conception",
        "part-1-maximum": "50",
        "part-1-source": "jury",
        "part-2-name": "",
        "part-2-maximum": "",
        "part-2-source": "",
    }
    data.update(overrides)
    return data


# --- The list -----------------------------------------------------------------------------------


def test_it_lists_the_labels_with_their_rule_open_wave_and_counts(
    client, tenant, manager, enr, wave, company, in_scope
):
    with in_scope(tenant):
        services.start_application(wave=wave, company=company, actor=manager)
    client.force_login(manager)
    response = client.get(url(tenant, "label_list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "ENR" in page and "Vague 1" in page
    assert "Total above 120" in page
    assert response.context["table"].rows[0].applications_count == 1


def test_it_says_how_to_start_when_there_is_no_label(client, tenant, manager, grids):
    client.force_login(manager)
    response = client.get(url(tenant, "label_list"))
    assert "No label yet" in response.content.decode()
    assert url(tenant, "label_create") in response.content.decode()


def test_a_company_member_may_not_list_the_labels(client, tenant, leader):
    client.force_login(leader)
    assert client.get(url(tenant, "label_list")).status_code == 403


def test_the_list_costs_the_same_for_1_and_6_labels(
    client, tenant, manager, enr, wave, in_scope, page_queries
):
    client.force_login(manager)
    few = page_queries(url(tenant, "label_list"))
    with in_scope(tenant):
        for index in range(5):
            label = factories.ecoride(tenant, manager, slug=f"eco-{index}")
            factories.open_wave(label, manager)
    assert page_queries(url(tenant, "label_list")) == few


# --- Creating and editing a label ---------------------------------------------------------------


def test_it_creates_a_label_with_its_parts_levels_and_lists(
    client, tenant, manager, grids, in_scope
):
    client.force_login(manager)
    response = client.post(url(tenant, "label_create"), _label_data())
    with in_scope(tenant):
        label = Label.objects.get(tenant=tenant, slug="ecoride")
        parts = list(label.parts.values_list("name", "maximum", "source"))
    assert response.status_code == 302
    assert response["Location"] == url(tenant, "label_detail", pk=label.pk)
    assert label.levels == [
        {"name": "Gold", "min": "80"},
        {"name": "Silver", "min": "60"},
        {"name": "Bronze", "min": "40"},
    ]
    assert label.eligible_naf_prefixes == ["32.30", "47.64"]
    assert label.steps == ["Inscription et autodiagnostic", "Jury", "Remise du diplôme"]
    assert label.validity_months == 36
    assert [(name, int(maximum), source) for name, maximum, source in parts] == [
        ("Management environnemental", 50, "jury"),
        ("Éco-conception", 50, "jury"),
    ]


def test_the_form_offers_the_grids_and_conditions(client, tenant, manager, grids, condition):
    client.force_login(manager)
    page = client.get(url(tenant, "label_create")).content.decode()
    assert "Grille 6PL (v1)" in page
    assert 'value="test_condition"' in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"levels": "Gold 80"}, "name: minimum total"),
        ({"levels": "Silver: 60\nGold: 80"}, "from the highest to the lowest"),
        ({"decision": "threshold", "threshold": ""}, "Give the threshold"),
        ({"decision": "threshold", "threshold": "150"}, "below the highest possible total"),
        ({"part-0-source": "audit", "part-1-source": "audit"}, "at most one audit part"),
        ({"part-1-maximum": ""}, "Give this part&#x27;s maximum"),
        ({"framework_version_id": "999"}, "Select a valid choice"),
    ],
)
def test_bad_input_shows_the_reason_and_writes_nothing(
    client, tenant, manager, grids, in_scope, changes, message
):
    client.force_login(manager)
    response = client.post(url(tenant, "label_create"), _label_data(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    with in_scope(tenant):
        assert not Label.objects.filter(tenant=tenant).exists()
        assert not ScoredPart.objects.filter(tenant=tenant).exists()


def test_a_short_name_is_unique_in_the_programme(client, tenant, manager, enr, grids, in_scope):
    client.force_login(manager)
    response = client.post(url(tenant, "label_create"), _label_data(slug="enr"))
    assert response.status_code == 400
    assert "Another label of the programme has this short name" in response.content.decode()
    with in_scope(tenant):
        assert Label.objects.filter(tenant=tenant).count() == 1


def test_it_edits_a_label_and_its_parts_before_anyone_applied(
    client, tenant, manager, ecoride, grids, in_scope
):
    client.force_login(manager)
    page = client.get(url(tenant, "label_edit", pk=ecoride.pk)).content.decode()
    assert "Gold: 80" in page and "Management environnemental" in page
    response = client.post(
        url(tenant, "label_edit", pk=ecoride.pk),
        _label_data(name="ECORIDE 2026", levels="Or: 85\nArgent: 65", archived="on"),
    )
    assert response.status_code == 302
    with in_scope(tenant):
        ecoride.refresh_from_db()
        assert ecoride.name == "ECORIDE 2026" and ecoride.archived
        assert ecoride.levels[0] == {"name": "Or", "min": "85"}
        assert ecoride.parts.count() == 2


def test_the_rule_and_parts_stay_once_a_company_applied(
    client, tenant, manager, enr, wave, company, grids, in_scope
):
    with in_scope(tenant):
        services.start_application(wave=wave, company=company, actor=manager)
    client.force_login(manager)
    page = client.get(url(tenant, "label_edit", pk=enr.pk)).content.decode()
    assert "Companies applied for this label" in page
    data = _label_data(name="ENR 2026", slug="enr")
    data = {key: value for key, value in data.items() if "-" not in key}
    data.update(body="external", decision="levels", levels="Or: 10")
    response = client.post(url(tenant, "label_edit", pk=enr.pk), data)
    assert response.status_code == 302
    with in_scope(tenant):
        enr.refresh_from_db()
        assert enr.name == "ENR 2026"
        assert enr.decision == "threshold" and enr.levels == []
        assert enr.parts.count() == 2


def test_another_programme_s_label_is_not_found(client, other_tenant, other_manager, enr):
    client.force_login(other_manager)
    for name in ("label_detail", "label_edit", "wave_create"):
        assert client.get(url(other_tenant, name, pk=enr.pk)).status_code == 404


def test_a_juror_may_not_edit_a_label(client, tenant, jurors, enr, in_scope):
    client.force_login(jurors[0])
    response = client.post(url(tenant, "label_edit", pk=enr.pk), _label_data(slug="enr"))
    assert response.status_code == 403
    with in_scope(tenant):
        enr.refresh_from_db()
    assert enr.name == "ENR"


# --- The label's page ---------------------------------------------------------------------------


def test_the_label_page_shows_its_definition_and_waves(client, tenant, manager, enr, wave, grids):
    client.force_login(manager)
    response = client.get(url(tenant, "label_detail", pk=enr.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Grille 6PL (v1)" in page and "Dossier et audit" in page
    assert url(tenant, "wave_detail", pk=wave.pk) in page
    assert url(tenant, "wave_create", pk=enr.pk) in page
    assert response.context["waves"][0].status == "open"


# --- Waves --------------------------------------------------------------------------------------


def _wave_data(**overrides):
    data = {
        "name": "Printemps 2026",
        "opens_on": TODAY.isoformat(),
        "closes_on": (TODAY + timedelta(days=30)).isoformat(),
        "jury_on": (TODAY + timedelta(days=45)).isoformat(),
    }
    data.update(overrides)
    return data


def test_it_opens_a_wave(client, tenant, manager, enr, in_scope):
    client.force_login(manager)
    response = client.post(url(tenant, "wave_create", pk=enr.pk), _wave_data())
    with in_scope(tenant):
        wave = Wave.objects.get(label=enr)
    assert response["Location"] == url(tenant, "wave_detail", pk=wave.pk)
    assert wave.name == "Printemps 2026" and wave.jury_on == TODAY + timedelta(days=45)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"closes_on": (TODAY - timedelta(days=1)).isoformat()}, "A wave closes after it opens"),
        ({"jury_on": (TODAY + timedelta(days=10)).isoformat()}, "once the applications are closed"),
        ({"opens_on": "demain"}, "Enter a valid date"),
    ],
)
def test_wave_dates_are_checked_and_nothing_written(
    client, tenant, manager, enr, in_scope, changes, message
):
    client.force_login(manager)
    response = client.post(url(tenant, "wave_create", pk=enr.pk), _wave_data(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    with in_scope(tenant):
        assert not Wave.objects.filter(label=enr).exists()


def test_an_archived_label_opens_no_wave(client, tenant, manager, enr, in_scope):
    with in_scope(tenant):
        Label.objects.filter(pk=enr.pk).update(archived=True)
    client.force_login(manager)
    response = client.post(url(tenant, "wave_create", pk=enr.pk), _wave_data())
    assert response.status_code == 400
    assert "This label is archived" in response.content.decode()


def test_it_edits_a_wave(client, tenant, manager, wave, in_scope):
    client.force_login(manager)
    response = client.post(url(tenant, "wave_edit", pk=wave.pk), _wave_data(name="Vague d'automne"))
    assert response.status_code == 302
    with in_scope(tenant):
        wave.refresh_from_db()
    assert wave.name == "Vague d'automne" and wave.opens_on == TODAY


def test_a_wave_edit_with_bad_dates_changes_nothing(client, tenant, manager, wave, in_scope):
    client.force_login(manager)
    response = client.post(
        url(tenant, "wave_edit", pk=wave.pk),
        _wave_data(name="Cassée", closes_on=(TODAY - timedelta(days=3)).isoformat()),
    )
    assert response.status_code == 400
    with in_scope(tenant):
        wave.refresh_from_db()
    assert wave.name == "Vague 1"


def test_another_programme_s_wave_is_not_found(client, other_tenant, other_manager, wave):
    client.force_login(other_manager)
    for name in ("wave_detail", "wave_edit", "wave_jury"):
        assert client.get(url(other_tenant, name, pk=wave.pk)).status_code == 404


def test_a_company_member_may_not_see_a_wave(client, tenant, leader, wave):
    client.force_login(leader)
    assert client.get(url(tenant, "wave_detail", pk=wave.pk)).status_code == 403


def _applications(tenant, wave, manager, count, status=S.SUBMITTED):
    applications = []
    for _index in range(count):
        company = CompanyFactory(tenant=tenant)
        application = services.start_application(wave=wave, company=company, actor=manager)
        applications.append(factories.put(application, status, submitted_at=timezone.now()))
    return applications


def test_the_wave_page_counts_per_status_and_filters_the_table(
    client, tenant, manager, wave, in_scope
):
    with in_scope(tenant):
        _applications(tenant, wave, manager, 2)
        _applications(tenant, wave, manager, 1, status=S.AUDIT)
    client.force_login(manager)
    response = client.get(url(tenant, "wave_detail", pk=wave.pk))
    counts = {value: count for value, _label, count in response.context["counts"]}
    assert counts["submitted"] == 2 and counts["audit"] == 1 and counts["draft"] == 0
    assert response.context["table"].count == 3
    page = response.content.decode()
    assert url(tenant, "wave_certificates", pk=wave.pk) in page
    assert url(tenant, "wave_jury", pk=wave.pk) in page
    filtered = client.get(url(tenant, "wave_detail", pk=wave.pk), {"status": "audit"})
    assert filtered.context["table"].count == 1
    swap = client.get(
        url(tenant, "wave_detail", pk=wave.pk),
        {"sort": "-submitted"},
        headers={"HX-Request": "true", "HX-Target": "application-table"},
    )
    assert "<h1" not in swap.content.decode()


def test_the_wave_page_costs_the_same_for_2_and_12_applications(
    client, tenant, manager, wave, auditor, jurors, in_scope, page_queries
):
    with in_scope(tenant):
        _applications(tenant, wave, manager, 2)
    client.force_login(manager)
    few = page_queries(url(tenant, "wave_detail", pk=wave.pk))
    with in_scope(tenant):
        for application in _applications(tenant, wave, manager, 10, status=S.JURY):
            services.assign_auditor(application=application, auditor=auditor, actor=manager)
            services.assign_jurors(application=application, jurors=jurors[:2], actor=manager)
    assert page_queries(url(tenant, "wave_detail", pk=wave.pk)) == few
