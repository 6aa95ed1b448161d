"""The funder report's figures for a reporting year: what the programme, the clubs and the
self-assessments recorded that year, each app contributing through the core's activity hook
(``registry.add_activity_source``), another tenant's identical data never counted, at a cost
that does not grow with the data."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope

from clubs.models import Event, Registration, SurveyAnswer
from clubs.tests.factories import EventFactory, RegistrationFactory
from companies.models import Exclusion
from diagnostics.tests.factories import answered, grid
from programmes import selectors
from programmes.models import BudgetLine, Funder
from programmes.tests.factories import EnrolmentFactory, ProgrammeFactory
from rse_platform.tenants.registry import ActivityFigure
from tests.factories import CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year - 1  # a complete year


def _at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _seed(tenant, *, events=1):
    """One year of activity, with what must not count around it (other years, a cancelled
    event, a draft, people whose attendance was not taken)."""
    programme = ProgrammeFactory(tenant=tenant, start_year=YEAR - 3)
    a, b, c, d, e, f = (CompanyFactory(tenant=tenant) for _ in range(6))
    enrol = EnrolmentFactory
    enrol(programme=programme, company=a, engaged_on=date(YEAR - 2, 3, 1))  # supported
    enrol(programme=programme, company=b, engaged_on=date(YEAR, 6, 1))  # supported, joined
    enrol(
        programme=programme,
        company=c,
        status="alumni",
        engaged_on=date(YEAR - 3, 1, 1),
        left_on=date(YEAR - 1, 12, 31),
    )  # gone before the year
    enrol(programme=programme, company=d, engaged_on=date(YEAR + 1, 1, 2))  # after the year
    enrol(programme=programme, company=e, engaged_on=date(YEAR - 2, 1, 1))  # excluded before
    enrol(programme=programme, company=f, engaged_on=date(YEAR - 2, 1, 1))  # excluded during
    Exclusion.objects.create(
        tenant=tenant, company=e, reason="x", decided_at=_at(date(YEAR - 1, 5, 1))
    )
    Exclusion.objects.create(tenant=tenant, company=f, reason="x", decided_at=_at(date(YEAR, 9, 1)))

    held = EventFactory(tenant=tenant, starts_at=_at(date(YEAR, 3, 10)))
    for company, attended, rating in (
        (a, True, 4),
        (a, True, 5),
        (b, True, None),
        (b, False, None),
    ):
        registration = RegistrationFactory(event=held, company=company, attended=attended)
        if rating:
            SurveyAnswer.objects.create(
                tenant=tenant, event=held, user=registration.user, rating=rating
            )
    RegistrationFactory(event=held, company=a, attended=None)  # attendance not taken
    RegistrationFactory(event=held, status=Registration.Status.WAITLISTED)
    for month in range(1, events + 1):  # more events without anyone: the cost stays the same
        EventFactory(tenant=tenant, starts_at=_at(date(YEAR, 1 + month % 12, 20)))
    cancelled = EventFactory(
        tenant=tenant, starts_at=_at(date(YEAR, 4, 1)), status=Event.Status.CANCELLED
    )
    RegistrationFactory(event=cancelled, company=a, attended=True)
    EventFactory(tenant=tenant, starts_at=_at(date(YEAR, 5, 1)), status=Event.Status.DRAFT)
    earlier = EventFactory(tenant=tenant, starts_at=_at(date(YEAR - 1, 12, 31), 9))
    RegistrationFactory(event=earlier, company=a, attended=True)
    SurveyAnswer.objects.create(tenant=tenant, event=earlier, user=UserFactory(), rating=1)

    version = grid(tenant)
    answered(a, version, [5, 5, 5], submitted_at=_at(date(YEAR, 2, 1)))
    answered(a, version, [5, 5, 5], submitted_at=_at(date(YEAR, 11, 30)))
    answered(b, version, [1, 1, 1], submitted_at=_at(date(YEAR, 12, 31), 23))
    answered(b, version, [1, 1, 1], submitted_at=_at(date(YEAR + 1, 1, 1), 0))  # next year
    answered(c, version, [1, 1, 1])  # a draft

    for year, label, amount in (
        (YEAR, "Animation des clubs", "1000.00"),
        (YEAR, "Accompagnements", "500.50"),
        (YEAR - 1, "Autre année", "999"),
    ):
        BudgetLine.objects.create(
            tenant=tenant, programme=programme, year=year, label=label, amount=Decimal(amount)
        )
    Funder.objects.create(tenant=tenant, programme=programme, name="Région", share=60)
    Funder.objects.create(tenant=tenant, programme=programme, name="Communauté", share=40)
    return programme


def _figures(tenant, programme):
    with scope(tenant=tenant):
        return selectors.funder_report(programme=programme, year=YEAR)


def test_the_years_figures_are_what_was_recorded_that_year(tenant, other_tenant):
    with scope(tenant=other_tenant):
        _seed(other_tenant)  # the same again next door: never counted here
    with scope(tenant=tenant):
        programme = _seed(tenant)
    report = _figures(tenant, programme)
    activity = {figure.key: figure.value for figure in report["activity"]}
    assert (report["companies_supported"], report["companies_joined"]) == (3, 1)
    assert activity == {
        "events_held": 2,
        "attendances": 3,
        "attendance_rate": 75,
        "companies_attending": 2,
        "satisfaction": Decimal("4.5"),
        "diagnostics_submitted": 3,
        "companies_assessed": 2,
        # No action plan nor mission in this programme: the figures say so, they are not left out.
        "companies_supported": 0,
        "consultant_days": 0,
        "actions_done": 0,
        "plans_closed": 0,
        # Nor any exchange or good practice in the network; no label held (none defined).
        "service_exchanges": 0,
        "practices_published": 0,
    }
    assert [line.label for line in report["budget_lines"]] == [
        "Accompagnements",
        "Animation des clubs",
    ]
    assert report["budget_total"] == Decimal("1500.50")
    assert [(f.name, f.amount) for f in report["funders"]] == [
        ("Région", Decimal("900.30")),
        ("Communauté", Decimal("600.20")),
    ]
    assert report["funded_amount"] == Decimal("1500.50")
    assert report["in_progress"] is False
    assert report["period_end"] == date(YEAR, 12, 31)


def test_a_year_without_activity_leaves_out_rates_and_averages_it_cannot_compute(tenant):
    with scope(tenant=tenant):
        programme = _seed(tenant)
        report = selectors.funder_report(programme=programme, year=YEAR - 2)
    activity = {figure.key: figure.value for figure in report["activity"]}
    assert "satisfaction" not in activity and "attendance_rate" not in activity
    assert activity["events_held"] == 0
    assert report["budget_total"] is None and report["budget_lines"] == []
    assert all(funder.amount is None for funder in report["funders"])


def test_the_year_in_progress_runs_to_today(tenant):
    with scope(tenant=tenant):
        programme = _seed(tenant)
        report = selectors.funder_report(programme=programme, year=YEAR + 1)
    assert report["in_progress"] is True
    assert report["period_end"] == timezone.localdate()


def test_the_cost_does_not_grow_with_the_data(tenant, other_tenant):
    def queries(tenant_, programme):
        with scope(tenant=tenant_), CaptureQueriesContext(connection) as captured:
            selectors.funder_report(programme=programme, year=YEAR)
        return len(captured)

    with scope(tenant=tenant):
        small = _seed(tenant, events=1)
    with scope(tenant=other_tenant):
        big = _seed(other_tenant, events=11)
    assert queries(tenant, small) == queries(other_tenant, big)


def test_every_figure_is_an_activity_figure_with_a_label(tenant):
    with scope(tenant=tenant):
        programme = _seed(tenant)
    for figure in _figures(tenant, programme)["activity"]:
        assert isinstance(figure, ActivityFigure) and str(figure.label)


def test_the_demos_figures_are_the_seeded_rows_counted_one_by_one(demo):
    from diagnostics.models import Diagnostic
    from programmes.models import Programme

    year = timezone.localdate().year
    now = timezone.now()
    with scope(tenant=demo.tenant):
        programme = Programme.objects.get(start_year=2012)
        report = selectors.funder_report(programme=programme, year=year)
        held = [
            event
            for event in Event.objects.all()
            if event.status == Event.Status.PUBLISHED
            and event.starts_at.year == year
            and event.starts_at < now
        ]
        present = [
            seat
            for seat in Registration.objects.filter(event__in=held)
            if seat.attended and seat.status == Registration.Status.CONFIRMED
        ]
        submitted = [
            diagnostic
            for diagnostic in Diagnostic.objects.all()
            if diagnostic.status == Diagnostic.Status.SUBMITTED
            and timezone.localtime(diagnostic.submitted_at).year == year
        ]
        lines = [line.amount for line in BudgetLine.objects.all() if line.year == year]
    activity = {figure.key: figure.value for figure in report["activity"]}
    assert activity["events_held"] == len(held) > 0
    assert activity["attendances"] == len(present) > 0
    assert activity["diagnostics_submitted"] == len(submitted) > 0
    assert report["budget_total"] == sum(lines) > 0
