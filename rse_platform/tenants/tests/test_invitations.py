from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from rse_platform.mail.models import OutgoingMail
from rse_platform.tenants.models import AuditEntry, Invitation, Membership
from rse_platform.tenants.roles import Role
from tests.factories import InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _invite_url(tenant):
    return reverse("invite", kwargs={"tenant_slug": tenant.slug})


def test_it_invites_someone_by_email(
    client, tenant, make_person, django_capture_on_commit_callbacks
):
    manager = make_person(tenant, Role.MANAGER)
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _invite_url(tenant),
            {"email": "Jury.Member@Example.org", "role": Role.JURY, "first_name": "Anne"},
        )
    assert response.status_code == 302
    with scopes_disabled():
        invitation = Invitation.objects.get()
        assert AuditEntry.objects.filter(action="invitation.sent").count() == 1
    assert invitation.email == "jury.member@example.org"
    assert invitation.role == Role.JURY
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["jury.member@example.org"]
    assert f"/invitations/{invitation.token}/" in mail.outbox[0].body
    assert tenant.name in mail.outbox[0].subject
    [(html, _mimetype)] = mail.outbox[0].alternatives
    assert f'class="button" href="http://testserver/invitations/{invitation.token}/"' in html


def test_it_redisplays_the_form_on_bad_input(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MANAGER))
    response = client.post(_invite_url(tenant), {"email": "not-an-address", "role": "king"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"email", "role"}
    with scopes_disabled():
        assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_it_refuses_to_invite_someone_already_in_the_tenant(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MANAGER))
    make_person(tenant, Role.CONSULTANT, email="known@example.org")
    response = client.post(_invite_url(tenant), {"email": "known@example.org", "role": "jury"})
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    with scopes_disabled():
        assert not Invitation.objects.exists()


def test_it_refuses_a_second_pending_invitation(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MANAGER))
    InvitationFactory(tenant=tenant, email="twice@example.org")
    response = client.post(_invite_url(tenant), {"email": "twice@example.org", "role": "jury"})
    assert response.context["form"].errors["email"]
    with scopes_disabled():
        assert Invitation.objects.count() == 1


@pytest.mark.parametrize("role", [Role.CONSULTANT, Role.JURY, Role.MEMBER])
def test_other_roles_cannot_invite(client, tenant, make_person, role):
    client.force_login(make_person(tenant, role))
    response = client.post(_invite_url(tenant), {"email": "x@example.org", "role": "manager"})
    assert response.status_code == 403
    with scopes_disabled():
        assert not Invitation.objects.exists()


