"""Submission completeness: every criterion answered or marked not applicable before a
self-assessment is locked, and "not applicable" leaves the maximum."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from diagnostics import selectors, services
from diagnostics.models import Answer, Diagnostic, Scale
from rse_platform.tenants.models import AuditEntry
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory, CompanyMemberFactory

from .factories import CriterionFactory, DiagnosticFactory, answer_all, grid

pytestmark = pytest.mark.django_db


def url(name, tenant, **kwargs):
    return reverse(name, kwargs={"tenant_slug": tenant.slug, **kwargs})


@pytest.fixture
def leader(tenant, make_person):
    person = make_person(tenant, Role.MEMBER)
    person.company = CompanyFactory(tenant=tenant, name="Menuiserie Delattre")
    CompanyMemberFactory(company=person.company, user=person)
    return person


def _criteria(version, in_scope):
    with in_scope(version.tenant):
        return list(version.criteria.order_by("theme__order", "order", "id"))


def test_it_refuses_to_submit_with_an_unanswered_criterion(tenant, leader, in_scope):
    version = grid(tenant, themes=[(1, 3)])
    diagnostic = DiagnosticFactory(company=leader.company, version=version)
    first, second, third = _criteria(version, in_scope)
    with in_scope(tenant):
        services.save_answer(diagnostic=diagnostic, criterion=first, actor=leader, choice="5")
        services.save_answer(
            diagnostic=diagnostic, criterion=second, actor=leader, comment="À voir"
        )  # a comment is not an answer
        with pytest.raises(ValidationError) as refused:
            services.submit_diagnostic(diagnostic=diagnostic, actor=leader)
        assert refused.value.code == "incomplete"
        assert refused.value.messages[0].startswith("2 ")  # "2 critères ne sont ni…"
        diagnostic.refresh_from_db()
        assert not diagnostic.is_submitted and diagnostic.overall_percent is None
        assert not AuditEntry.objects.filter(action="diagnostic.submitted").exists()
        assert selectors.missing_criteria(diagnostic=diagnostic) == [second, third]


def test_missing_criteria_follow_the_framework_order_with_their_theme(tenant, in_scope):
    version = grid(tenant, themes=[(1, 2), (1, 2)])
    diagnostic = DiagnosticFactory(company=CompanyFactory(tenant=tenant), version=version)
    criteria = _criteria(version, in_scope)
    with in_scope(tenant):
        services.save_answer(diagnostic=diagnostic, criterion=criteria[1], actor=None, choice="1")
        services.save_answer(
            diagnostic=diagnostic, criterion=criteria[2], actor=None, not_applicable=True
        )
        missing = selectors.missing_criteria(diagnostic=diagnostic)
    assert missing == [criteria[0], criteria[3]]
    assert [criterion.theme.title for criterion in missing] == [
        criteria[0].theme.title,
        criteria[3].theme.title,
    ]


def test_a_complete_diagnostic_with_not_applicable_criteria_is_submitted(tenant, leader, in_scope):
    # 5 and 3 of 5 answered, the third not applicable: 8 of 10 = 80 %, not 8 of 15.
    version = grid(tenant, themes=[(1, 3)], levels=[("Bronze", 50), ("Or", 80)])
    diagnostic = DiagnosticFactory(company=leader.company, version=version)
    first, second, third = _criteria(version, in_scope)
    with in_scope(tenant):
        services.save_answer(diagnostic=diagnostic, criterion=first, actor=leader, choice="5")
        services.save_answer(diagnostic=diagnostic, criterion=second, actor=leader, choice="3")
        services.save_answer(
            diagnostic=diagnostic, criterion=third, actor=leader, not_applicable=True
        )
        services.submit_diagnostic(diagnostic=diagnostic, actor=leader)
        diagnostic.refresh_from_db()
    assert diagnostic.is_submitted
    assert (diagnostic.overall_percent, diagnostic.level) == (Decimal("80.00"), "Or")


def test_not_applicable_leaves_the_maximum_of_its_theme_and_of_the_total(tenant, in_scope):
    # Theme A (weight 1): 4 of 5, the other not applicable → 80 %. Theme B (weight 1): all not
    # applicable → no score, left out of the total, which is therefore 80 %.
    version = grid(tenant, themes=[(1, 2), (1, 1)])
    a1, a2, b1 = _criteria(version, in_scope)
    diagnostic = DiagnosticFactory(company=CompanyFactory(tenant=tenant), version=version)
    with in_scope(tenant):
        services.save_answer(diagnostic=diagnostic, criterion=a1, actor=None, choice="4")
        for criterion in (a2, b1):
            services.save_answer(
                diagnostic=diagnostic, criterion=criterion, actor=None, not_applicable=True
            )
        result = selectors.diagnostic_result(diagnostic=diagnostic)
    assert [(t.score, t.maximum, t.is_scored) for t in result.themes] == [
        (Decimal("4.00"), Decimal("5.00"), True),
        (Decimal("0"), Decimal("0"), False),
    ]
    assert result.overall_percent == Decimal("80.00")


def test_marking_not_applicable_clears_the_answer_and_answering_clears_the_mark(tenant, in_scope):
    version = grid(tenant, themes=[(1, 1)], scale=Scale.LETTER, max_points=3)
    [criterion] = _criteria(version, in_scope)
    diagnostic = DiagnosticFactory(company=CompanyFactory(tenant=tenant), version=version)
    with in_scope(tenant):
        services.save_answer(diagnostic=diagnostic, criterion=criterion, actor=None, choice="B")
        answer = services.save_answer(
            diagnostic=diagnostic, criterion=criterion, actor=None, not_applicable=True
        )
        assert (answer.choice, answer.points, answer.not_applicable) == ("", None, True)
        answer = services.save_answer(
            diagnostic=diagnostic, criterion=criterion, actor=None, choice="A"
        )
        assert (answer.choice, answer.points, answer.not_applicable) == (
            "A",
            Decimal("3.00"),
            False,
        )
        stored = Answer.objects.get()
    assert (stored.choice, stored.not_applicable) == ("A", False)


def test_an_indicator_can_be_not_applicable_and_a_number_clears_it(tenant, in_scope):
    version = grid(tenant, themes=[(1, 1)])
    with in_scope(tenant):
        indicator = CriterionFactory(
            theme=version.themes.get(), scale=Scale.NUMBER, max_points=0, unit="kWh"
        )
    diagnostic = DiagnosticFactory(company=CompanyFactory(tenant=tenant), version=version)
    with in_scope(tenant):
        services.save_answer(
            diagnostic=diagnostic, criterion=indicator, actor=None, number=Decimal("12")
        )
        answer = services.save_answer(
            diagnostic=diagnostic, criterion=indicator, actor=None, number="", not_applicable=True
        )
        assert (answer.number, answer.not_applicable) == (None, True)
        answer = services.save_answer(
            diagnostic=diagnostic, criterion=indicator, actor=None, number=Decimal("40")
        )
    assert (answer.number, answer.not_applicable) == (Decimal("40"), False)


def test_an_answer_and_not_applicable_at_once_are_refused(tenant, in_scope):
    version = grid(tenant, themes=[(1, 1)])
    [criterion] = _criteria(version, in_scope)
    diagnostic = DiagnosticFactory(company=CompanyFactory(tenant=tenant), version=version)
    with in_scope(tenant):
        with pytest.raises(ValidationError):
            services.save_answer(
                diagnostic=diagnostic,
                criterion=criterion,
                actor=None,
                choice="3",
                not_applicable=True,
            )
        assert not Answer.objects.exists()


def test_the_database_refuses_an_answer_marked_not_applicable(tenant, in_scope):
    from django.db import IntegrityError, transaction

    version = grid(tenant, themes=[(1, 1)])
    [criterion] = _criteria(version, in_scope)
    diagnostic = DiagnosticFactory(company=CompanyFactory(tenant=tenant), version=version)
    with in_scope(tenant), pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(
            tenant=tenant,
            diagnostic=diagnostic,
            criterion=criterion,
            choice="3",
            points=Decimal("3"),
            not_applicable=True,
        )


def test_the_submit_view_refuses_and_leads_to_what_is_missing(client, tenant, leader, in_scope):
    version = grid(tenant, themes=[(1, 2), (1, 1)])
    diagnostic = DiagnosticFactory(company=leader.company, version=version)
    first, second, third = _criteria(version, in_scope)
    with in_scope(tenant):
        services.save_answer(diagnostic=diagnostic, criterion=first, actor=leader, choice="5")
    client.force_login(leader)
    response = client.post(url("diagnostic_submit", tenant, pk=diagnostic.pk))
    assert response.status_code == 302
    assert response.url.startswith(url("diagnostic_fill", tenant, pk=diagnostic.pk))
    assert f"theme={second.theme_id}" in response.url  # the first missing one's theme
    page = client.get(response.url).content.decode()
    assert second.title in page and third.title in page
    with in_scope(tenant):
        diagnostic.refresh_from_db()
    assert diagnostic.status == Diagnostic.Status.DRAFT and diagnostic.submitted_at is None


def test_the_submit_view_submits_a_complete_diagnostic(client, tenant, leader, in_scope):
    version = grid(tenant, themes=[(1, 2)])
    diagnostic = answer_all(DiagnosticFactory(company=leader.company, version=version))
    client.force_login(leader)
    response = client.post(url("diagnostic_submit", tenant, pk=diagnostic.pk))
    assert response.url == url("diagnostic_results", tenant, pk=diagnostic.pk)
    diagnostic.refresh_from_db()
    assert diagnostic.is_submitted and diagnostic.overall_percent == Decimal("100.00")


def test_progress_counts_not_applicable_criteria_as_done(tenant, in_scope):
    version = grid(tenant, themes=[(1, 4)])
    criteria = _criteria(version, in_scope)
    diagnostic = DiagnosticFactory(company=CompanyFactory(tenant=tenant), version=version)
    with in_scope(tenant):
        services.save_answer(diagnostic=diagnostic, criterion=criteria[0], actor=None, choice="2")
        services.save_answer(
            diagnostic=diagnostic, criterion=criteria[1], actor=None, not_applicable=True
        )
        assert selectors.progress(diagnostic=diagnostic) == {
            "answered": 2,
            "not_applicable": 1,
            "total": 4,
            "percent": 50,
        }
        [theme] = selectors.theme_progress(diagnostic=diagnostic)
    assert (theme.answered, theme.total) == (2, 4)
