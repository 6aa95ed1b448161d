import pytest
from django.core import mail
from django_scopes import ScopeError, scope

from companies.models import Company
from rse_platform.tenants.models import Invitation, Membership
from rse_platform.tenants.roles import Role
from rse_platform.tenants.tasks import send_invitation
from tests.factories import InvitationFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Membership, Invitation, Company])
def test_it_refuses_queries_outside_a_tenant_scope(model):
    with pytest.raises(ScopeError):
        list(model.objects.all())


def test_it_shows_only_the_scoped_tenants_rows(tenant, other_tenant):
    MembershipFactory(tenant=tenant, role=Role.MANAGER)
    MembershipFactory(tenant=other_tenant, role=Role.MANAGER)
    with scope(tenant=tenant):
        assert {m.tenant_id for m in Membership.objects.all()} == {tenant.pk}


def test_tasks_take_the_tenant_id_and_run_in_its_scope(tenant, other_tenant):
    invitation = InvitationFactory(tenant=tenant, email="alice@example.org")
    send_invitation(tenant.pk, invitation.pk)
    assert mail.outbox[0].to == ["alice@example.org"]
    # The same invitation id asked for in another tenant's scope does not exist there.
    with pytest.raises(Invitation.DoesNotExist):
        send_invitation(other_tenant.pk, invitation.pk)
    assert len(mail.outbox) == 1


def test_management_commands_open_a_scope_per_tenant(demo):
    # seed_demo ran in this process (once per run, see conftest.py) and left no scope open.
    with pytest.raises(ScopeError):
        Company.objects.count()
