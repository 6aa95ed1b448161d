"""From a weak criterion to the company's action plan, through the pluggable target."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from diagnostics import services
from rse_platform.tenants import registry
from rse_platform.tenants.models import AuditEntry
from rse_platform.tenants.roles import Role
from tests.factories import CompanyFactory

from .factories import answered, grid

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_action_plan():
    created = []

    def target(*, company, title, description, theme, criterion, criterion_id, actor):
        created.append(
            {"company": company, "title": title, "actor": actor, "criterion_id": criterion_id}
        )
        return created[-1]

    previous = registry.action_target()
    registry.set_action_target(target)
    yield created
    registry.set_action_target(previous)


@pytest.fixture
def no_action_plans():
    previous = registry.action_target()
    registry.set_action_target(None)
    yield
    registry.set_action_target(previous)


@pytest.fixture
def weak(tenant):
    version = grid(tenant, themes=[(1, 3)])  # the third criterion is left unanswered
    return answered(CompanyFactory(tenant=tenant), version, [0, 5], submitted_at=timezone.now())


def test_without_action_plans_the_button_is_hidden(
    client, tenant, make_person, weak, in_scope, no_action_plans
):
    client.force_login(make_person(tenant, Role.MANAGER))
    body = client.get(
        reverse("diagnostic_results", kwargs={"tenant_slug": tenant.slug, "pk": weak.pk})
    ).content.decode()
    assert 'data-testid="no-action-plans"' in body
    assert "/action/" not in body
    with in_scope(tenant), pytest.raises(ValidationError):
        services.create_action_from_criterion(answer=weak.answers.first(), actor=None)
    with in_scope(tenant):
        criterion = weak.version.criteria.order_by("order").first()
    response = client.post(
        reverse(
            "diagnostic_action",
            kwargs={"tenant_slug": tenant.slug, "pk": weak.pk, "criterion_pk": criterion.pk},
        ),
        follow=True,
    )
    assert "pas encore disponibles" in response.content.decode()
    with in_scope(tenant):
        assert not AuditEntry.objects.filter(action="diagnostic.action_created").exists()


def test_one_click_adds_a_weak_criterion_to_the_action_plan(
    client, tenant, make_person, weak, in_scope, fake_action_plan
):
    manager = make_person(tenant, Role.MANAGER)
    client.force_login(manager)
    results = reverse("diagnostic_results", kwargs={"tenant_slug": tenant.slug, "pk": weak.pk})
    with in_scope(tenant):
        criterion = weak.version.criteria.order_by("order").first()
    action_url = reverse(
        "diagnostic_action",
        kwargs={"tenant_slug": tenant.slug, "pk": weak.pk, "criterion_pk": criterion.pk},
    )
    assert action_url in client.get(results).content.decode()
    response = client.post(action_url)
    assert response.status_code == 302
    assert len(fake_action_plan) == 1
    assert fake_action_plan[0]["company"] == weak.company
    assert fake_action_plan[0]["title"] == criterion.title
    assert fake_action_plan[0]["actor"] == manager
    with in_scope(tenant):
        assert AuditEntry.objects.filter(action="diagnostic.action_created").count() == 1


def test_an_unanswered_criterion_can_become_an_action_too(
    client, tenant, make_person, weak, in_scope, fake_action_plan
):
    client.force_login(make_person(tenant, Role.MANAGER))
    with in_scope(tenant):
        unanswered = weak.version.criteria.order_by("order").last()
        assert not weak.answers.filter(criterion=unanswered).exists()
    response = client.post(
        reverse(
            "diagnostic_action",
            kwargs={"tenant_slug": tenant.slug, "pk": weak.pk, "criterion_pk": unanswered.pk},
        )
    )
    assert response.status_code == 302
    assert [action["title"] for action in fake_action_plan] == [unanswered.title]
    with in_scope(tenant):
        weak.refresh_from_db()
        assert weak.is_submitted
        assert weak.answers.get(criterion=unanswered).points is None