def test_a_new_person_sets_a_password_and_joins(client, tenant):
    invitation = InvitationFactory(tenant=tenant, email="new@example.org", role=Role.JURY)
    url = reverse("accept_invitation", kwargs={"token": invitation.token})
    response = client.post(
        url,
        {
            "first_name": "Anne",
            "last_name": "Delattre",
            "password1": "Une-phrase-longue-9",
            "password2": "Une-phrase-longue-9",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("tenant_home", kwargs={"tenant_slug": tenant.slug})
    user = get_user_model().objects.get(email="new@example.org")
    assert user.check_password("Une-phrase-longue-9")
    assert EmailAddress.objects.get(user=user).verified
    with scopes_disabled():
        assert Membership.objects.get(user=user).role == Role.JURY
        invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert client.get(response.url).status_code == 200  # signed in


def test_it_refuses_mismatched_or_weak_passwords(client, tenant):
    invitation = InvitationFactory(tenant=tenant, email="new@example.org")
    url = reverse("accept_invitation", kwargs={"token": invitation.token})
    response = client.post(
        url, {"first_name": "A", "last_name": "B", "password1": "123", "password2": "456"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["password2"]
    response = client.post(
        url, {"first_name": "A", "last_name": "B", "password1": "12345678", "password2": "12345678"}
    )
    assert response.context["form"].errors["password1"]
    assert not get_user_model().objects.filter(email="new@example.org").exists()


def test_an_existing_account_joins_after_signing_in(client, tenant, other_tenant, make_person):
    consultant = make_person(other_tenant, Role.CONSULTANT, email="coach@example.org")
    invitation = InvitationFactory(tenant=tenant, email="coach@example.org", role=Role.CONSULTANT)
    url = reverse("accept_invitation", kwargs={"token": invitation.token})
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    client.force_login(consultant)
    assert client.post(url).status_code == 302
    with scopes_disabled():
        assert set(
            Membership.objects.filter(user=consultant).values_list("tenant__slug", flat=True)
        ) == {
            tenant.slug,
            other_tenant.slug,
        }


def test_an_invitation_cannot_be_used_by_another_account(client, tenant, make_person):
    make_person(tenant, Role.MEMBER, email="owner@example.org")
    intruder = make_person(tenant, Role.MEMBER, email="intruder@example.org")
    invitation = InvitationFactory(tenant=tenant, email="owner@example.org")
    client.force_login(intruder)
    response = client.post(reverse("accept_invitation", kwargs={"token": invitation.token}))
    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


@pytest.mark.parametrize(
    "state",
    [
        {"expires_at": timezone.now() - timedelta(minutes=1)},
        {"revoked_at": timezone.now()},
        {"accepted_at": timezone.now()},
    ],
)
def test_closed_invitations_are_refused(client, tenant, state):
    invitation = InvitationFactory(tenant=tenant, **state)
    response = client.get(reverse("accept_invitation", kwargs={"token": invitation.token}))
    assert response.status_code == 410
    assert not get_user_model().objects.filter(email=invitation.email).exists()


def test_unknown_tokens_are_refused(client, db):
    assert client.get(reverse("accept_invitation", kwargs={"token": "nope"})).status_code == 410


def test_a_manager_withdraws_and_resends(
    client, tenant, make_person, django_capture_on_commit_callbacks
):
    client.force_login(make_person(tenant, Role.MANAGER))
    invitation = InvitationFactory(tenant=tenant)
    kwargs = {"tenant_slug": tenant.slug, "pk": invitation.pk}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("resend_invitation", kwargs=kwargs)).status_code == 302
    assert len(mail.outbox) == 1
    assert client.post(reverse("revoke_invitation", kwargs=kwargs)).status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_each_resend_sends_again_but_a_repeated_task_does_not(
    client, tenant, make_person, django_capture_on_commit_callbacks
):
    from rse_platform.tenants.tasks import send_invitation

    client.force_login(make_person(tenant, Role.MANAGER))
    invitation = InvitationFactory(tenant=tenant)
    url = reverse("resend_invitation", kwargs={"tenant_slug": tenant.slug, "pk": invitation.pk})
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            client.post(url)
        callbacks[-1]()  # the same task delivered twice by the broker
    assert len(mail.outbox) == 2
    send_invitation(tenant.pk, invitation.pk, "", 2)
    assert len(mail.outbox) == 2
    with scopes_disabled():
        keys = set(OutgoingMail.objects.values_list("key", flat=True))
    assert keys == {
        f"tenants.invitation:{invitation.pk}:sent1",
        f"tenants.invitation:{invitation.pk}:sent2",
    }


def test_a_withdrawn_invitation_is_not_sent_nor_retried(client, tenant, make_person, settings):
    from rse_platform.mail import services as mailer
    from rse_platform.tenants.tasks import send_invitation

    client.force_login(make_person(tenant, Role.MANAGER))
    invitation = InvitationFactory(tenant=tenant)
    settings.EMAIL_BACKEND = "rse_platform.mail.tests.test_mail.RefusingBackend"
    send_invitation(tenant.pk, invitation.pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    kwargs = {"tenant_slug": tenant.slug, "pk": invitation.pk}
    assert client.post(reverse("revoke_invitation", kwargs=kwargs)).status_code == 302
    assert mailer.retry_failed(tenant=tenant, now=timezone.now() + timedelta(days=1)) == 0
    send_invitation(tenant.pk, invitation.pk, "", 2)
    assert mail.outbox == []
    with scopes_disabled():
        assert OutgoingMail.objects.get().status == "cancelled"


def test_a_manager_cannot_touch_another_tenants_invitation(
    client, tenant, other_tenant, make_person
):
    client.force_login(make_person(other_tenant, Role.MANAGER))
    invitation = InvitationFactory(tenant=tenant)
    url = reverse(
        "revoke_invitation", kwargs={"tenant_slug": other_tenant.slug, "pk": invitation.pk}
    )
    assert client.post(url).status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_reminders_are_sent_once(tenant):
    from rse_platform.tenants.tasks import send_tenant_reminders

    old = InvitationFactory(tenant=tenant, created_at=timezone.now() - timedelta(days=4))
    InvitationFactory(tenant=tenant)  # too recent for a reminder
    send_tenant_reminders(tenant.pk)
    send_tenant_reminders(tenant.pk)
    assert [message.to for message in mail.outbox] == [[old.email]]
    assert mail.outbox[0].subject.startswith("Rappel")
    assert "Votre invitation vous attend toujours." in mail.outbox[0].body


def test_a_failed_reminder_is_retried_not_lost(tenant, settings):
    from rse_platform.tenants.tasks import send_tenant_reminders

    old = InvitationFactory(tenant=tenant, created_at=timezone.now() - timedelta(days=4))
    settings.EMAIL_BACKEND = "rse_platform.mail.tests.test_mail.RefusingBackend"
    send_tenant_reminders(tenant.pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with scopes_disabled():
        assert OutgoingMail.objects.get().status == "failed"
        OutgoingMail.objects.update(attempted_at=timezone.now() - timedelta(hours=1))
    send_tenant_reminders(tenant.pk)
    assert [message.to for message in mail.outbox] == [[old.email]]


def test_the_last_manager_cannot_be_removed(client, tenant, make_person):
    manager = make_person(tenant, Role.MANAGER)
    client.force_login(manager)
    with scopes_disabled():
        membership = Membership.objects.get(user=manager)
    url = reverse("remove_member", kwargs={"tenant_slug": tenant.slug, "pk": membership.pk})
    client.post(url)
    with scopes_disabled():
        assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_manager_withdraws_a_role(client, tenant, make_person):
    client.force_login(make_person(tenant, Role.MANAGER))
    jury = make_person(tenant, Role.JURY)
    with scopes_disabled():
        membership = Membership.objects.get(user=jury)
    url = reverse("remove_member", kwargs={"tenant_slug": tenant.slug, "pk": membership.pk})
    assert client.post(url).status_code == 302
    with scopes_disabled():
        assert not Membership.objects.filter(user=jury).exists()
        assert AuditEntry.objects.filter(action="member.removed").exists()
    assert UserFactory._meta.model.objects.filter(pk=jury.pk).exists()
